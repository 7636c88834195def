// First-time enrollment with the token an administrator handed out: choose a password (rules
// shown as you type), add the TOTP secret to an authenticator app (QR code or typed secret),
// confirm with a code, then see the recovery codes once (copy, download, print) and confirm
// they were saved before signing in.

import { h, clear, focus } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { field, errorSummary, busy } from '../forms.js';
import { problemText } from './common.js';
import { passwordRules } from './password-rules.js';
import { confirmSecret, recoveryCodesPanel } from './totp-setup.js';

export function enrollView(main, context) {
  passwordStep(main, context, context.params.get('token') || '');
}

function passwordStep(main, context, tokenValue) {
  clear(main);
  const heading = h('h1', {}, t('enroll.title'));
  const summary = errorSummary();
  const token = field({ label: t('enroll.token'), name: 'enrollmentToken', hint: t('enroll.tokenHint'), value: tokenValue, autocomplete: 'off', spellcheck: false });
  const password = field({ label: t('enroll.password'), name: 'password', type: 'password', autocomplete: 'new-password' });
  const rules = passwordRules(password.input);
  password.row.append(rules.element);
  const repeat = field({ label: t('enroll.repeat'), name: 'repeat', type: 'password', autocomplete: 'new-password' });
  const form = h('form', { className: 'stack', noValidate: true }, summary.box, token.row, password.row, repeat.row,
    h('button', { type: 'submit', className: 'primary' }, t('enroll.continue')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [];
    const check = (f, ok, key) => { f.setError(ok ? null : t(key)); if (!ok) errors.push({ text: t(key), input: f.input }); };
    check(token, token.input.value.trim() !== '', 'enroll.tokenRequired');
    check(password, rules.satisfied(), 'security.newPasswordRules');
    check(repeat, repeat.input.value === password.input.value, 'enroll.repeatMismatch');
    summary.show(errors);
    if (errors.length) return;
    await busy(form, async () => {
      try {
        const setup = await api('POST', '/api/v1/auth/enrollment',
          { body: { enrollmentToken: token.input.value.trim(), password: password.input.value } });
        secretStep(main, context, token.input.value.trim(), setup);
      } catch (e) {
        const text = e.code === 'weak_password' ? t('enroll.weak') : e.status === 401 ? t('error.enrollment_token_invalid') : problemText(e);
        const input = e.code === 'weak_password' ? password.input : token.input;
        summary.show([{ text, input }]);
      }
    });
  });
  main.append(heading, h('p', {}, t('enroll.intro')), form);
  context.title(t('enroll.title'), heading);
}

function secretStep(main, context, enrollmentToken, setup) {
  clear(main);
  const heading = h('h1', {}, t('enroll.secretTitle'));
  main.append(heading, ...confirmSecret(setup, {
    confirm: (code) => api('POST', '/api/v1/auth/enrollment/confirm', { body: { enrollmentToken, code } }),
    onConfirmed: (answer) => codesStep(main, context, answer.recoveryCodes),
  }));
  context.title(t('enroll.secretTitle'), heading);
}

function codesStep(main, context, codes) {
  clear(main);
  const heading = h('h1', {}, t('enroll.codesTitle'));
  main.append(heading, ...recoveryCodesPanel(codes, {
    doneLabel: t('enroll.toSignIn'),
    onDone: () => { location.hash = '#/sign-in'; },
  }));
  context.title(t('enroll.codesTitle'), heading);
  focus(heading);
}
