// One bill payment: its terms, status and every date it has run with the outcome. While it is
// still to come, the amount and note of the payments ahead can be changed, or it can be
// cancelled (after a confirmation). Another customer's payment answers 404 like a missing one.

import { h, clear, focus, announce } from '../dom.js';
import { t, money, parseAmount, formatAmountInput } from '../i18n.js';
import { api, allPages } from '../api.js';
import { field, errorSummary, busy } from '../forms.js';
import { details, loadFailed, problemText } from './common.js';
import { dateElement, paymentStatusText, occurrenceStatusText, scheduleText, payeeName } from './bills-common.js';
import { table } from './bills.js';

export async function billPaymentView(main, context, flash = null) {
  const [id] = context.args;
  let payment;
  let payees;
  try {
    [payment, payees] = await Promise.all([api('GET', `/api/v1/bill-payments/${encodeURIComponent(id)}`), allPages('/api/v1/payees', 'payees')]);
  } catch (e) {
    if (context.stale()) return;
    const notFound = e.status === 404 || e.status === 400;
    const heading = h('h1', {}, t(notFound ? 'payment.notFoundTitle' : 'payment.title'));
    main.append(heading, notFound ? h('p', { role: 'alert' }, t('payment.notFound')) : loadFailed(e),
      h('p', {}, h('a', { href: '#/bills' }, t('bills.back'))));
    context.title(heading.textContent, heading);
    return;
  }
  if (context.stale()) return;
  const name = payeeName(payees, payment.payeeId);
  const heading = h('h1', {}, t('payment.titleTo', { nickname: name }));
  main.append(heading);
  if (flash) main.append(h('p', { className: 'notice notice-success' }, flash));
  const payee = payees.find((p) => p.id === payment.payeeId);
  main.append(details([
    [t('bills.status'), h('span', { className: `status status-${payment.status.toLowerCase()}` }, paymentStatusText(payment.status))],
    [t('bills.payee'), payee ? t('payment.payeeAt', { nickname: payee.nickname, biller: payee.billerName, reference: payee.reference }) : name],
    [t('pay.from'), h('span', { className: 'mono nowrap' }, payment.fromAccount)],
    [t('bills.amount'), money(payment.amount, payment.currency)],
    [t('bills.howOften'), scheduleText(payment)],
    [t(payment.frequency === 'ONCE' ? 'pay.date' : 'pay.firstDate'), dateElement(payment.startDate)],
    payment.nextDueDate ? [t('bills.nextDate'), dateElement(payment.nextDueDate)] : null,
    [t('pay.memoPlain'), payment.memo || t('transfer.noReference')],
  ].filter(Boolean)));
  context.title(heading.textContent, heading);
  main.append(historySection(payment));
  if (payment.status === 'ACTIVE') {
    main.append(editSection(main, context, payment), cancelSection(main, context, payment));
  }
  main.append(h('p', { className: 'aside' }, h('a', { href: '#/bills' }, t('bills.back'))));
}

function historySection(payment) {
  const id = 'runs-heading';
  const section = h('section', { 'aria-labelledby': id }, h('h2', { id }, t('payment.history')));
  const runs = payment.history || [];
  if (runs.length === 0) {
    section.append(h('p', {}, t('payment.noRuns')));
    return section;
  }
  section.append(table(id, [t('bills.date'), t('bills.amount'), t('bills.status')], runs.map((o) => [
    dateElement(o.dueDate),
    money(o.amount, payment.currency),
    o.failureReason ? [occurrenceStatusText(o.status), h('span', { className: 'hint block' }, o.failureReason)] : occurrenceStatusText(o.status),
  ])));
  return section;
}

function rerender(main, context, flash) {
  announce(flash);
  billPaymentView(clear(main), context, flash);
}

function editSection(main, context, payment) {
  const id = 'edit-heading';
  const summary = errorSummary();
  const amount = field({ label: t('transfer.amount', { currency: payment.currency }), name: 'amount', inputmode: 'decimal', autocomplete: 'off',
    value: formatAmountInput(payment.amount, payment.currency) });
  const memo = field({ label: t('pay.memo'), name: 'memo', hint: t('pay.memoHint'), required: false, maxLength: 140, value: payment.memo || '' });
  const form = h('form', { className: 'stack', noValidate: true, 'aria-labelledby': id },
    summary.box, amount.row, memo.row, h('button', { type: 'submit', className: 'primary' }, t('payment.save')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = parseAmount(amount.input.value, payment.currency);
    const error = value === null ? t('transfer.error.amount', { example: formatAmountInput('45.20', payment.currency) }) : null;
    amount.setError(error);
    summary.show(error ? [{ text: error, input: amount.input }] : []);
    if (error) return;
    await busy(form, async () => {
      try {
        await api('PUT', `/api/v1/bill-payments/${encodeURIComponent(payment.id)}`, { body: { amount: value, memo: memo.input.value.trim() } });
        if (!context.stale()) rerender(main, context, t('payment.saved'));
      } catch (e) {
        const text = e.code === 'payment_not_editable' ? t('payment.notEditable') : problemText(e);
        if (e.field === 'amount') amount.setError(text);
        summary.show([{ text, input: e.field === 'amount' ? amount.input : null }]);
      }
    });
  });
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, t('payment.editTitle')), h('p', {}, t('payment.editIntro')), form);
}

function cancelSection(main, context, payment) {
  const id = 'cancel-heading';
  const slot = h('div');
  const problem = h('div', { role: 'alert', className: 'alert-slot' });
  const start = h('button', { type: 'button', className: 'secondary', onclick: () => confirmStep() }, t('payment.cancel'));
  const confirmStep = () => {
    const question = h('p', { className: 'confirm-text' }, t('payment.cancelConfirm'));
    const form = h('form', { className: 'stack' }, problem, h('div', { className: 'actions' },
      h('button', { type: 'submit', className: 'danger' }, t('payment.cancelYes')),
      h('button', { type: 'button', className: 'secondary', onclick: () => { clear(slot).append(start); start.focus(); } }, t('payment.keep'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      await busy(form, async () => {
        try {
          await api('POST', `/api/v1/bill-payments/${encodeURIComponent(payment.id)}/cancel`, { body: {} });
          if (!context.stale()) rerender(main, context, t('payment.cancelled'));
        } catch (e) {
          clear(problem).append(h('p', {}, e.code === 'payment_not_editable' ? t('payment.notEditable') : problemText(e)));
          focus(problem);
        }
      });
    });
    clear(slot).append(h('div', { className: 'confirm' }, question, form));
    focus(question);
  };
  slot.append(start);
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, t('payment.cancelTitle')), h('p', {}, t('payment.cancelIntro')), slot);
}
