// Classifies what a scanner (keyboard wedge) or a person typed. An all-digit code of a GTIN
// length is always treated as that GTIN, never as free Code 128 text: a misread EAN must be
// reported as a misread, loudly, rather than slip through as an unknown free-form code.

export type Symbology = 'ean13' | 'upca' | 'ean8' | 'code128';

const GTIN_LENGTHS: ReadonlyMap<number, { symbology: Symbology; label: string }> = new Map([
  [13, { symbology: 'ean13', label: 'EAN-13' }],
  [12, { symbology: 'upca', label: 'UPC-A' }],
  [8, { symbology: 'ean8', label: 'EAN-8' }],
]);

const CODE128_MAX = 48;

/**
 * GS1 mod-10 check digit. Weights 3,1,3,… run from the rightmost data digit, which makes the
 * same function right for GTIN-8/12/13/14 and SSCC.
 */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d{1,17}$/.test(digitsWithoutCheck)) {
    throw new RangeError(`gtinCheckDigit expects 1 to 17 digits, got "${digitsWithoutCheck}"`);
  }
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function classifyBarcode(
  code: string,
): { ok: true; symbology: Symbology } | { ok: false; reason: string } {
  if (/^\d+$/.test(code)) {
    const gtin = GTIN_LENGTHS.get(code.length);
    if (gtin) {
      const expected = gtinCheckDigit(code.slice(0, -1));
      if (code.endsWith(String(expected))) return { ok: true, symbology: gtin.symbology };
      return { ok: false, reason: `${gtin.label} check digit should be ${expected}` };
    }
  }
  if (code.length === 0) return { ok: false, reason: 'barcode is empty' };
  if (code.length > CODE128_MAX) {
    return { ok: false, reason: `barcode is longer than ${CODE128_MAX} characters` };
  }
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      return { ok: false, reason: `barcode contains a character that is not printable ASCII at position ${i + 1}` };
    }
  }
  if (code.startsWith(' ') || code.endsWith(' ')) {
    return { ok: false, reason: 'barcode starts or ends with a space' };
  }
  return { ok: true, symbology: 'code128' };
}
