// The second-factor fields shared by sign-in and the security settings: a TOTP code field, a
// recovery-code field in a hidden row, and a button that switches between them and focuses the
// one shown; check() validates whichever is active (6 to 8 digits, or a non-empty recovery code).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field } from '../forms.js';

/**
 * code: the code field's {label, name, hint, ...} (autocomplete, inputmode and maxLength are set here);
 * recoveryName: the recovery-code field's name. Returns {code, recovery, toggle, active(), check(summary), proof()}.
 */
export function secondFactorFields({ code: codeOptions, recoveryName }) {
  let useRecovery = false;
  const code = field({ autocomplete: 'one-time-code', inputmode: 'numeric', maxLength: 8, ...codeOptions });
  const recovery = field({
    label: t('signin.recoveryCode'), name: recoveryName, hint: t('signin.recoveryHint'), autocomplete: 'off', spellcheck: false,
    autocapitalize: 'none',
  });
  recovery.row.hidden = true;
  const toggle = h('button', { type: 'button', className: 'link' }, t('signin.useRecovery'));
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery;
    code.row.hidden = useRecovery;
    recovery.row.hidden = !useRecovery;
    toggle.textContent = t(useRecovery ? 'signin.useCode' : 'signin.useRecovery');
    (useRecovery ? recovery : code).input.focus();
  });
  const active = () => (useRecovery ? recovery : code);
  return {
    code, recovery, toggle, active,
    /** Marks the active field; when it is wrong, fills the summary and returns false. */
    check(summary) {
      const value = active().input.value.replace(/\s/g, '');
      const invalid = useRecovery ? !value : !/^\d{6,8}$/.test(value);
      const text = t(useRecovery ? 'signin.recoveryRequired' : 'signin.codeFormat');
      active().setError(invalid ? text : null);
      if (invalid) summary.show([{ text, input: active().input }]);
      return !invalid;
    },
    /** The request body part: {code} or {recoveryCode}, trimmed. */
    proof() {
      return { [useRecovery ? 'recoveryCode' : 'code']: active().input.value.trim() };
    },
  };
}
