import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { allocate, formatMoney, isCurrencyCode, minorDigits, mulDivRound, parseMoney } from './money.ts';
import type { RoundingMode } from './money.ts';

const SAFE = Number.MAX_SAFE_INTEGER;

// Independent reference: floor division on BigInt, then compare 2r with c.
function referenceRound(a: number, b: number, c: number, mode: RoundingMode): bigint {
  let n = BigInt(a) * BigInt(b);
  let d = BigInt(c);
  if (d < 0n) [n, d] = [-n, -d];
  let floor = n / d;
  if (n % d !== 0n && n < 0n) floor -= 1n;
  const r = n - floor * d; // 0 <= r < d
  if (2n * r < d) return floor;
  if (2n * r > d) return floor + 1n;
  if (mode === 'half_even') return floor % 2n === 0n ? floor : floor + 1n;
  return n < 0n ? floor : floor + 1n;
}

describe('mulDivRound', () => {
  it('rounds half away from zero by default', () => {
    expect(mulDivRound(5, 1, 2)).toBe(3);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
    expect(mulDivRound(5, -1, 2)).toBe(-3);
    expect(mulDivRound(5, 1, -2)).toBe(-3);
    expect(mulDivRound(-5, -1, -2)).toBe(-3);
    expect(mulDivRound(5997, 1000, 10000)).toBe(600);
    expect(mulDivRound(4, 1, 3)).toBe(1);
    expect(mulDivRound(-4, 1, 3)).toBe(-1);
  });

  it('rounds half to even', () => {
    const he = (a: number, c: number) => mulDivRound(a, 1, c, 'half_even');
    expect([he(1, 2), he(3, 2), he(5, 2), he(7, 2)]).toEqual([0, 2, 2, 4]);
    expect([he(-1, 2), he(-3, 2), he(-5, 2)]).toEqual([0, -2, -2]);
    expect(he(25, 10)).toBe(2);
    expect(he(35, 10)).toBe(4);
    expect(he(26, 10)).toBe(3);
    expect(Object.is(he(-1, 2), 0)).toBe(true);
  });

  it('does not overflow in the intermediate product', () => {
    expect(mulDivRound(SAFE, SAFE, SAFE)).toBe(SAFE);
    expect(mulDivRound(2 ** 52, 3, 4)).toBe(3 * 2 ** 50);
  });

  it('rejects bad input and unsafe results', () => {
    expect(() => mulDivRound(1, 1, 0)).toThrow(RangeError);
    expect(() => mulDivRound(1.5, 1, 1)).toThrow(RangeError);
    expect(() => mulDivRound(1, Number.NaN, 1)).toThrow(RangeError);
    expect(() => mulDivRound(SAFE, 2, 1)).toThrow(RangeError);
  });

  it('equals a BigInt reference', () => {
    const int = fc.integer({ min: -1e9, max: 1e9 });
    // Small divisors make exact halves common, so the tie rules are really exercised.
    const nonZero = fc.oneof(fc.integer({ min: -4, max: 4 }), int).filter((c) => c !== 0);
    const mode = fc.constantFrom<RoundingMode>('half_up', 'half_even');
    fc.assert(
      fc.property(int, int, nonZero, mode, (a, b, c, m) => {
        const expected = referenceRound(a, b, c, m);
        const safe = expected <= BigInt(SAFE) && expected >= BigInt(-SAFE);
        if (safe) expect(mulDivRound(a, b, c, m)).toBe(Number(expected));
        else expect(() => mulDivRound(a, b, c, m)).toThrow(RangeError);
      }),
    );
  });

  it('half_up is symmetric: f(-a) = -f(a)', () => {
    const int = fc.integer({ min: -1e12, max: 1e12 });
    fc.assert(
      fc.property(int, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 1e6 }), (a, b, c) => {
        expect(mulDivRound(-a, b, c)).toBe(0 - mulDivRound(a, b, c));
      }),
    );
  });
});

