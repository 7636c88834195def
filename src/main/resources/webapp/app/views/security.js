// Security settings: change the password (needs the current one and a second factor; the API
// ends the customer's other sessions) and sign out everywhere.

import { h, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { field, errorSummary, notice, busy } from '../forms.js';
import { end } from '../session.js';
import { problemText } from './common.js';
import { passwordRules } from './password-rules.js';

export function securityView(main, context) {
  const heading = h('h1', {}, t('security.title'));
  main.append(heading, passwordSection(), everywhereSection());
  context.title(t('security.title'), heading);
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
