// Tax rounding per line or per document (the ledger's tax_rounding setting): in both modes the
// lines, the per-rate breakdown and the totals agree to the cent; per document, each rate's tax
// is the rate applied once to the rate's whole amount. TAX_ROUNDING_SEED=<n> explores other runs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDivRound } from '../src/shared/money.ts';
import { computeOrderTotals, TAX_ROUNDINGS, type TotalsInput } from '../src/shared/order-totals.ts';

const SEED = Number(process.env.TAX_ROUNDING_SEED ?? 20261123);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 50 }),
  unitPrice: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 500_000 })),
  discountBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
  taxRateBp: fc.constantFrom(0, 300, 600, 900, 1300, 1900, 2100),
});
const orderArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  discountPermille: fc.integer({ min: 0, max: 1000 }),
  pricesIncludeTax: fc.boolean(),
  shippingFee: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
  taxRounding: fc.constantFrom(...TAX_ROUNDINGS),
});

describe('tax rounding per line or per document', () => {
  it('lines, breakdown and totals agree to the cent in both modes', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, discountPermille, pricesIncludeTax, shippingFee, taxRounding }) => {
        const plain = computeOrderTotals({ lines, orderDiscount: 0, pricesIncludeTax });
        const orderDiscount = Math.floor(((plain.subtotal - plain.discount) * discountPermille) / 1000);
        const input: TotalsInput = { lines, orderDiscount, pricesIncludeTax, shippingFee, taxRounding };
        const t = computeOrderTotals(input);
        const charged = t.shipping ? [...t.lines, t.shipping] : t.lines;
        for (const l of charged) {
          expect(l.gross).toBe(l.net + l.tax);
          expect(l.net).toBeGreaterThanOrEqual(0);
          expect(l.tax).toBeGreaterThanOrEqual(0);
        }
        expect(sum(charged.map((l) => l.net))).toBe(t.net);
        expect(sum(charged.map((l) => l.tax))).toBe(t.tax);
        expect(t.gross).toBe(t.net + t.tax);
        for (const row of t.taxBreakdown) {
          const group = charged.filter((l) => l.taxRateBp === row.taxRateBp);
          expect(sum(group.map((l) => l.net))).toBe(row.net);
          expect(sum(group.map((l) => l.tax))).toBe(row.tax);
          expect(row.gross).toBe(row.net + row.tax);
          // The taxed amount of the group: net for net prices, gross for tax-inclusive ones.
          const base = pricesIncludeTax ? row.gross : row.net;
          const once = mulDivRound(base, row.taxRateBp, pricesIncludeTax ? 10_000 + row.taxRateBp : 10_000);
          if (taxRounding === 'document') expect(row.tax).toBe(once);
          // Per line, each line is rounded alone: the group may drift by at most half a cent per line.
          else expect(Math.abs(row.tax - once)).toBeLessThanOrEqual(Math.ceil(group.length / 2));
        }
        expect(sum(t.taxBreakdown.map((r) => r.tax))).toBe(t.tax);
        expect(sum(t.taxBreakdown.map((r) => r.gross))).toBe(t.gross);
        // The price basis is kept: what the customer pays does not depend on the mode for tax-inclusive prices.
        const other = computeOrderTotals({ ...input, taxRounding: taxRounding === 'line' ? 'document' : 'line' });
        if (pricesIncludeTax) expect(other.gross).toBe(t.gross);
        else expect(other.net).toBe(t.net);
        if (taxRounding === 'line') expect(t).toEqual(computeOrderTotals({ lines, orderDiscount, pricesIncludeTax, shippingFee }));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('three lines of 0.05 at 10 %: one cent of tax each per line, two cents once per document', () => {
    const lines = [1, 2, 3].map(() => ({ quantity: 1, unitPrice: 5, discountBp: 0, taxRateBp: 1000 }));
    const perLine = computeOrderTotals({ lines, orderDiscount: 0, pricesIncludeTax: false, taxRounding: 'line' });
    const perDoc = computeOrderTotals({ lines, orderDiscount: 0, pricesIncludeTax: false, taxRounding: 'document' });
    expect(perLine.lines.map((l) => l.tax)).toEqual([1, 1, 1]);
    expect(perLine.tax).toBe(3);
    expect(perDoc.lines.map((l) => l.tax)).toEqual([1, 1, 0]);
    expect(perDoc.taxBreakdown).toEqual([{ taxRateBp: 1000, net: 15, tax: 2, gross: 17 }]);
  });
});
