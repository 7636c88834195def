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
  const summary = errorSummary();
  const code = field({ label: t('signin.code'), name: 'code', hint: t('enroll.codeHint'), inputmode: 'numeric', autocomplete: 'one-time-code', maxLength: 8 });
  const form = h('form', { className: 'stack', noValidate: true }, summary.box, code.row,
    h('button', { type: 'submit', className: 'primary' }, t('enroll.confirm')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = /^\d{6,8}$/.test(code.input.value.trim());
    code.setError(ok ? null : t('signin.codeFormat'));
    summary.show(ok ? [] : [{ text: t('signin.codeFormat'), input: code.input }]);
    if (!ok) return;
    await busy(form, async () => {
      try {
        const answer = await api('POST', '/api/v1/auth/enrollment/confirm', { body: { enrollmentToken, code: code.input.value.trim() } });
        codesStep(main, context, answer.recoveryCodes);
      } catch (e) {
        code.input.value = '';
        summary.show([{ text: e.status === 401 || e.status === 400 ? t('enroll.codeRefused') : problemText(e), input: code.input }]);
      }
    });
  });
  main.append(heading,
    h('ol', { className: 'steps' },
      h('li', {}, t('enroll.scan'),
        h('img', { className: 'qr', src: `data:image/png;base64,${setup.qrPngBase64}`, alt: t('enroll.qrAlt'), width: 200, height: 200 })),
      h('li', {}, t('enroll.orType'), ' ', h('code', { className: 'secret' }, setup.secretBase32.replace(/(.{4})/g, '$1 ').trim())),
      h('li', {}, t('enroll.enterCode'))),
    form);
  context.title(t('enroll.secretTitle'), heading);
}

function codesStep(main, context, codes) {
  clear(main);
  const heading = h('h1', {}, t('enroll.codesTitle'));
  const status = h('p', { role: 'status', className: 'hint' });
  const text = `${t('enroll.codesFileHeader')}\n\n${codes.join('\n')}\n`;
  const copy = h('button', { type: 'button', className: 'secondary' }, t('enroll.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      status.textContent = t('enroll.copied');
    } catch (e) {
      status.textContent = t('enroll.copyFailed');
    }
  });
  const download = h('button', { type: 'button', className: 'secondary' }, t('enroll.download'));
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = h('a', { href: url, download: 'corebank-recovery-codes.txt', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    status.textContent = t('enroll.downloaded');
  });
  const print = h('button', { type: 'button', className: 'secondary', onclick: () => window.print() }, t('enroll.print'));
  const saved = h('input', { type: 'checkbox', id: 'codes-saved' });
  const next = h('button', { type: 'button', className: 'primary', disabled: true }, t('enroll.toSignIn'));
  saved.addEventListener('change', () => { next.disabled = !saved.checked; });
  next.addEventListener('click', () => { location.hash = '#/sign-in'; });
  main.append(heading,
    h('p', {}, t('enroll.codesIntro')),
    h('ul', { className: 'codes', 'aria-label': t('enroll.codesTitle') }, codes.map((c) => h('li', {}, h('code', {}, c)))),
    h('div', { className: 'actions no-print' }, copy, download, print),
    status,
    h('div', { className: 'checkbox no-print' }, saved, h('label', { for: 'codes-saved' }, t('enroll.saved'))),
    h('p', { className: 'no-print' }, next));
  context.title(t('enroll.codesTitle'), heading);
  focus(heading);
}
