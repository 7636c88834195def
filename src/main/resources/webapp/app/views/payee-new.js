// Add a payee: find the biller in the directory (search by name or code), then type your
// reference there. The reference is checked as it is typed against the biller's format and
// check digit (views/references.js, the engine's rules), so a mistyped digit is refused before
// any request; the engine checks again when the payee is saved.

import { h, clear, focus, announce } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { field, errorSummary, busy } from '../forms.js';
import { loadFailed, problemText } from './common.js';
import { checkReference, normalizeReference } from './references.js';

export async function payeeNewView(main, context) {
  const heading = h('h1', {}, t('payee.title'));
  main.append(heading);
  context.title(t('payee.title'), heading);
  main.append(h('p', {}, h('a', { href: '#/bills' }, t('bills.back'))));

  const search = field({ label: t('payee.search'), name: 'query', type: 'search', hint: t('payee.searchHint'), required: false,
    autocomplete: 'off', maxLength: 100 });
  const searchForm = h('form', { className: 'stack search', role: 'search', noValidate: true },
    search.row, h('button', { type: 'submit', className: 'secondary' }, t('payee.searchButton')));
  const resultsId = 'billers-heading';
  const results = h('div', { className: 'billers' });
  const count = h('p', { className: 'hint', role: 'status' });
  const payeeForm = h('div');
  main.append(searchForm, h('section', { 'aria-labelledby': resultsId },
    h('h2', { id: resultsId }, t('payee.billers')), count, results), payeeForm);

  let chosen = null;
  const load = async (query, announceCount) => {
    let billers;
    try {
      billers = (await api('GET', `/api/v1/billers?limit=50${query ? `&query=${encodeURIComponent(query)}` : ''}`)).billers || [];
    } catch (e) {
      if (!context.stale()) clear(results).append(loadFailed(e));
      return;
    }
    if (context.stale()) return;
    clear(results);
    count.textContent = billers.length ? t('payee.found', { count: billers.length }) : t('payee.noneFound');
    if (announceCount) announce(count.textContent);
    if (billers.length === 0) return;
    const radios = h('fieldset', { className: 'field' }, h('legend', {}, t('payee.chooseBiller')),
      billers.map((b, i) => {
        const id = `biller-${i}`;
        return h('div', { className: 'radio' },
          h('input', { type: 'radio', id, name: 'biller', value: b.code, checked: chosen?.code === b.code,
            onchange: () => { chosen = b; payeeStep(payeeForm, context, b); } }),
          h('label', { for: id }, t('payee.billerOption', { name: b.name, code: b.code, currency: b.currency })));
      }));
    results.append(radios);
  };
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    load(search.input.value.trim(), true);
  });
  await load('', false);
}

/** The reference and nickname for the chosen biller; the reference is checked on every keystroke. */
function payeeStep(container, context, biller) {
  const summary = errorSummary();
  const ok = h('p', { className: 'field-ok', role: 'status' });
  const reference = field({ label: t('payee.reference', { name: biller.name }), name: 'reference',
    hint: t(`payee.referenceHint.${biller.checkDigit}`, { name: biller.name }), autocomplete: 'off', spellcheck: false, maxLength: 40 });
  reference.row.append(ok);
  const nickname = field({ label: t('payee.nickname'), name: 'nickname', hint: t('payee.nicknameHint'), value: biller.name, maxLength: 60 });
  const form = h('form', { className: 'stack', noValidate: true },
    h('h2', {}, t('payee.details', { name: biller.name })),
    summary.box, reference.row, nickname.row,
    h('button', { type: 'submit', className: 'primary' }, t('payee.save')));
  clear(container).append(form);

  // as typed: a wrong check digit is said at once; a format that is not complete yet only when
  // the field is left or the form is sent (and then on every keystroke until it is right), so
  // the customer is not told off mid-word
  let touched = false;
  const verdict = () => {
    const result = checkReference(reference.input.value, biller);
    const message = result === 'ok' ? null : t(`payee.error.${result}`, { name: biller.name });
    return { result, message };
  };
  const showVerdict = (strict) => {
    const { result, message } = verdict();
    ok.textContent = result === 'ok' ? t('payee.referenceOk', { name: biller.name }) : '';
    reference.setError(result === 'checkDigit' || (strict && result !== 'ok') ? message : null);
  };
  reference.input.addEventListener('input', () => {
    if (reference.input.value === '') touched = false; // starting again: no scolding until left or sent
    showVerdict(touched);
  });
  reference.input.addEventListener('blur', () => { if (reference.input.value) { touched = true; showVerdict(true); } });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    touched = true;
    const errors = [];
    const { message } = verdict();
    reference.setError(message);
    if (message) errors.push({ text: message, input: reference.input });
    const name = nickname.input.value.trim();
    nickname.setError(name ? null : t('payee.error.nickname'));
    if (!name) errors.push({ text: t('payee.error.nickname'), input: nickname.input });
    summary.show(errors);
    if (errors.length) return;
    await busy(form, async () => {
      try {
        const payee = await api('POST', '/api/v1/payees',
          { body: { billerCode: biller.code, reference: normalizeReference(reference.input.value), nickname: name } });
        if (!context.stale()) doneStep(clear(document.getElementById('main')), context, payee);
      } catch (e) {
        const target = e.field === 'reference' ? reference : e.field === 'nickname' ? nickname : null;
        const text = e.code === 'invalid_reference' ? t('payee.error.checkDigit', { name: biller.name }) : problemText(e);
        if (target) target.setError(text);
        summary.show([{ text, input: target ? target.input : null }]);
      }
    });
  });
  focus(form.querySelector('h2'));
}

function doneStep(main, context, payee) {
  const heading = h('h1', {}, t('payee.doneTitle'));
  const text = t('payee.done', { nickname: payee.nickname, biller: payee.billerName });
  main.append(heading, h('p', { className: 'notice notice-success' }, text),
    h('p', { className: 'actions' },
      h('a', { className: 'button-link', href: `#/bills/pay?payee=${encodeURIComponent(payee.id)}` }, t('payee.payNow', { nickname: payee.nickname })),
      h('a', { href: '#/bills' }, t('bills.back'))));
  context.title(t('payee.doneTitle'), heading);
  announce(text);
}
