// Small DOM helpers: elements are built with properties and text nodes, never from HTML strings,
// so no data from the API can become markup (and the CSP needs no inline code).

/**
 * h('p', {className: 'x', onclick: fn}, 'text', child) creates an element.
 * Keys starting with "on" add listeners; "aria-*", "data-*" and other dashed keys are attributes;
 * the rest are properties. Children may be strings, nodes, arrays, null or false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key.includes('-') || key === 'role' || key === 'for' || key === 'form' || key === 'list') {
      element.setAttribute(key, value === true ? '' : String(value));
    } else {
      element[key] = value;
    }
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(element) {
  while (element.firstChild) element.firstChild.remove();
  return element;
}

let idCounter = 0;
/** A document-unique id for label/description links. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Moves focus to an element that is not focusable by default (headings, error summaries). */
export function focus(element) {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}

/** Says something to screen reader users without moving focus. */
export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // a new text node after a tick makes screen readers read repeated messages too
  setTimeout(() => { region.textContent = text; }, 50);
}
