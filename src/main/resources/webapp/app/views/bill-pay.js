// Pay a payee: now, on a date, weekly or monthly (a number of payments or a last date). The form
// carries one Idempotency-Key per distinct request, so a double click or a retry after a lost
// answer schedules one payment; a refusal is a final answer for its key and is shown beside
// the field at fault, with everything typed kept.

import { h, clear, focus, announce } from '../dom.js';
import { t, money, parseAmount, formatAmountInput } from '../i18n.js';
import { api, allPages } from '../api.js';
import { field, select, errorSummary, busy } from '../forms.js';
import { loadFailed, problemText } from './common.js';
import { dateText, todayIso, payeeOption } from './bills-common.js';

const MODES = ['now', 'date', 'weekly', 'monthly'];

export async function billPayView(main, context) {
  const heading = h('h1', {}, t('pay.title'));
  main.append(heading);
  context.title(t('pay.title'), heading);
  let payees;
  let accounts;
  try {
    [payees, accounts] = await Promise.all([allPages('/api/v1/payees', 'payees'), allPages('/api/v1/accounts', 'accounts')]);
  } catch (e) {
    if (!context.stale()) main.append(loadFailed(e));
    return;
  }
  if (context.stale()) return;
  main.append(h('p', {}, h('a', { href: '#/bills' }, t('bills.back'))));
  if (payees.length === 0) {
    main.append(h('p', {}, t('bills.noPayees')), h('p', {}, h('a', { className: 'button-link', href: '#/bills/payees/new' }, t('bills.addPayee'))));
    return;
  }
  const wanted = context.params.get('payee');
  const state = { key: null, keyedBody: null };
  form(main, context, payees, accounts.filter((a) => a.status === 'ACTIVE'), payees.some((p) => p.id === wanted) ? wanted : payees[0].id, state);
}

