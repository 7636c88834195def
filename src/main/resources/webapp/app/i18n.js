// Texts and formats. Every text of the app is in messages/<language>.json (English only for now);
// numbers, amounts and dates are formatted with Intl for the browser's locale.

let messages = {};
export const locale = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';

export async function loadMessages() {
  const response = await fetch('/app/messages/en.json', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`messages: HTTP ${response.status}`);
  messages = await response.json();
}

/** The text of a key, with {name} placeholders replaced by params' values. */
export function t(key, params = {}) {
  const text = messages[key];
  if (text === undefined) {
    console.error(`missing message: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Whether the bundle has a key (for codes from the API that may be new). */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(messages, key);
}

/** An amount from the API (a decimal string, never a float) in the locale's currency format. */
export function money(amount, currency, { signed = false } = {}) {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency', currency, signDisplay: signed ? 'exceptZero' : 'auto',
  });
  // Intl formats a decimal string exactly (no conversion to a binary float)
  return format.format(amount);
}

export function dateTime(iso) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** "in 3 minutes" / "in 40 seconds" for a wait given in seconds. */
export function inTime(seconds) {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  return seconds < 60 ? format.format(Math.max(1, Math.ceil(seconds)), 'second')
    : format.format(Math.ceil(seconds / 60), 'minute');
}

/** Digits a currency has after the decimal separator (2 for EUR, 0 for JPY). */
export function minorDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

function separators() {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
  };
}

/**
 * Reads an amount typed in the locale's format ("1,234.50" in English, "1.234,50" in German)
 * as a plain decimal string ("1234.50"), or null when it is not a positive amount with at most
 * the currency's minor digits. Pure string work: no floating point.
 */
export function parseAmount(text, currency) {
  const { group, decimal } = separators();
  let s = String(text).trim().replace(/[\s\u00a0\u202f]/g, '');
  if (group !== decimal) s = s.split(group).join('');
  s = s.split(decimal).join('.');
  const digits = minorDigits(currency);
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(s)) return null;
  if (/^0*(\.0*)?$/.test(s)) return null;
  return s.replace(/^0+(?=\d)/, '');
}

/** The same amount shown back in the locale's number format, for a form field. */
export function formatAmountInput(decimalString, currency) {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(decimalString);
}
