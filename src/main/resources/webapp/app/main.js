// Entry point: loads the texts and the session settings, then routes by the URL's hash
// (#/accounts, #/accounts/<number>, #/transfer, ...), so the engine serves one page and
// every screen is a bookmarkable URL.

import { h, clear, focus } from './dom.js';
import { loadMessages, t } from './i18n.js';
import { configureSession, current, onChange, end } from './session.js';
import { signInView } from './views/signin.js';
import { accountsView } from './views/accounts.js';
import { accountView } from './views/account.js';
import { transferView } from './views/transfer.js';
import { securityView } from './views/security.js';
import { enrollView } from './views/enroll.js';
import { billsView } from './views/bills.js';
import { payeeNewView } from './views/payee-new.js';
import { billPayView } from './views/bill-pay.js';
import { billPaymentView } from './views/bill-payment.js';

const routes = [
  { pattern: /^\/sign-in$/, view: signInView, anonymous: true },
  { pattern: /^\/enroll$/, view: enrollView, anonymous: true },
  { pattern: /^\/accounts$/, view: accountsView, nav: 'accounts' },
  { pattern: /^\/accounts\/([^/]+)$/, view: accountView, nav: 'accounts' },
  { pattern: /^\/transfer$/, view: transferView, nav: 'transfer' },
  { pattern: /^\/security$/, view: securityView, nav: 'security' },
  { pattern: /^\/bills$/, view: billsView, nav: 'bills' },
  { pattern: /^\/bills\/payees\/new$/, view: payeeNewView, nav: 'bills' },
  { pattern: /^\/bills\/pay$/, view: billPayView, nav: 'bills' },
  { pattern: /^\/bills\/payments\/([^/]+)$/, view: billPaymentView, nav: 'bills' },
];

async function start() {
  const [settings] = await Promise.all([
    fetch('/app/settings.json', { headers: { Accept: 'application/json' } }).then((r) => r.json()),
    loadMessages(),
  ]);
  configureSession(settings);
  const skip = document.getElementById('skip-link');
  skip.textContent = t('nav.skip');
  skip.addEventListener('click', (event) => { event.preventDefault(); focus(document.getElementById('main')); });
  onChange(() => renderBanner(null));
  window.addEventListener('hashchange', route);
  route();
}

function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '';
  const [path, query = ''] = raw.split('?');
  return { path, params: new URLSearchParams(query) };
}

let renderCount = 0;

async function route() {
  const { path, params } = parseHash();
  const signedIn = Boolean(current());
  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    location.replace(signedIn ? '#/accounts' : '#/sign-in');
    return;
  }
  if (!match.r.anonymous && !signedIn) {
    location.replace('#/sign-in');
    return;
  }
  if (match.r.anonymous && signedIn && match.r.view === signInView) {
    location.replace('#/accounts');
    return;
  }
  renderCount += 1;
  const mine = renderCount;
  renderBanner(match.r.nav || null);
  const main = clear(document.getElementById('main'));
  main.setAttribute('aria-busy', 'true');
  const context = {
    params,
    args: match.m.slice(1).map(decodeURIComponent),
    /** Sets the page title and focuses the screen's heading, so screen readers hear the new page. */
    title(text, heading) {
      document.title = `${text} – ${t('app.name')}`;
      if (heading) focus(heading);
    },
    stale: () => mine !== renderCount,
  };
  try {
    await match.r.view(main, context);
  } finally {
    if (mine === renderCount) main.removeAttribute('aria-busy');
  }
}

function renderBanner(activeNav) {
  const banner = clear(document.getElementById('banner'));
  const session = current();
  banner.append(h('a', { className: 'brand', href: session ? '#/accounts' : '#/sign-in' }, t('app.name')));
  if (!session) return;
  const link = (key, href) => h('li', {}, h('a', { href, 'aria-current': activeNav === key ? 'page' : null }, t(`nav.${key}`)));
  banner.append(
    h('nav', { 'aria-label': t('nav.label') },
      h('ul', {}, link('accounts', '#/accounts'), link('transfer', '#/transfer'), link('bills', '#/bills'), link('security', '#/security'))),
    h('div', { className: 'who' },
      h('span', { className: 'username' }, t('nav.signedInAs', { username: session.username })),
      h('button', { type: 'button', className: 'secondary', onclick: () => end('signed-out') }, t('nav.signOut'))));
}

start().catch((error) => {
  console.error(error);
  const main = clear(document.getElementById('main'));
  main.append(h('h1', {}, 'Corebank'), h('p', { role: 'alert' }, 'The web app could not start. Reload the page.'));
});
