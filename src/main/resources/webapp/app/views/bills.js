// Bill payments: the customer's payees (pay, delete), the payments still to come and the past
// ones with their status. Deleting a payee asks first, and says that its upcoming payments are
// cancelled with it (the engine does that in the same transaction).

import { h, clear, focus, announce } from '../dom.js';
import { t, money } from '../i18n.js';
import { api, allPages } from '../api.js';
import { busy } from '../forms.js';
import { details, loadFailed, problemText } from './common.js';
import { dateElement, paymentStatusText, occurrenceStatusText, scheduleText, payeeName } from './bills-common.js';

export async function billsView(main, context, flash = null) {
  const heading = h('h1', {}, t('bills.title'));
  main.append(heading);
  context.title(t('bills.title'), heading);
  let payees;
  let payments;
  try {
    [payees, payments] = await Promise.all([allPages('/api/v1/payees', 'payees'), api('GET', '/api/v1/bill-payments?limit=200').then((page) => page.payments || [])]);
  } catch (e) {
    if (!context.stale()) main.append(loadFailed(e));
    return;
  }
  if (context.stale()) return;
  if (flash) main.append(h('p', { className: 'notice notice-success' }, flash));
  main.append(h('p', { className: 'actions' },
    payees.length ? h('a', { className: 'button-link', href: '#/bills/pay' }, t('bills.payABill')) : null,
    h('a', { className: payees.length ? 'button-secondary' : 'button-link', href: '#/bills/payees/new' }, t('bills.addPayee'))));
  main.append(payeesSection(main, context, payees, payments),
    upcomingSection(payees, payments),
    pastSection(payees, payments));
}

function payeesSection(main, context, payees, payments) {
  const id = 'payees-heading';
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id }, t('bills.payees')));
  if (payees.length === 0) {
    section.append(h('p', {}, t('bills.noPayees')));
    return section;
  }
  section.append(h('ul', { className: 'cards', 'aria-labelledby': id }, payees.map((payee) => {
    const upcoming = payments.filter((p) => p.payeeId === payee.id && p.status === 'ACTIVE').length;
    const actions = h('div', { className: 'actions' });
    const showActions = () => {
      clear(actions).append(
        h('a', { className: 'button-link', href: `#/bills/pay?payee=${encodeURIComponent(payee.id)}`,
          'aria-label': t('bills.payPayee', { nickname: payee.nickname }) }, t('bills.pay')),
        h('button', { type: 'button', className: 'secondary', 'aria-label': t('bills.deletePayeeNamed', { nickname: payee.nickname }),
          onclick: confirmDelete }, t('bills.delete')));
    };
    const confirmDelete = () => {
      const question = h('p', { className: 'confirm-text' }, t(upcoming ? 'bills.deleteConfirmUpcoming' : 'bills.deleteConfirm',
        { nickname: payee.nickname, count: upcoming }));
      const form = h('form', { className: 'stack' });
      const problem = h('div', { role: 'alert', className: 'alert-slot' });
      const keep = h('button', { type: 'button', className: 'secondary', onclick: () => { showActions(); actions.querySelector('button').focus(); } },
        t('bills.keepPayee'));
      form.append(problem, h('div', { className: 'actions' }, h('button', { type: 'submit', className: 'danger' }, t('bills.deleteYes')), keep));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        await busy(form, async () => {
          try {
            const done = await api('DELETE', `/api/v1/payees/${encodeURIComponent(payee.id)}`);
            const cancelled = (done.cancelledPayments || []).length;
            const text = t(cancelled ? 'bills.deletedWithPayments' : 'bills.deleted', { nickname: payee.nickname, count: cancelled });
            announce(text);
            billsView(clear(main), context, text);
          } catch (e) {
            clear(problem).append(h('p', {}, e.status === 404 ? t('bills.payeeGone') : problemText(e)));
            focus(problem);
          }
        });
      });
      clear(actions).append(h('div', { className: 'confirm' }, question, form));
      focus(question);
    };
    showActions();
    return h('li', { className: 'card' },
      h('h3', {}, payee.nickname),
      details([
        [t('bills.biller'), payee.billerName],
        [t('bills.reference'), h('span', { className: 'mono' }, payee.reference)],
      ]),
      actions);
  })));
  return section;
}

function upcomingSection(payees, payments) {
  const id = 'upcoming-heading';
  const active = payments.filter((p) => p.status === 'ACTIVE')
    .sort((a, b) => (a.nextDueDate || '').localeCompare(b.nextDueDate || ''));
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id }, t('bills.upcoming')));
  if (active.length === 0) {
    section.append(h('p', {}, t('bills.noUpcoming')));
    return section;
  }
  section.append(table(id, [t('bills.nextDate'), t('bills.payee'), t('bills.amount'), t('bills.howOften'), t('bills.status')],
    active.map((p) => [
      dateElement(p.nextDueDate),
      h('a', { href: `#/bills/payments/${encodeURIComponent(p.id)}` }, payeeName(payees, p.payeeId)),
      money(p.amount, p.currency),
      scheduleText(p),
      paymentStatusText(p.status),
    ])));
  return section;
}

/** What has happened: each occurrence that ran (paid, failed, in progress) and each cancelled payment. */
function pastSection(payees, payments) {
  const id = 'past-heading';
  const rows = [];
  for (const p of payments) {
    for (const o of p.history || []) {
      rows.push({ date: o.dueDate, payment: p, amount: o.amount, status: occurrenceStatusText(o.status), reason: o.failureReason });
    }
    if (p.status === 'CANCELLED') {
      rows.push({ date: p.startDate, payment: p, amount: p.amount, status: paymentStatusText(p.status) });
    }
  }
  rows.sort((a, b) => b.date.localeCompare(a.date));
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id }, t('bills.past')));
  if (rows.length === 0) {
    section.append(h('p', {}, t('bills.noPast')));
    return section;
  }
  section.append(table(id, [t('bills.date'), t('bills.payee'), t('bills.amount'), t('bills.status')],
    rows.map((r) => [
      dateElement(r.date),
      h('a', { href: `#/bills/payments/${encodeURIComponent(r.payment.id)}` }, payeeName(payees, r.payment.payeeId)),
      money(r.amount, r.payment.currency),
      r.reason ? [r.status, h('span', { className: 'hint block' }, r.reason)] : r.status,
    ])));
  return section;
}

/** A table that becomes label/value blocks on a narrow screen (the history table's style). */
export function table(labelledBy, headings, rows) {
  return h('table', { className: 'history', 'aria-labelledby': labelledBy },
    h('thead', {}, h('tr', {}, headings.map((text) => h('th', { scope: 'col' }, text)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => h('td', { 'data-label': headings[i] }, cell))))));
}
