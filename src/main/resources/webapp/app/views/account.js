// One own account and its history, newest first, paged by keyset ("older" asks for the lines
// before the last one shown). Another customer's account answers 404 like a missing one.

import { h, announce, focus } from '../dom.js';
import { t, money, dateTime } from '../i18n.js';
import { api } from '../api.js';
import { statusText, balanceTerms, details, loadFailed } from './common.js';

const PAGE_SIZE = 20;

export async function accountView(main, context) {
  const [number] = context.args;
  const path = `/api/v1/accounts/${encodeURIComponent(number)}`;
  let account;
  try {
    account = await api('GET', path);
  } catch (e) {
    if (context.stale()) return;
    const notFound = e.status === 404 || e.status === 400;
    const heading = h('h1', {}, t(notFound ? 'account.notFoundTitle' : 'account.title'));
    main.append(heading, notFound ? h('p', { role: 'alert' }, t('account.notFound', { number })) : loadFailed(e),
      h('p', {}, h('a', { href: '#/accounts' }, t('account.back'))));
    context.title(heading.textContent, heading);
    return;
  }
  if (context.stale()) return;
  const heading = h('h1', {}, account.name);
  main.append(heading,
    details([
      [t('account.number'), h('span', { className: 'mono nowrap' }, account.number)],
      ...balanceTerms(account),
      [t('account.currency'), account.currency],
      [t('account.status'), statusText(account.status)],
    ]),
    account.status === 'ACTIVE'
      ? h('p', {}, h('a', { className: 'button-link', href: `#/transfer?from=${encodeURIComponent(account.number)}` }, t('account.transferFrom')))
      : null);
  context.title(account.name, heading);
  main.append(statement(path, account));
  await history(main, context, path, account);
}

// "Download statement": a month (UTC, the engine's statement months) and links to its PDF and
// CSV; the engine answers them as attachments, so the browser saves the file.
function statement(path, account) {
  const titleId = 'statement-title';
  const now = new Date();
  const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const hintId = 'statement-month-hint';
  const month = h('input', { type: 'month', id: 'statement-month', name: 'month', value: current, max: current,
    required: true, 'aria-describedby': hintId });
  const pdf = h('a', { className: 'button-link' }, t('statement.pdf'));
  const csv = h('a', { className: 'button-link secondary-link' }, t('statement.csv'));
  const update = () => {
    const valid = /^\d{4}-\d{2}$/.test(month.value);
    for (const [link, format] of [[pdf, 'pdf'], [csv, 'csv']]) {
      if (valid) {
        link.href = `${path}/statements/${month.value}.${format}`;
        link.setAttribute('download', `statement-${account.number}-${month.value}.${format}`);
        link.removeAttribute('aria-disabled');
      } else {
        link.removeAttribute('href');
        link.setAttribute('aria-disabled', 'true');
      }
    }
  };
  month.addEventListener('input', update);
  month.addEventListener('change', update);
  update();
  return h('section', { className: 'statement', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, t('statement.title')),
    h('div', { className: 'field' },
      h('label', { for: 'statement-month' }, t('statement.month')),
      h('p', { className: 'hint', id: hintId }, t('statement.monthHint')),
      month),
    h('p', { className: 'statement-links' }, pdf, ' ', csv));
}

async function history(main, context, path, account) {
  const captionId = 'history-caption';
  const body = h('tbody');
  const table = h('table', { className: 'history', 'aria-labelledby': captionId },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, t('history.date')),
      h('th', { scope: 'col' }, t('history.direction')),
      h('th', { scope: 'col', className: 'num' }, t('history.amount')),
      h('th', { scope: 'col', className: 'num' }, t('history.balanceAfter')))),
    body);
  const older = h('button', { type: 'button', className: 'secondary', hidden: true }, t('history.older'));
  const status = h('p', { className: 'hint', role: 'status' });
  main.append(h('section', { 'aria-labelledby': captionId },
    h('h2', { id: captionId }, t('history.title')), table, status, older));
  let before = null;
  const load = async (focusFirstNew) => {
    older.disabled = true;
    let page;
    try {
      page = await api('GET', `${path}/history?limit=${PAGE_SIZE}${before === null ? '' : `&before=${before}`}`);
    } catch (e) {
      if (!context.stale()) main.append(loadFailed(e));
      return;
    } finally {
      older.disabled = false;
    }
    if (context.stale()) return;
    // the API leaves out empty lists
    const rows = (page.lines || []).map((line) => row(line, account));
    body.append(...rows);
    before = page.nextBefore;
    older.hidden = before === null || before === undefined;
    if (body.children.length === 0) status.textContent = t('history.none');
    else if (focusFirstNew) {
      announce(t('history.loaded', { count: rows.length }));
      if (rows.length) focus(rows[0].querySelector('td'));
    }
  };
  older.addEventListener('click', () => load(true));
  await load(false);
}

function row(line, account) {
  const out = line.direction === 'OUT';
  return h('tr', {},
    h('td', { 'data-label': t('history.date') }, h('time', { dateTime: line.at }, dateTime(line.at))),
    h('td', { 'data-label': t('history.direction') }, t(out ? 'history.out' : 'history.in')),
    h('td', { className: `num ${out ? 'out' : 'in'}`, 'data-label': t('history.amount') },
      money(out ? `-${line.amount}` : line.amount, line.currency || account.currency, { signed: true })),
    h('td', { className: 'num', 'data-label': t('history.balanceAfter') }, money(line.balanceAfter, line.currency || account.currency)));
}
