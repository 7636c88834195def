// Every own account with its posted and available balance, currency and status.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { api, allPages } from '../api.js';
import { statusText, balanceTerms, details, loadFailed } from './common.js';

export async function accountsView(main, context) {
  const heading = h('h1', {}, t('accounts.title'));
  main.append(heading);
  context.title(t('accounts.title'), heading);
  let accounts;
  try {
    accounts = await allPages('/api/v1/accounts', 'accounts');
  } catch (e) {
    if (!context.stale()) main.append(loadFailed(e));
    return;
  }
  if (context.stale()) return;
  if (accounts.length === 0) {
    main.append(h('p', {}, t('accounts.none')));
    return;
  }
  main.append(h('ul', { className: 'cards', 'aria-label': t('accounts.listLabel') }, accounts.map((a) => h('li', { className: 'card' },
    h('h2', {}, h('a', { href: `#/accounts/${encodeURIComponent(a.number)}` }, a.name)),
    details([
      [t('account.number'), h('span', { className: 'mono nowrap' }, a.number)],
      ...balanceTerms(a),
      [t('account.currency'), a.currency],
      [t('account.status'), h('span', { className: `status status-${a.status.toLowerCase()}` }, statusText(a.status))],
    ])))));
}
