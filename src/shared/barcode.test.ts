import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { classifyBarcode, gtinCheckDigit } from './barcode.ts';

describe('gtinCheckDigit', () => {
  it('computes GS1 check digits of real GTINs', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(gtinCheckDigit('978030640615')).toBe(7); // ISBN-13 9780306406157
    expect(gtinCheckDigit('1234567890123')).toBe(1); // GTIN-14 12345678901231
    expect(gtinCheckDigit('0')).toBe(0);
  });

  it('rejects non-digit input', () => {
    for (const bad of ['', '12a', ' 123', '1'.repeat(18), '１２３']) {
      expect(() => gtinCheckDigit(bad), bad).toThrow(RangeError);
    }
  });
});

describe('classifyBarcode', () => {
  it('recognises valid GTINs', () => {
    expect(classifyBarcode('4006381333931')).toEqual({ ok: true, symbology: 'ean13' });
    expect(classifyBarcode('9780306406157')).toEqual({ ok: true, symbology: 'ean13' });
    expect(classifyBarcode('036000291452')).toEqual({ ok: true, symbology: 'upca' });
    expect(classifyBarcode('96385074')).toEqual({ ok: true, symbology: 'ean8' });
  });

  it('names the expected digit when the check digit is wrong', () => {
    expect(classifyBarcode('4006381333932')).toEqual({ ok: false, reason: 'EAN-13 check digit should be 1' });
    expect(classifyBarcode('036000291453')).toEqual({ ok: false, reason: 'UPC-A check digit should be 2' });
    expect(classifyBarcode('96385070')).toEqual({ ok: false, reason: 'EAN-8 check digit should be 4' });
  });

  it('accepts other printable ASCII as Code 128', () => {
    for (const code of ['SKU-001', 'A', '12345', '12345678901231', 'a b~{}', 'x'.repeat(48), '123456789'])
      expect(classifyBarcode(code), code).toEqual({ ok: true, symbology: 'code128' });
  });

  it('rejects what cannot be a code', () => {
    const bad: [string, RegExp][] = [
      ['', /empty/],
      ['x'.repeat(49), /longer than 48/],
      [' SKU', /space/],
      ['SKU ', /space/],
      ['SKU\t1', /position 4/],
      ['SKU\n', /printable/],
      ['Größe', /printable/],
      ['١٢٣٤٥٦٧٨', /printable/],
    ];
    for (const [code, reason] of bad) {
      const result = classifyBarcode(code);
      expect(result.ok, JSON.stringify(code)).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    }
  });

  const dataDigits = (n: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((ds) => ds.join(''));
  const gtin = fc
    .constantFrom(7, 11, 12)
    .chain(dataDigits)
    .map((data) => data + String(gtinCheckDigit(data)));

  it('appending the check digit yields a valid code', () => {
    fc.assert(
      fc.property(gtin, (code) => {
        const result = classifyBarcode(code);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.symbology).not.toBe('code128');
      }),
    );
  });

  it('changing any one digit makes it invalid', () => {
    const mutation = gtin.chain((code) =>
      fc.tuple(fc.constant(code), fc.nat({ max: code.length - 1 }), fc.integer({ min: 1, max: 9 })),
    );
    fc.assert(
      fc.property(mutation, ([code, pos, delta]) => {
        const digit = (Number(code[pos]) + delta) % 10;
        const changed = code.slice(0, pos) + String(digit) + code.slice(pos + 1);
        expect(classifyBarcode(changed).ok).toBe(false);
      }),
    );
  });
});
