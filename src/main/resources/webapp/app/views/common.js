// Pieces several screens share.

import { h } from '../dom.js';
import { t, has, money } from '../i18n.js';
import { ApiProblem } from '../api.js';

export function statusText(status) {
  return has(`account.status.${status}`) ? t(`account.status.${status}`) : status;
}

export function balanceTerms(account) {
  return [
    [t('account.balance'), money(account.balance, account.currency)],
    [t('account.available'), money(account.available, account.currency)],
  ];
}

/** A description list of [term, description] pairs. */
export function details(pairs, className = 'details') {
  return h('dl', { className }, pairs.map(([term, description]) => [h('dt', {}, term), h('dd', {}, description)]));
}

/** The text of an API refusal: its code's message if the bundle has one, else a general one. */
export function problemText(error) {
  if (!(error instanceof ApiProblem)) return t('error.unexpected');
  if (error.status === 0) return t('error.network');
  if (has(`error.${error.code}`)) return t(`error.${error.code}`);
  if (error.status >= 500) return t('error.unavailable');
  return t('error.unexpected');
}

/** A screen's failure to load, announced. */
export function loadFailed(error) {
  return h('p', { className: 'notice notice-error', role: 'alert' }, problemText(error));
}
