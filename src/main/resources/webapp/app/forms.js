// Form building blocks with the accessibility wiring done once: every input has a label, an
// optional hint and an error slot linked by aria-describedby; a refused form gets an error
// summary (role=alert) that links to each field at fault.

import { h, uid, focus, clear } from './dom.js';
import { t } from './i18n.js';

/** A labelled input. Returns {row, input, setError(text|null)}. */
export function field({ label, name, type = 'text', hint, value = '', autocomplete, inputmode, required = true, ...rest }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h('input', {
    id, name, type, value, autocomplete, inputMode: inputmode, required,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), ...rest,
  });
  return wrap(input, label, hint, hintId, errorId);
}

/** A labelled select of [{value, text}]. */
export function select({ label, name, options, value, hint, required = true }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h('select', { id, name, required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') },
    options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.text)));
  return wrap(input, label, hint, hintId, errorId);
}

function wrap(input, label, hint, hintId, errorId) {
  const error = h('p', { id: errorId, className: 'field-error' });
  const row = h('div', { className: 'field' },
    h('label', { for: input.id }, label),
    hint ? h('p', { id: hintId, className: 'hint' }, hint) : null,
    error, input);
  const setError = (text) => {
    error.textContent = text || '';
    row.classList.toggle('has-error', Boolean(text));
    if (text) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  };
  return { row, input, setError };
}

/** The box above a form that lists what to fix; role=alert, so it is announced when filled. */
export function errorSummary() {
  const list = h('ul');
  const box = h('div', { className: 'error-summary', role: 'alert', hidden: true, 'aria-labelledby': uid('errors') });
  const heading = h('h2', { id: box.getAttribute('aria-labelledby') }, t('form.errors'));
  box.append(heading, list);
  return {
    box,
    /** errors: [{text, field?: {input}}]; an empty list hides the box. */
    show(errors) {
      clear(list);
      box.hidden = errors.length === 0;
      for (const e of errors) {
        list.append(h('li', {}, e.input
          ? h('a', { href: `#${e.input.id}`, onclick: (event) => { event.preventDefault(); e.input.focus(); } }, e.text)
          : e.text));
      }
      if (errors.length) focus(box);
    },
  };
}

/** A message that is not an error: a status line read out politely. */
export function notice(text, kind = 'info') {
  return h('div', { className: `notice notice-${kind}`, role: 'status' }, text);
}

/** Disables a form's buttons while work is under way, so one click makes one request. */
export async function busy(form, work) {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}
