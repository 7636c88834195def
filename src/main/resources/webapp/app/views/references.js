// A customer's reference at a biller, checked as it is typed: the same rules as the engine's
// payments.References (the engine checks again and is the authority). The reference is stored
// without spaces; at most 35 characters; it must match the biller's pattern as a whole; MOD10
// is the Luhn algorithm over 2 to 35 digits, MOD97 is ISO 7064 MOD 97-10 over 3 to 35 digits
// (the number leaves remainder 1, as in IBANs).

/** The reference as the engine stores it: spaces removed. */
export function normalizeReference(text) {
  return String(text || '').replace(/ /g, '');
}

/**
 * Java constructs that JavaScript lacks or reads differently: class intersection (&&), inline
 * flags and other (?...) groups, possessive quantifiers, \Q...\E quoting, Java's \p{...} names,
 * the anchors \A \Z \z \G and the classes \h \R \X \v.
 */
const NOT_PORTABLE = /&&|\(\?|[*+?}]\+|\\[pPQEAZzGhHRXv]/;

/**
 * The biller's pattern (a Java regular expression the whole reference must match) as a
 * JavaScript one, with the 'u' flag; null when it uses a construct the two read differently or
 * JavaScript cannot read it at all, and then only the engine checks the format (the page must
 * never refuse a reference the engine would take).
 */
export function patternOf(biller) {
  if (NOT_PORTABLE.test(biller.referencePattern)) return null;
  try {
    return new RegExp(`^(?:${biller.referencePattern})$`, 'u');
  } catch (e) {
    return null;
  }
}

/**
 * 'empty', 'format' (too long or not the biller's pattern), 'checkDigit' (the pattern fits but
 * the check digit does not), or 'ok'.
 */
export function checkReference(text, biller) {
  const reference = normalizeReference(text);
  if (reference === '') return 'empty';
  if (reference.length > 35) return 'format';
  const pattern = patternOf(biller);
  if (pattern && !pattern.test(reference)) return 'format';
  switch (biller.checkDigit) {
    case 'MOD10':
      if (!/^[0-9]{2,35}$/.test(reference)) return 'format';
      return luhn(reference) ? 'ok' : 'checkDigit';
    case 'MOD97':
      if (!/^[0-9]{3,35}$/.test(reference)) return 'format';
      return BigInt(reference) % 97n === 1n ? 'ok' : 'checkDigit';
    default:
      return 'ok';
  }
}

/** The Luhn check over a string of digits: every second digit from the right doubled. */
export function luhn(digits) {
  let sum = 0;
  let doubled = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return sum % 10 === 0;
}
