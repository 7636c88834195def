// A transfer between own accounts or to another customer's account number: fill in, review,
// confirm. The form carries one Idempotency-Key per distinct transfer, so a double click, a
// retry after a lost answer or a reload of the confirm step makes one transfer, not two.
// A refusal brings the form back with the message beside the field at fault, amount kept.

import { h, clear, focus, announce } from '../dom.js';
import { t, has, money, parseAmount, formatAmountInput } from '../i18n.js';
import { api, allPages } from '../api.js';
import { field, select, errorSummary, busy } from '../forms.js';
import { details, loadFailed, problemText } from './common.js';

export async function transferView(main, context) {
  let accounts;
  try {
    accounts = await allPages('/api/v1/accounts', 'accounts');
  } catch (e) {
    if (context.stale()) return;
    const heading = h('h1', {}, t('transfer.title'));
    main.append(heading, loadFailed(e));
    context.title(t('transfer.title'), heading);
    return;
  }
  if (context.stale()) return;
  const sources = accounts.filter((a) => a.status === 'ACTIVE');
  const saved = restoreDraft(sources);
  const draft = saved || {
    from: sources.some((a) => a.number === context.params.get('from')) ? context.params.get('from') : sources[0]?.number,
    toMode: 'own', toOwn: '', toOther: '', amountText: '', description: '',
    // the key and the exact request it was made for: a changed request gets a new key
    key: null, keyedBody: null,
  };
  editStep(main, context, accounts, sources, draft, []);
}

function editStep(main, context, accounts, sources, draft, refusals) {
  clear(main);
  const heading = h('h1', {}, t('transfer.title'));
  main.append(heading);
  context.title(t('transfer.title'), heading);
  if (sources.length === 0) {
    main.append(h('p', {}, t('transfer.noSource')));
    return;
  }
  const label = (a) => t('transfer.accountOption', { name: a.name, number: a.number, available: money(a.available, a.currency) });
  const summary = errorSummary();
  const from = select({ label: t('transfer.from'), name: 'fromAccount', value: draft.from, options: sources.map((a) => ({ value: a.number, text: label(a) })) });
  const currency = () => sources.find((a) => a.number === from.input.value).currency;
  // a transfer is in one currency: only own accounts in the sending account's currency can receive it
  const ownTargets = () => accounts.filter((a) => a.number !== from.input.value && a.status === 'ACTIVE'
    && a.currency === currency());
  const toOwn = select({ label: t('transfer.toOwn'), name: 'toOwn', value: draft.toOwn, options: [] });
  const fillOwnTargets = () => {
    const keep = toOwn.input.value || draft.toOwn;
    const targets = ownTargets();
    clear(toOwn.input).append(h('option', { value: '' }, targets.length ? t('transfer.choose') : t('transfer.noOwnTarget', { currency: currency() })),
      ...targets.map((a) => h('option', { value: a.number, selected: a.number === keep }, label(a))));
  };
  fillOwnTargets();
  const toOther = field({
    label: t('transfer.toOther'), name: 'toOther', hint: t('transfer.toOtherHint'), value: draft.toOther,
    inputmode: 'numeric', autocomplete: 'off', spellcheck: false, maxLength: 16,
  });
  const amount = field({
    label: t('transfer.amount', { currency: currency() }), name: 'amount', value: draft.amountText,
    hint: t('transfer.amountHint', { example: formatAmountInput('1234.50', currency()) }), inputmode: 'decimal', autocomplete: 'off',
  });
  const description = field({ label: t('transfer.reference'), name: 'description', hint: t('transfer.referenceHint'), value: draft.description, required: false, maxLength: 140 });
  const modeName = 'toMode';
  const radio = (value, text) => {
    const id = `to-mode-${value}`;
    return h('div', { className: 'radio' },
      h('input', { type: 'radio', id, name: modeName, value, checked: draft.toMode === value }),
      h('label', { for: id }, text));
  };
  const toMode = h('fieldset', { className: 'field' },
    h('legend', {}, t('transfer.to')), radio('own', t('transfer.toModeOwn')), radio('other', t('transfer.toModeOther')));
  const showMode = () => {
    const mode = toMode.querySelector('input:checked').value;
    toOwn.row.hidden = mode !== 'own';
    toOther.row.hidden = mode !== 'other';
  };
  toMode.addEventListener('change', showMode);
  from.input.addEventListener('change', () => {
    fillOwnTargets();
    amount.row.querySelector('label').textContent = t('transfer.amount', { currency: currency() });
  });
  showMode();
  const form = h('form', { className: 'stack', noValidate: true },
    summary.box, from.row, toMode, toOwn.row, toOther.row, amount.row, description.row,
    h('button', { type: 'submit', className: 'primary' }, t('transfer.review')));
  main.append(form);

  const fields = { from, toOwn, toOther, amount };
  const show = (errors) => {
    Object.values(fields).forEach((f) => f.setError(null));
    errors.forEach((e) => e.field && fields[e.field].setError(e.text));
    summary.show(errors.map((e) => ({ text: e.text, input: e.field ? fields[e.field].input : null })));
  };
  if (refusals.length) show(refusals);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    draft.from = from.input.value;
    draft.toMode = toMode.querySelector('input:checked').value;
    draft.toOwn = toOwn.input.value;
    draft.toOther = toOther.input.value;
    draft.amountText = amount.input.value;
    draft.description = description.input.value;
    const errors = validate(draft, currency());
    show(errors);
    if (errors.length === 0) reviewStep(main, context, accounts, sources, draft);
  });
}

// The draft survives a reload of the tab with its key, so confirming again after a reload
// replays the first answer instead of making a second transfer.
const DRAFT = 'corebank.transferDraft';

