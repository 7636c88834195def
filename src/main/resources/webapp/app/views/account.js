// One own account and its history, newest first, paged by keyset ("older" asks for the lines
// before the last one shown), filtered by date range, direction and amount. Each line shows its
// description and counterparty. Another customer's account answers 404 like a missing one.

import { h, announce, focus, clear } from '../dom.js';
import { t, money, dateTime, parseAmount, formatAmountInput, minorDigits } from '../i18n.js';
import { field, select, errorSummary, busy } from '../forms.js';
import { api } from '../api.js';
import { statusText, balanceTerms, details, loadFailed, problemText } from './common.js';

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
      h('th', { scope: 'col' }, t('history.description')),
      h('th', { scope: 'col' }, t('history.counterparty')),
      h('th', { scope: 'col' }, t('history.direction')),
      h('th', { scope: 'col', className: 'num' }, t('history.amount')),
      h('th', { scope: 'col', className: 'num' }, t('history.balanceAfter')))),
    body);
  const older = h('button', { type: 'button', className: 'secondary', hidden: true }, t('history.older'));
  const status = h('p', { className: 'hint', role: 'status' });
  const filters = filterForm(account);
  main.append(h('section', { 'aria-labelledby': captionId },
    h('h2', { id: captionId }, t('history.title')), filters.form, table, status, older));
  let cursor = null;
  let query = '';
  let generation = 0;
  // fresh: a new filter (the table starts again); otherwise "older" appends to it
  const load = async (fresh, announceResult) => {
    generation += 1;
    const mine = generation;
    older.disabled = true;
    let page;
    try {
      page = await api('GET', `${path}/history?limit=${PAGE_SIZE}${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
    } catch (e) {
      if (context.stale() || mine !== generation) return;
      if (fresh && e.field && filters.refused(e)) return;
      main.append(loadFailed(e));
      return;
    } finally {
      older.disabled = false;
    }
    if (context.stale() || mine !== generation) return;
    if (fresh) clear(body);
    // the API leaves out empty lists
    const rows = (page.lines || []).map((line) => row(line, account));
    body.append(...rows);
    cursor = page.nextCursor ?? null;
    older.hidden = cursor === null;
    const none = body.children.length === 0;
    status.textContent = none ? t(query ? 'history.noneMatching' : 'history.none') : '';
    if (fresh && announceResult) {
      announce(none ? t('history.noneMatching') : t(older.hidden ? 'history.found' : 'history.foundMore', { count: rows.length }));
    } else if (!fresh) {
      announce(t('history.loaded', { count: rows.length }));
      if (rows.length) focus(rows[0].querySelector('td'));
    }
  };
  older.addEventListener('click', () => load(false, true));
  filters.onApply((q) => {
    query = q;
    cursor = null;
    return load(true, true);
  });
  await load(true, false);
}

/**
 * The history's filter form: a date range (local days, sent as the instants where they begin
 * and end), direction and amount bounds in the account's currency. Checked on the page first;
 * a refusal from the engine is shown beside the field it names.
 */
function filterForm(account) {
  const currency = account.currency;
  const summary = errorSummary();
  const from = field({ label: t('history.filter.from'), name: 'from', type: 'date', required: false });
  const to = field({ label: t('history.filter.to'), name: 'to', type: 'date', required: false });
  const direction = select({
    label: t('history.filter.direction'), name: 'direction', required: false, value: '',
    options: [
      { value: '', text: t('history.filter.any') },
      { value: 'IN', text: t('history.filter.in') },
      { value: 'OUT', text: t('history.filter.out') },
    ],
  });
  const amountHint = t('history.filter.amountHint', { example: formatAmountInput('1234.50', currency) });
  const minAmount = field({ label: t('history.filter.minAmount', { currency }), name: 'minAmount', required: false, inputmode: 'decimal', autocomplete: 'off', hint: amountHint });
  const maxAmount = field({ label: t('history.filter.maxAmount', { currency }), name: 'maxAmount', required: false, inputmode: 'decimal', autocomplete: 'off', hint: amountHint });
  const fields = { from, to, direction, minAmount, maxAmount };
  const apply = h('button', { type: 'submit', className: 'primary' }, t('history.filter.apply'));
  const reset = h('button', { type: 'button', className: 'secondary' }, t('history.filter.clear'));
  const form = h('form', { className: 'filters', noValidate: true, 'aria-label': t('history.filter.label') },
    summary.box,
    h('p', { className: 'hint' }, t('history.filter.hint')),
    h('div', { className: 'filter-fields' }, from.row, to.row, direction.row, minAmount.row, maxAmount.row),
    h('div', { className: 'actions' }, apply, reset));
  const show = (errors) => {
    Object.values(fields).forEach((f) => f.setError(null));
    errors.forEach((e) => fields[e.field].setError(e.text));
    summary.show(errors.map((e) => ({ text: e.text, input: fields[e.field].input })));
  };
  let applyHandler = async () => {};
  const submit = async () => {
    const errors = [];
    const q = [];
    const fromDay = from.input.value;
    const toDay = to.input.value;
    if (from.input.validity.badInput) errors.push({ field: 'from', text: t('history.filter.error.date') });
    if (to.input.validity.badInput) errors.push({ field: 'to', text: t('history.filter.error.date') });
    if (fromDay && toDay && toDay < fromDay) errors.push({ field: 'to', text: t('history.filter.error.toBeforeFrom') });
    if (fromDay) q.push(['from', startOfDay(fromDay, 0)]);
    if (toDay) q.push(['to', startOfDay(toDay, 1)]);
    if (direction.input.value) q.push(['direction', direction.input.value]);
    const amounts = {};
    for (const name of ['minAmount', 'maxAmount']) {
      const text = fields[name].input.value.trim();
      if (!text) continue;
      amounts[name] = parseAmount(text, currency);
      if (amounts[name] === null) errors.push({ field: name, text: t('history.filter.error.amount', { example: formatAmountInput('1234.50', currency) }) });
      else q.push([name, amounts[name]]);
    }
    if (amounts.minAmount && amounts.maxAmount && minorUnits(amounts.maxAmount, currency) < minorUnits(amounts.minAmount, currency)) {
      errors.push({ field: 'maxAmount', text: t('history.filter.error.maxBelowMin') });
    }
    show(errors);
    if (errors.length) return;
    await busy(form, () => applyHandler(q.map(([k, v]) => `&${k}=${encodeURIComponent(v)}`).join('')));
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  reset.addEventListener('click', () => {
    Object.values(fields).forEach((f) => { f.input.value = ''; });
    submit();
  });
  return {
    form,
    onApply(handler) { applyHandler = handler; },
    /** Shows an engine refusal of a filter beside its field; false when it names no filter field. */
    refused(error) {
      if (!fields[error.field]) return false;
      const example = formatAmountInput('1234.50', currency);
      const text = {
        from: t('history.filter.error.date'),
        to: t(error.code === 'validation_failed' && from.input.value ? 'history.filter.error.toBeforeFrom' : 'history.filter.error.date'),
        minAmount: t('history.filter.error.amount', { example }),
        maxAmount: t(error.code === 'invalid_amount' ? 'history.filter.error.amount' : 'history.filter.error.maxBelowMin', { example }),
      }[error.field] || problemText(error);
      show([{ field: error.field, text }]);
      return true;
    },
  };
}

/** The instant a local calendar day (yyyy-mm-dd) plus some days begins, in ISO-8601 (UTC). */
function startOfDay(day, plusDays) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** A plain decimal string as exact minor units (BigInt), for comparing without floating point. */
function minorUnits(decimal, currency) {
  const digits = minorDigits(currency);
  const [whole, fraction = ''] = decimal.split('.');
  return BigInt(whole + fraction.padEnd(digits, '0'));
}

function counterpartyText(counterparty) {
  if (!counterparty) return t('history.counterparty.several');
  if (counterparty.type === 'BANK') return t('history.counterparty.bank');
  return h('span', {}, counterparty.name, ' ', h('span', { className: 'mono nowrap counterparty-number' }, counterparty.accountNumber));
}

function row(line, account) {
  const out = line.direction === 'OUT';
  return h('tr', {},
    h('td', { 'data-label': t('history.date') }, h('time', { dateTime: line.at }, dateTime(line.at))),
    h('td', { 'data-label': t('history.description') }, line.description || t('history.noDescription')),
    h('td', { 'data-label': t('history.counterparty') }, counterpartyText(line.counterparty)),
    h('td', { 'data-label': t('history.direction') }, t(out ? 'history.out' : 'history.in')),
    h('td', { className: `num ${out ? 'out' : 'in'}`, 'data-label': t('history.amount') },
      money(out ? `-${line.amount}` : line.amount, line.currency || account.currency, { signed: true })),
    h('td', { className: 'num', 'data-label': t('history.balanceAfter') }, money(line.balanceAfter, line.currency || account.currency)));
}
