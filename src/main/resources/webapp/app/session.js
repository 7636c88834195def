// The signed-in state of this tab and its timers. The tokens themselves are HttpOnly cookies;
// this keeps only what the page needs: the username, the session's CSRF token and when the
// customer was last active. The server ends an idle session on its own; the page warns
// a minute before (settings from /app/settings.json), offers to stay signed in, and signs out.

import { api, configureApi, refresh } from './api.js';
import { h, focus, announce } from './dom.js';
import { t, inTime } from './i18n.js';

const KEY = 'corebank.session';
let settings = { customerIdleSeconds: 300, idleWarningSeconds: 60, absoluteSessionSeconds: 43200 };
let state = load();
let ticker = null;
let dialog = null;
let listeners = [];

export function configureSession(serverSettings) {
  settings = serverSettings;
  configureApi({
    csrfToken: () => (state ? state.csrfToken : null),
    activity: () => touch(),
    sessionEnded: (reason) => end(reason, { callServer: false }),
  });
  if (state) startTicker();
}

export function current() {
  return state;
}

/** Called with the new state (or null) whenever the customer signs in or out. */
export function onChange(listener) {
  listeners.push(listener);
}

/** Starts a session from the second-factor answer (cookie mode). */
export function begin(sessionResponse) {
  const now = Date.now();
  state = {
    username: sessionResponse.username,
    csrfToken: sessionResponse.csrfToken,
    signedInAt: now,
    lastActivityAt: now,
  };
  save();
  startTicker();
  listeners.forEach((l) => l(state));
}

/** Ends the session: on the server unless it has already ended there, then here, then sign-in. */
export async function end(reason, { callServer = true } = {}) {
  if (!state) return;
  if (callServer) {
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch (e) {
      // the session may already have ended on the server (idle, expired): nothing to undo
    }
  }
  state = null;
  // the transfer draft too: nothing of this customer stays in the tab
  sessionStorage.clear();
  stopTicker();
  closeDialog();
  listeners.forEach((l) => l(null));
  location.hash = `#/sign-in?reason=${encodeURIComponent(reason)}`;
}

function touch() {
  if (!state) return;
  state.lastActivityAt = Date.now();
  save();
  if (dialog && dialog.open) closeDialog();
}

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch (e) {
    return null;
  }
}

function save() {
  sessionStorage.setItem(KEY, JSON.stringify(state));
}

function startTicker() {
  stopTicker();
  ticker = setInterval(tick, 1000);
  tick();
}

function stopTicker() {
  if (ticker) clearInterval(ticker);
  ticker = null;
}

function tick() {
  if (!state) return;
  const now = Date.now();
  const idleEndsAt = state.lastActivityAt + settings.customerIdleSeconds * 1000;
  if (now >= state.signedInAt + settings.absoluteSessionSeconds * 1000) {
    end('absolute');
  } else if (now >= idleEndsAt) {
    end('idle');
  } else if (now >= idleEndsAt - settings.idleWarningSeconds * 1000) {
    showWarning(Math.ceil((idleEndsAt - now) / 1000));
  }
}

function showWarning(secondsLeft) {
  if (!dialog) dialog = buildDialog();
  const text = t('idle.warning', { when: inTime(secondsLeft) });
  const message = dialog.querySelector('#idle-message');
  if (!dialog.open) {
    message.textContent = text;
    document.body.append(dialog);
    dialog.showModal();
    focus(dialog.querySelector('button'));
    announce(text);
  } else if (secondsLeft % 15 === 0 || secondsLeft <= 10) {
    // the countdown changes visibly, but is re-read to screen readers only now and then
    message.textContent = text;
  }
}

function buildDialog() {
  const element = h('dialog', { className: 'dialog', 'aria-labelledby': 'idle-title', 'aria-describedby': 'idle-message' },
    h('h2', { id: 'idle-title' }, t('idle.title')),
    h('p', { id: 'idle-message' }),
    h('div', { className: 'actions' },
      h('button', { type: 'button', className: 'primary', onclick: stay }, t('idle.stay')),
      h('button', { type: 'button', className: 'secondary', onclick: () => end('signed-out') }, t('nav.signOut'))));
  // Escape means "not now": the customer is clearly here, so that counts as staying
  element.addEventListener('cancel', (event) => { event.preventDefault(); stay(); });
  return element;
}

async function stay() {
  const renewed = await refresh();
  if (renewed) {
    touch();
    closeDialog();
    announce(t('idle.stayed'));
  } else {
    end('ended', { callServer: false });
  }
}

function closeDialog() {
  if (dialog && dialog.open) dialog.close();
  if (dialog) dialog.remove();
}