function saveDraft(draft) {
  sessionStorage.setItem(DRAFT, JSON.stringify(draft));
}

function restoreDraft(sources) {
  try {
    const draft = JSON.parse(sessionStorage.getItem(DRAFT));
    return draft && sources.some((a) => a.number === draft.from) ? draft : null;
  } catch (e) {
    return null;
  }
}

function validate(draft, currency) {
  const errors = [];
  const to = draft.toMode === 'own' ? draft.toOwn : draft.toOther.replace(/[\s-]/g, '');
  const toField = draft.toMode === 'own' ? 'toOwn' : 'toOther';
  if (!to) errors.push({ field: toField, text: t(draft.toMode === 'own' ? 'transfer.error.chooseTo' : 'transfer.error.enterTo') });
  else if (draft.toMode === 'other' && !validAccountNumber(to)) errors.push({ field: toField, text: t('error.invalid_account_number') });
  else if (to === draft.from) errors.push({ field: toField, text: t('error.same_account') });
  if (parseAmount(draft.amountText, currency) === null) {
    errors.push({ field: 'amount', text: t('transfer.error.amount', { example: formatAmountInput('1234.50', currency) }) });
  }
  return errors;
}

/** Twelve digits whose last two are ISO 7064 MOD 97-10 check digits, as the engine checks. */
function validAccountNumber(number) {
  return /^\d{12}$/.test(number) && BigInt(number) % 97n === 1n;
}

function requestOf(draft, sources) {
  const source = sources.find((a) => a.number === draft.from);
  const body = {
    fromAccount: draft.from,
    toAccount: draft.toMode === 'own' ? draft.toOwn : draft.toOther.replace(/[\s-]/g, ''),
    amount: parseAmount(draft.amountText, source.currency),
    currency: source.currency,
  };
  if (draft.description.trim()) body.description = draft.description.trim();
  return body;
}

function reviewStep(main, context, accounts, sources, draft) {
  clear(main);
  const body = requestOf(draft, sources);
  const serialized = JSON.stringify(body);
  if (draft.keyedBody !== serialized) {
    draft.key = crypto.randomUUID();
    draft.keyedBody = serialized;
  }
  saveDraft(draft);
  const nameOf = (number) => accounts.find((a) => a.number === number)?.name;
  const heading = h('h1', {}, t('transfer.reviewTitle'));
  const problem = h('div', { role: 'alert', className: 'alert-slot' });
  const confirm = h('button', { type: 'submit', className: 'primary' }, t('transfer.confirm'));
  const form = h('form', { className: 'stack' },
    problem,
    h('div', { className: 'actions' }, confirm,
      h('button', { type: 'button', className: 'secondary', onclick: () => editStep(main, context, accounts, sources, draft, []) }, t('transfer.change'))));
  main.append(heading,
    details([
      [t('transfer.from'), accountText(nameOf(body.fromAccount), body.fromAccount)],
      [t('transfer.to'), accountText(nameOf(body.toAccount), body.toAccount)],
      [t('transfer.amountPlain'), money(body.amount, body.currency)],
      [t('transfer.referencePlain'), body.description || t('transfer.noReference')],
    ], 'details review'),
    form);
  context.title(t('transfer.reviewTitle'), heading);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await busy(form, async () => {
      try {
        const done = await api('POST', '/api/v1/transfers', { body, idempotencyKey: draft.key });
        sessionStorage.removeItem(DRAFT);
        doneStep(main, context, body, done, nameOf);
      } catch (e) {
        if (e.status === 0 || e.status >= 500) {
          // the transfer may or may not have been made: the same key makes a retry safe
          clear(problem).append(h('p', {}, t('transfer.retry')));
          focus(problem);
          return;
        }
        // a refusal is a final answer for this key; trying again is a new transfer
        draft.key = null;
        draft.keyedBody = null;
        saveDraft(draft);
        editStep(main, context, accounts, sources, draft, [refusalOf(e, draft)]);
      }
    });
  });
}

function refusalOf(error, draft) {
  const toField = draft.toMode === 'own' ? 'toOwn' : 'toOther';
  const field = { fromAccount: 'from', toAccount: toField, amount: 'amount', currency: toField }[error.field] || null;
  const specific = field && `transfer.error.${error.code}.${error.field}`;
  return { field, text: specific && has(specific) ? t(specific) : problemText(error) };
}

function accountText(name, number) {
  return name ? t('transfer.accountNamed', { name, number }) : number;
}

function doneStep(main, context, body, done, nameOf) {
  clear(main);
  const heading = h('h1', {}, t('transfer.doneTitle'));
  main.append(heading,
    h('p', { className: 'notice notice-success' }, t('transfer.done', { amount: money(done.amount, done.currency) })),
    details([
      [t('transfer.from'), accountText(nameOf(body.fromAccount), body.fromAccount)],
      [t('transfer.to'), accountText(nameOf(body.toAccount), body.toAccount)],
      [t('transfer.amountPlain'), money(done.amount, done.currency)],
      [t('transfer.referencePlain'), done.description || t('transfer.noReference')],
      [t('transfer.entryId'), h('span', { className: 'mono' }, done.entryId)],
    ]),
    h('p', { className: 'actions' },
      h('a', { className: 'button-link', href: `#/accounts/${encodeURIComponent(body.fromAccount)}` }, t('transfer.viewAccount')),
      h('a', { href: '#/transfer', onclick: (event) => { event.preventDefault(); transferView(clear(main), context); } }, t('transfer.another'))));
  context.title(t('transfer.doneTitle'), heading);
  announce(t('transfer.done', { amount: money(done.amount, done.currency) }));
}