describe('allocate', () => {
  it('splits by largest remainder, ties to the earlier index', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2, 3])).toEqual([2, 3, 5]);
    expect(allocate(5, [0, 1, 0, 1])).toEqual([0, 3, 0, 2]);
    expect(allocate(7, [0, 0, 0])).toEqual([3, 2, 2]);
    expect(allocate(0, [3, 0])).toEqual([0, 0]);
    expect(allocate(0, [])).toEqual([]);
  });

  it('mirrors negative totals', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(-1, [1, 0])).toEqual([-1, 0]);
  });

  it('rejects bad input', () => {
    expect(() => allocate(1, [])).toThrow(RangeError);
    expect(() => allocate(1, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(1, [0.5])).toThrow(RangeError);
    expect(() => allocate(0.5, [1])).toThrow(RangeError);
  });

  it('sums to total and stays within 1 of the exact share', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), weights, (total, ws) => {
        const shares = allocate(total, ws);
        expect(shares).toHaveLength(ws.length);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const sumW = ws.reduce((a, b) => a + BigInt(b), 0n);
        const effW = sumW === 0n ? ws.map(() => 1n) : ws.map((w) => BigInt(w));
        const div = sumW === 0n ? BigInt(ws.length) : sumW;
        shares.forEach((s, i) => {
          expect(Number.isSafeInteger(s)).toBe(true);
          // |s - total*w/div| < 1  <=>  |s*div - total*w| < div
          const diff = BigInt(s) * div - BigInt(total) * (effW[i] ?? 0n);
          expect(diff < div && -diff < div).toBe(true);
        });
      }),
    );
  });
});

describe('currencies', () => {
  it('knows minor digits', () => {
    expect(minorDigits('CNY')).toBe(2);
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KRW')).toBe(0);
    expect(minorDigits('XOF')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('TND')).toBe(3);
    expect(() => minorDigits('usd')).toThrow(RangeError);
  });

  it('recognises codes', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('US')).toBe(false);
    expect(isCurrencyCode('USDT')).toBe(false);
  });
});

describe('formatMoney', () => {
  it('formats with the currency digits', () => {
    expect(formatMoney({ amount: 123456, currency: 'USD' }, 'en-US')).toBe('$1,234.56');
    expect(formatMoney({ amount: -5, currency: 'USD' }, 'en-US')).toBe('-$0.05');
    expect(formatMoney({ amount: 1234, currency: 'JPY' }, 'en-US')).toBe('¥1,234');
    expect(formatMoney({ amount: 1234567, currency: 'EUR' }, 'de-DE')).toBe('12.345,67\u00a0€');
    expect(formatMoney({ amount: 1500, currency: 'KWD' }, 'en-US')).toMatch(/1\.500$/);
  });

  it('stays exact near the safe-integer limit', () => {
    expect(formatMoney({ amount: SAFE, currency: 'USD' }, 'en-US')).toBe('$90,071,992,547,409.91');
  });
});

describe('parseMoney', () => {
  it('parses plain decimals into minor units', () => {
    expect(parseMoney('12.34', 'CNY')).toBe(1234);
    expect(parseMoney('12', 'CNY')).toBe(1200);
    expect(parseMoney('-0.5', 'CNY')).toBe(-50);
    expect(parseMoney(' +3.1 ', 'USD')).toBe(310);
    expect(parseMoney('.5', 'USD')).toBe(50);
    expect(parseMoney('1234', 'JPY')).toBe(1234);
    expect(parseMoney('1.234', 'KWD')).toBe(1234);
    expect(Object.is(parseMoney('-0', 'USD'), 0)).toBe(true);
  });

  it('rejects excess decimals and non-numbers', () => {
    expect(() => parseMoney('1.234', 'CNY')).toThrow(/at most 2/);
    expect(() => parseMoney('1.5', 'JPY')).toThrow(/no minor unit/);
    for (const bad of ['', ' ', '-', '.', '12.', '1,5', '1e3', 'abc', '$1', '1 000', '--1', 'NaN', 'Infinity']) {
      expect(() => parseMoney(bad, 'USD'), bad).toThrow(RangeError);
    }
    expect(() => parseMoney('90071992547409.92', 'USD')).toThrow(RangeError);
  });

  it('round-trips what formatMoney prints', () => {
    const currency = fc.constantFrom('USD', 'CNY', 'JPY', 'KWD', 'EUR');
    fc.assert(
      fc.property(fc.integer({ min: -SAFE, max: SAFE }), currency, (amount, cur) => {
        // en-US puts only a symbol/code and group commas around a dot-decimal number.
        const plain = formatMoney({ amount, currency: cur }, 'en-US').replace(/[^0-9.-]/g, '');
        expect(parseMoney(plain, cur)).toBe(amount);
      }),
    );
  });
});
