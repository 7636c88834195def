// Security settings: the previous sign-in and the failed attempts since, change the password
// (needs the current one and a second factor; the API ends the customer's other sessions),
// replace the authenticator app (new secret and new recovery codes) and sign out everywhere.

import { h, clear, focus } from '../dom.js';
import { t, locale, dateTime } from '../i18n.js';
import { api } from '../api.js';
import { field, errorSummary, notice, busy } from '../forms.js';
import { end } from '../session.js';
import { problemText, details, loadFailed } from './common.js';
import { passwordRules } from './password-rules.js';
import { confirmSecret, recoveryCodesPanel } from './totp-setup.js';
import { secondFactorFields } from './second-factor.js';

export async function securityView(main, context) {
  const heading = h('h1', {}, t('security.title'));
  let activity;
  try {
    activity = activitySection(await api('GET', '/api/v1/auth/me/security'));
  } catch (e) {
    activity = loadFailed(e);
  }
  if (context.stale()) return;
  main.append(heading, activity, passwordSection(), authenticatorSection(main, context), everywhereSection());
  context.title(t('security.title'), heading);
}

/** The previous successful sign-in (before this session) and the failed attempts since it. */
function activitySection(summary) {
  const count = new Intl.NumberFormat(locale).format(summary.failedAttemptsSince);
  const pairs = [];
  if (summary.previousLoginAt) {
    const where = [t(`security.channel.${summary.previousChannel === 'web' ? 'web' : 'api'}`)];
    if (summary.previousClientAddress) where.push(t('security.fromAddress', { address: summary.previousClientAddress }));
    pairs.push([t('security.previousLogin'),
      [h('time', { dateTime: summary.previousLoginAt }, dateTime(summary.previousLoginAt)), ` (${where.join(', ')})`]]);
    pairs.push([t('security.failedSince'), count]);
  } else {
    pairs.push([t('security.previousLogin'), t('security.firstLogin')]);
    pairs.push([t('security.failedBefore'), count]);
  }
  const section = h('section', { 'aria-labelledby': 'activity-heading' },
    h('h2', { id: 'activity-heading' }, t('security.activityTitle')), details(pairs));
  if (summary.failedAttemptsSince > 0) section.append(h('p', { className: 'hint' }, t('security.failedAdvice')));
  return section;
}

/** Replace the authenticator app: prove the current second factor, then set up the new secret. */
function authenticatorSection(main, context) {
  const summary = errorSummary();
  const factor = secondFactorFields({
    code: { label: t('security.currentCode'), name: 'reenrollCode', hint: t('enroll.codeHint') },
    recoveryName: 'reenrollRecoveryCode',
  });
  const form = h('form', { className: 'stack', noValidate: true }, summary.box, factor.code.row, factor.recovery.row, factor.toggle,
    h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'primary' }, t('security.reenroll'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!factor.check(summary)) return;
    summary.show([]);
    const active = factor.active();
    await busy(form, async () => {
      let setup;
      try {
        setup = await api('POST', '/api/v1/auth/mfa/re-enrollment', { body: factor.proof() });
      } catch (e) {
        active.input.value = '';
        summary.show([{ text: e.status === 401 || e.status === 400 ? t('security.proofRefused') : problemText(e), input: active.input }]);
        return;
      }
      newSecretStep(main, context, setup);
    });
  });
  return h('section', { 'aria-labelledby': 'authenticator-heading' },
    h('h2', { id: 'authenticator-heading' }, t('security.authenticatorTitle')),
    h('p', {}, t('security.authenticatorText')), form);
}

function newSecretStep(main, context, setup) {
  clear(main);
  const heading = h('h1', {}, t('security.newSecretTitle'));
  main.append(heading, ...confirmSecret(setup, {
    confirm: (code) => api('POST', '/api/v1/auth/mfa/re-enrollment/confirm', { body: { code } }),
    onConfirmed: (answer) => newCodesStep(main, context, answer.recoveryCodes),
  }));
  context.title(t('security.newSecretTitle'), heading);
}

function newCodesStep(main, context, codes) {
  clear(main);
  const heading = h('h1', {}, t('security.newCodesTitle'));
  main.append(heading, notice(t('security.reenrolled'), 'success'),
    ...recoveryCodesPanel(codes, {
      doneLabel: t('security.backToSecurity'),
      onDone: () => { clear(main); securityView(main, context); },
    }));
  context.title(t('security.newCodesTitle'), heading);
  focus(heading);
}

function passwordSection() {
  const summary = errorSummary();
  const status = h('div', { className: 'alert-slot' });
  const current = field({ label: t('security.currentPassword'), name: 'currentPassword', type: 'password', autocomplete: 'current-password' });
  const next = field({ label: t('security.newPassword'), name: 'newPassword', type: 'password', autocomplete: 'new-password' });
  const rules = passwordRules(next.input);
  next.row.append(rules.element);
  const code = field({ label: t('signin.code'), name: 'code', hint: t('signin.codeHint'), inputmode: 'numeric', autocomplete: 'one-time-code', maxLength: 8 });
  const form = h('form', { className: 'stack', noValidate: true },
    summary.box, status, current.row, next.row, code.row,
    h('button', { type: 'submit', className: 'primary' }, t('security.changePassword')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(status);
    const errors = [];
    const check = (f, ok, key) => { f.setError(ok ? null : t(key)); if (!ok) errors.push({ text: t(key), input: f.input }); };
    check(current, current.input.value !== '', 'security.currentRequired');
    check(next, rules.satisfied(), 'security.newPasswordRules');
    check(code, /^\d{6,8}$/.test(code.input.value.trim()), 'signin.codeFormat');
    summary.show(errors);
    if (errors.length) return;
    await busy(form, async () => {
      try {
        await api('POST', '/api/v1/auth/password', {
          body: { currentPassword: current.input.value, newPassword: next.input.value, code: code.input.value.trim() },
        });
        form.reset();
        status.append(notice(t('security.passwordChanged'), 'success'));
      } catch (e) {
        const text = e.status === 401 ? t('security.passwordRefused') : e.code === 'weak_password' ? t('security.newPasswordRules') : problemText(e);
        summary.show([{ text }]);
      }
    });
  });
  return h('section', { 'aria-labelledby': 'password-heading' },
    h('h2', { id: 'password-heading' }, t('security.passwordTitle')), form);
}

function everywhereSection() {
  const button = h('button', { type: 'button', className: 'secondary' }, t('security.everywhere'));
  const status = h('div', { className: 'alert-slot', role: 'alert' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', '/api/v1/auth/logout-everywhere');
      end('everywhere', { callServer: false });
    } catch (e) {
      button.disabled = false;
      status.textContent = problemText(e);
    }
  });
  return h('section', { 'aria-labelledby': 'everywhere-heading' },
    h('h2', { id: 'everywhere-heading' }, t('security.everywhereTitle')),
    h('p', {}, t('security.everywhereText')), status, button);
}