function form(main, context, payees, sources, payeeId, state) {
  const summary = errorSummary();
  const problem = h('div', { role: 'alert', className: 'alert-slot' });
  const payee = select({ label: t('pay.payee'), name: 'payeeId', value: payeeId, options: payees.map((p) => ({ value: p.id, text: payeeOption(p) })) });
  const chosen = () => payees.find((p) => p.id === payee.input.value);
  const from = select({ label: t('pay.from'), name: 'fromAccount', options: [] });
  const amount = field({ label: '', name: 'amount', inputmode: 'decimal', autocomplete: 'off' });
  const fillFrom = () => {
    const currency = chosen().currency;
    const usable = sources.filter((a) => a.currency === currency);
    const keep = from.input.value;
    clear(from.input).append(...(usable.length ? usable : [null]).map((a) => (a
      ? h('option', { value: a.number, selected: a.number === keep },
        t('transfer.accountOption', { name: a.name, number: a.number, available: money(a.available, a.currency) }))
      : h('option', { value: '' }, t('pay.noAccount', { currency })))));
    amount.row.querySelector('label').textContent = t('transfer.amount', { currency });
    amount.row.querySelector('.hint')?.remove();
  };
  const radio = (value) => {
    const id = `pay-when-${value}`;
    return h('div', { className: 'radio' },
      h('input', { type: 'radio', id, name: 'when', value, checked: value === 'now' }),
      h('label', { for: id }, t(`pay.when.${value}`)));
  };
  const when = h('fieldset', { className: 'field' }, h('legend', {}, t('pay.when')), MODES.map(radio));
  const start = field({ label: t('pay.date'), name: 'startDate', type: 'date', min: todayIso(), hint: t('pay.dateHint') });
  const count = field({ label: t('pay.count'), name: 'occurrences', hint: t('pay.countHint'), inputmode: 'numeric', autocomplete: 'off',
    required: false, maxLength: 3 });
  const end = field({ label: t('pay.endDate'), name: 'endDate', type: 'date', min: todayIso(), hint: t('pay.endDateHint'), required: false });
  const memo = field({ label: t('pay.memo'), name: 'memo', hint: t('pay.memoHint'), required: false, maxLength: 140 });
  const submit = h('button', { type: 'submit', className: 'primary' });
  const mode = () => when.querySelector('input:checked').value;
  const showMode = () => {
    const m = mode();
    start.row.hidden = m === 'now';
    start.row.querySelector('label').textContent = t(m === 'date' ? 'pay.date' : 'pay.firstDate');
    count.row.hidden = m === 'now' || m === 'date';
    end.row.hidden = count.row.hidden;
    submit.textContent = t(m === 'now' ? 'pay.submitNow' : 'pay.submitLater');
  };
  when.addEventListener('change', showMode);
  payee.input.addEventListener('change', fillFrom);
  const element = h('form', { className: 'stack', noValidate: true },
    summary.box, problem, payee.row, from.row, amount.row, when, start.row, count.row, end.row, memo.row, submit);
  main.append(element);
  fillFrom();
  showMode();

  const fields = { payeeId: payee, fromAccount: from, amount, currency: amount, frequency: null, startDate: start, dayOfMonth: start,
    occurrences: count, endDate: end, memo };
  const show = (errors) => {
    [payee, from, amount, start, count, end, memo].forEach((f) => f.setError(null));
    errors.forEach((e) => e.field && e.field.setError(e.text));
    summary.show(errors.map((e) => ({ text: e.text, input: e.field ? e.field.input : null })));
  };

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(problem);
    const { body, errors } = requestOf();
    show(errors);
    if (errors.length) return;
    const serialized = JSON.stringify(body);
    if (state.keyedBody !== serialized) {
      state.key = crypto.randomUUID();
      state.keyedBody = serialized;
    }
    await busy(element, async () => {
      try {
        const payment = await api('POST', '/api/v1/bill-payments', { body, idempotencyKey: state.key });
        if (!context.stale()) done(clear(main), context, payment, chosen());
      } catch (e) {
        if (e.status === 0 || e.status >= 500) {
          clear(problem).append(h('p', {}, t('pay.retry')));
          focus(problem);
          return;
        }
        state.key = null;
        state.keyedBody = null;
        const target = e.field ? fields[e.field] : null;
        const specific = `pay.error.${e.code}`;
        const text = ['insufficient_funds', 'currency_mismatch', 'execution_date_in_past', 'recurrence_never_runs'].includes(e.code)
          ? t(specific) : problemText(e);
        show([{ field: target, text }]);
      }
    });
  });

  function requestOf() {
    const errors = [];
    const currency = chosen().currency;
    const m = mode();
    if (!from.input.value) errors.push({ field: from, text: t('pay.noAccount', { currency }) });
    const value = parseAmount(amount.input.value, currency);
    if (value === null) errors.push({ field: amount, text: t('transfer.error.amount', { example: formatAmountInput('45.20', currency) }) });
    const body = { payeeId: payee.input.value, fromAccount: from.input.value, amount: value, currency,
      frequency: { now: 'ONCE', date: 'ONCE', weekly: 'WEEKLY', monthly: 'MONTHLY' }[m] };
    if (m !== 'now') {
      if (!start.input.value) errors.push({ field: start, text: t('pay.error.date') });
      else if (start.input.value < todayIso()) errors.push({ field: start, text: t('pay.error.execution_date_in_past') });
      else body.startDate = start.input.value;
    }
    if (m === 'weekly' || m === 'monthly') {
      const n = count.input.value.trim();
      if (n && !/^[1-9][0-9]{0,2}$/.test(n)) errors.push({ field: count, text: t('pay.error.count') });
      else if (n) body.occurrences = Number(n);
      if (end.input.value) {
        if (body.startDate && end.input.value < body.startDate) errors.push({ field: end, text: t('pay.error.endBeforeStart') });
        else body.endDate = end.input.value;
      }
      if (!n && !end.input.value) errors.push({ field: count, text: t('pay.error.countOrEnd') });
    }
    if (memo.input.value.trim()) body.memo = memo.input.value.trim();
    return { body, errors };
  }
}

function done(main, context, payment, payee) {
  const heading = h('h1', {}, t('pay.doneTitle'));
  const text = t(payment.frequency === 'ONCE' ? 'pay.done' : 'pay.doneRecurring', { amount: money(payment.amount, payment.currency), nickname: payee.nickname,
    date: dateText(payment.nextDueDate || payment.startDate) });
  main.append(heading, h('p', { className: 'notice notice-success' }, text),
    h('p', { className: 'actions' },
      h('a', { className: 'button-link', href: `#/bills/payments/${encodeURIComponent(payment.id)}` }, t('pay.view')),
      h('a', { href: '#/bills' }, t('bills.back'))));
  context.title(t('pay.doneTitle'), heading);
  announce(text);
}
