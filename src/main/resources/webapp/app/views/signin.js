// Sign in: password first, then a TOTP code or a recovery code. Refusals never say which part
// was wrong (the API does not say either); throttling says when to try again.

import { h, clear } from '../dom.js';
import { t, inTime } from '../i18n.js';
import { api, ApiProblem } from '../api.js';
import { field, errorSummary, notice, busy } from '../forms.js';
import { begin } from '../session.js';
import { secondFactorFields } from './second-factor.js';

const REASONS = ['idle', 'absolute', 'ended', 'signed-out', 'everywhere', 'password-changed'];

export function signInView(main, context) {
  const reason = context.params.get('reason');
  passwordStep(main, context, REASONS.includes(reason) ? t(`signin.reason.${reason}`) : null);
}

function passwordStep(main, context, reasonText) {
  clear(main);
  const heading = h('h1', {}, t('signin.title'));
  const summary = errorSummary();
  const username = field({ label: t('signin.username'), name: 'username', autocomplete: 'username', spellcheck: false, autocapitalize: 'none' });
  const password = field({ label: t('signin.password'), name: 'password', type: 'password', autocomplete: 'current-password' });
  const form = h('form', { className: 'stack', noValidate: true },
    summary.box, username.row, password.row,
    h('button', { type: 'submit', className: 'primary' }, t('signin.continue')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = [];
    username.setError(username.input.value.trim() ? null : t('signin.usernameRequired'));
    password.setError(password.input.value ? null : t('signin.passwordRequired'));
    if (!username.input.value.trim()) missing.push({ text: t('signin.usernameRequired'), input: username.input });
    if (!password.input.value) missing.push({ text: t('signin.passwordRequired'), input: password.input });
    summary.show(missing);
    if (missing.length) return;
    await busy(form, async () => {
      try {
        const challenge = await api('POST', '/api/v1/auth/login',
          { body: { username: username.input.value.trim(), password: password.input.value } });
        codeStep(main, context, challenge);
      } catch (e) {
        summary.show([{ text: refusal(e, 'signin.refused') }]);
      }
    });
  });
  main.append(heading,
    reasonText ? notice(reasonText) : null,
    // the session cookies are Secure: browsers keep them only over HTTPS or on this computer (127.0.0.1, localhost)
    window.isSecureContext ? null : h('p', { className: 'notice notice-error', role: 'alert' }, t('signin.insecure')),
    form,
    h('p', { className: 'aside' }, t('signin.firstTime'), ' ', h('a', { href: '#/enroll' }, t('signin.enrollLink'))));
  context.title(t('signin.title'), heading);
}

function codeStep(main, context, challenge) {
  clear(main);
  const heading = h('h1', {}, t('signin.codeTitle'));
  const summary = errorSummary();
  const factor = secondFactorFields({
    code: { label: t('signin.code'), name: 'code', hint: t('signin.codeHint'), spellcheck: false },
    recoveryName: 'recoveryCode',
  });
  const form = h('form', { className: 'stack', noValidate: true },
    summary.box, factor.code.row, factor.recovery.row, factor.toggle,
    h('div', { className: 'actions' },
      h('button', { type: 'submit', className: 'primary' }, t('signin.submit')),
      h('button', { type: 'button', className: 'secondary', onclick: () => passwordStep(main, context, null) }, t('signin.startAgain'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!factor.check(summary)) return;
    const active = factor.active();
    await busy(form, async () => {
      try {
        const body = { challengeId: challenge.challengeId, ...factor.proof() };
        const session = await api('POST', '/api/v1/auth/second-factor', { body, cookieMode: true });
        begin(session);
        location.hash = '#/accounts';
      } catch (e) {
        active.setError(null);
        active.input.value = '';
        summary.show([{ text: refusal(e, 'signin.codeRefused'), input: active.input }]);
      }
    });
  });
  main.append(heading, h('p', {}, t('signin.codeIntro')), form);
  context.title(t('signin.codeTitle'), heading);
}

/** The customer's text for a refused step: throttled, unavailable, or the one non-revealing answer. */
function refusal(error, refusedKey) {
  if (!(error instanceof ApiProblem)) return t('error.unexpected');
  if (error.status === 429) return t('signin.throttled', { when: inTime(error.retryAfterSeconds || 60) });
  if (error.status === 0) return t('error.network');
  if (error.status >= 500) return t('error.unavailable');
  return t(refusedKey);
}
