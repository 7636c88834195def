// Pieces of setting up an authenticator app, shared by first enrollment and by replacing the
// authenticator on the security page: the QR code and typed secret of a new TOTP secret, and
// the recovery codes shown once (copy, download, print) with the "saved" confirmation.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { field, errorSummary, busy } from '../forms.js';
import { problemText } from './common.js';

/** The numbered steps showing a TOTP setup from the API ({qrPngBase64, secretBase32}). */
export function secretSteps(setup) {
  return h('ol', { className: 'steps' },
    h('li', {}, t('enroll.scan'),
      h('img', { className: 'qr', src: `data:image/png;base64,${setup.qrPngBase64}`, alt: t('enroll.qrAlt'), width: 200, height: 200 })),
    h('li', {}, t('enroll.orType'), ' ', h('code', { className: 'secret' }, setup.secretBase32.replace(/(.{4})/g, '$1 ').trim())),
    h('li', {}, t('enroll.enterCode')));
}

/**
 * The steps of a new TOTP setup and the form confirming it with a first code: {@code confirm}
 * sends the code to the API and answers its response; {@code onConfirmed} gets that response.
 * A refused code (400/401) is worded for the customer. Returns the elements to append.
 */
export function confirmSecret(setup, { confirm, onConfirmed }) {
  const summary = errorSummary();
  const code = field({ label: t('signin.code'), name: 'code', hint: t('enroll.codeHint'), inputmode: 'numeric', autocomplete: 'one-time-code', maxLength: 8 });
  const form = h('form', { className: 'stack', noValidate: true }, summary.box, code.row,
    h('button', { type: 'submit', className: 'primary' }, t('enroll.confirm')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = /^\d{6,8}$/.test(code.input.value.trim());
    code.setError(ok ? null : t('signin.codeFormat'));
    summary.show(ok ? [] : [{ text: t('signin.codeFormat'), input: code.input }]);
    if (!ok) return;
    await busy(form, async () => {
      let answer;
      try {
        answer = await confirm(code.input.value.trim());
      } catch (e) {
        code.input.value = '';
        summary.show([{ text: e.status === 401 || e.status === 400 ? t('enroll.codeRefused') : problemText(e), input: code.input }]);
        return;
      }
      onConfirmed(answer);
    });
  });
  return [secretSteps(setup), form];
}

/**
 * The recovery codes with copy, download and print, and a button labelled {@code doneLabel}
 * that stays disabled until the "I have saved my recovery codes" box is checked. Returns the
 * elements to append after the screen's heading.
 */
export function recoveryCodesPanel(codes, { doneLabel, onDone }) {
  const status = h('p', { role: 'status', className: 'hint' });
  const text = `${t('enroll.codesFileHeader')}\n\n${codes.join('\n')}\n`;
  const copy = h('button', { type: 'button', className: 'secondary' }, t('enroll.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      status.textContent = t('enroll.copied');
    } catch (e) {
      status.textContent = t('enroll.copyFailed');
    }
  });
  const download = h('button', { type: 'button', className: 'secondary' }, t('enroll.download'));
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = h('a', { href: url, download: 'corebank-recovery-codes.txt', hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    status.textContent = t('enroll.downloaded');
  });
  const print = h('button', { type: 'button', className: 'secondary', onclick: () => window.print() }, t('enroll.print'));
  const saved = h('input', { type: 'checkbox', id: 'codes-saved' });
  const next = h('button', { type: 'button', className: 'primary', disabled: true }, doneLabel);
  saved.addEventListener('change', () => { next.disabled = !saved.checked; });
  next.addEventListener('click', onDone);
  return [
    h('p', {}, t('enroll.codesIntro')),
    h('ul', { className: 'codes', 'aria-label': t('enroll.codesTitle') }, codes.map((c) => h('li', {}, h('code', {}, c)))),
    h('div', { className: 'actions no-print' }, copy, download, print),
    status,
    h('div', { className: 'checkbox no-print' }, saved, h('label', { for: 'codes-saved' }, t('enroll.saved'))),
    h('p', { className: 'no-print' }, next),
  ];
}
