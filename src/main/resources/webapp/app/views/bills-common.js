// Pieces the bill-payment screens share: dates without a time (the API's yyyy-mm-dd), the
// texts of statuses and schedules, the name a payment's payee is shown by.

import { h } from '../dom.js';
import { t, locale } from '../i18n.js';

/** A calendar date from the API (yyyy-mm-dd) in the locale's format, read as a date, not an instant. */
export function dateText(isoDate) {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function dateElement(isoDate) {
  return h('time', { dateTime: isoDate }, dateText(isoDate));
}

/** Today in the browser's time zone, as yyyy-mm-dd (the engine checks against its own business day). */
export function todayIso() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function paymentStatusText(status) {
  return t(`bills.paymentStatus.${status}`);
}

export function occurrenceStatusText(status) {
  return t(`bills.occurrenceStatus.${status}`);
}

/** "Once", "Weekly, 6 payments", "Monthly until 1 Mar 2027". */
export function scheduleText(payment) {
  const base = t(`bills.frequency.${payment.frequency}`);
  if (payment.frequency === 'ONCE') return base;
  if (payment.occurrences && payment.endDate) {
    return t('bills.scheduleCountUntil', { base, count: payment.occurrences, date: dateText(payment.endDate) });
  }
  if (payment.occurrences) return t('bills.scheduleCount', { base, count: payment.occurrences });
  return t('bills.scheduleUntil', { base, date: dateText(payment.endDate) });
}

/** The payee's nickname, or a general name once the payee has been deleted. */
export function payeeName(payees, payeeId) {
  const payee = payees.find((p) => p.id === payeeId);
  return payee ? payee.nickname : t('bills.deletedPayee');
}

export function payeeOption(payee) {
  return t('bills.payeeOption', { nickname: payee.nickname, biller: payee.billerName, reference: payee.reference });
}
