// The password rules shown as the customer types (the engine's PasswordPolicy: 12 to 128
// characters, not a common password, not containing the username; no composition rules).
// The engine checks again; whether a password is a common one is only known there.

import { h } from '../dom.js';
import { t } from '../i18n.js';

const LENGTH_MIN = 12;
const LENGTH_MAX = 128;

/** Rules beside a new-password input; username() gives the username when the page knows it. */
export function passwordRules(input, username = null) {
  const rule = (text) => {
    const state = h('span', { className: 'visually-hidden' });
    return { item: h('li', {}, state, text), state };
  };
  const length = rule(t('password.rule.length', { min: LENGTH_MIN, max: LENGTH_MAX }));
  const name = rule(t('password.rule.username'));
  const common = rule(t('password.rule.common'));
  const element = h('ul', { className: 'rules', 'aria-label': t('password.rules') }, length.item, name.item, common.item);
  const count = () => [...input.value].length;
  const okLength = () => count() >= LENGTH_MIN && count() <= LENGTH_MAX;
  const okUsername = () => {
    const known = username ? username().trim().toLowerCase() : '';
    return known.length < 3 || !input.value.toLowerCase().includes(known);
  };
  const update = () => {
    mark(length, okLength());
    if (username) mark(name, okUsername());
  };
  input.addEventListener('input', update);
  update();
  return { element, satisfied: () => okLength() && okUsername() };
}

function mark(rule, ok) {
  rule.item.classList.toggle('rule-ok', ok);
  rule.item.classList.toggle('rule-open', !ok);
  rule.state.textContent = `${t(ok ? 'password.met' : 'password.notMet')}: `;
}
