import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDivRound, type RoundingMode } from '../src/shared/money.ts';

// mulDivRound answers products and divisors below 2^52 with doubles instead of BigInt (most of an
// order's totals). This holds it to an exact BigInt reference everywhere, near that bound most.

function reference(a: number, b: number, c: number, mode: RoundingMode): number {
  let n = BigInt(a) * BigInt(b);
  let d = BigInt(c);
  if (d < 0n) [n, d] = [-n, -d];
  let q = n / d;
  const r = n - q * d;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice > d || (twice === d && (mode === 'half_up' || q % 2n !== 0n))) q += n < 0n ? -1n : 1n;
  return Number(q);
}

const BOUND = 2 ** 52;
const near = (x: number) => fc.integer({ min: -64, max: 64 }).map((k) => x + k);
const magnitude = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -(2 ** 26), max: 2 ** 26 }),
  fc.integer({ min: -BOUND, max: BOUND }),
  near(BOUND).filter((x) => Number.isSafeInteger(x)),
  near(-BOUND).filter((x) => Number.isSafeInteger(x)),
  near(2 ** 26),
);
const mode = fc.constantFrom<RoundingMode>('half_up', 'half_even');

describe('mulDivRound', () => {
  it('matches exact BigInt arithmetic, whichever path it takes', () => {
    fc.assert(
      fc.property(magnitude, magnitude, magnitude.filter((c) => c !== 0), mode, (a, b, c, m) => {
        const want = reference(a, b, c, m);
        if (!Number.isSafeInteger(want)) expect(() => mulDivRound(a, b, c, m)).toThrow(RangeError);
        else expect(Object.is(mulDivRound(a, b, c, m), want)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rounds every small case like the reference, and never answers -0', () => {
    for (let a = -40; a <= 40; a++) {
      for (let b = -12; b <= 12; b++) {
        for (let c = -20; c <= 20; c++) {
          if (c === 0) continue;
          for (const m of ['half_up', 'half_even'] as const) {
            const got = mulDivRound(a, b, c, m);
            if (!Object.is(got, reference(a, b, c, m))) throw new Error(`mulDivRound(${a}, ${b}, ${c}, ${m}) = ${got}, want ${reference(a, b, c, m)}`);
          }
        }
      }
    }
    expect(Object.is(mulDivRound(0, -5, 3), 0)).toBe(true);
    expect(Object.is(mulDivRound(-1, 1, 3), 0)).toBe(true);
    expect(mulDivRound(5, 1, 2, 'half_even')).toBe(2);
    expect(mulDivRound(-5, 1, 2)).toBe(-3);
  });
});
