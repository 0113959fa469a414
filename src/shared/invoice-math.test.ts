import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, agingBucket, documentTotals, invoiceBalance, movingAverage, prorate, subtract, ZERO, type Amounts } from './invoice-math.ts';
import { computeOrderTotals } from './order-totals.ts';

const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 40 }),
  unitPrice: fc.integer({ min: 0, max: 2_000_000 }),
  discountBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
  taxRateBp: fc.constantFrom(0, 600, 900, 1300, 2000, 2100, 755),
});

/** An order, and for each line a random split of its quantity into parts (issued in random order). */
const splitOrderArb = fc
  .record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }), pricesIncludeTax: fc.boolean(), discountShare: fc.integer({ min: 0, max: 100 }) })
  .chain((o) =>
    fc.tuple(
      fc.constant(o),
      fc.tuple(...o.lines.map((l) => fc.array(fc.integer({ min: 1, max: l.quantity }), { minLength: 1, maxLength: 5 }))),
    ),
  );

/** Cuts `total` into parts of the given sizes, the last part taking what is left. */
function cut(total: number, sizes: readonly number[]): number[] {
  const parts: number[] = [];
  let left = total;
  for (const s of sizes) {
    if (left === 0) break;
    const take = Math.min(s, left);
    parts.push(take);
    left -= take;
  }
  if (left > 0) parts.push(left);
  return parts;
}

describe('prorate', () => {
  it('parts of a line, however cut, add up to the line exactly and each part keeps gross = net + tax', () => {
    fc.assert(
      fc.property(splitOrderArb, ([order, splits]) => {
        const undiscounted = computeOrderTotals({ lines: order.lines, orderDiscount: 0, pricesIncludeTax: order.pricesIncludeTax });
        const discountable = undiscounted.subtotal - undiscounted.discount;
        const totals = computeOrderTotals({ lines: order.lines, orderDiscount: Math.floor((discountable * order.discountShare) / 1000), pricesIncludeTax: order.pricesIncludeTax });
        totals.lines.forEach((line, i) => {
          const q = order.lines[i]!.quantity;
          let open: Amounts = { net: line.net, tax: line.tax, gross: line.gross };
          let openQty = q;
          let sumParts: Amounts = ZERO;
          for (const part of cut(q, splits[i]!)) {
            const a = prorate(open, openQty, part);
            expect(a.gross).toBe(a.net + a.tax);
            expect(a.net).toBeGreaterThanOrEqual(0);
            expect(a.tax).toBeGreaterThanOrEqual(0);
            expect(a.net).toBeLessThanOrEqual(open.net);
            expect(a.tax).toBeLessThanOrEqual(open.tax);
            sumParts = { net: sumParts.net + a.net, tax: sumParts.tax + a.tax, gross: sumParts.gross + a.gross };
            open = subtract(open, a);
            openQty -= part;
          }
          expect(openQty).toBe(0);
          expect(sumParts).toEqual({ net: line.net, tax: line.tax, gross: line.gross });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is proportional to the cent: a part differs from qty/openQty of the open amount by at most half a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 2, max: 1000 }), fc.integer({ min: 1, max: 999 }), (net, tax, openQty, q) => {
        fc.pre(q < openQty);
        const a = prorate({ net, tax, gross: net + tax }, openQty, q);
        expect(Math.abs(a.net * openQty - net * q)).toBeLessThanOrEqual(openQty / 2);
        expect(Math.abs(a.tax * openQty - tax * q)).toBeLessThanOrEqual(openQty / 2);
      }),
    );
  });

  it('refuses more than is open, zero, and inconsistent amounts', () => {
    expect(() => prorate({ net: 10, tax: 1, gross: 11 }, 2, 3)).toThrow(RangeError);
    expect(() => prorate({ net: 10, tax: 1, gross: 11 }, 2, 0)).toThrow(RangeError);
    expect(() => prorate({ net: 10, tax: 1, gross: 12 }, 2, 1)).toThrow(RangeError);
  });
});

describe('documentTotals', () => {
  it('totals, breakdown and lines agree to the cent', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ net: fc.integer({ min: 0, max: 1e10 }), tax: fc.integer({ min: 0, max: 1e9 }), taxRateBp: fc.constantFrom(0, 600, 1300) }), { maxLength: 30 }), (raw) => {
        const lines = raw.map((l) => ({ ...l, gross: l.net + l.tax }));
        const t = documentTotals(lines);
        expect(t.net).toBe(lines.reduce((s, l) => s + l.net, 0));
        expect(t.tax).toBe(t.taxBreakdown.reduce((s, r) => s + r.tax, 0));
        expect(t.gross).toBe(t.net + t.tax);
        expect(t.taxBreakdown.map((r) => r.taxRateBp)).toEqual([...new Set(lines.map((l) => l.taxRateBp))].sort((a, b) => a - b));
        for (const r of t.taxBreakdown) expect(r.net).toBe(lines.filter((l) => l.taxRateBp === r.taxRateBp).reduce((s, l) => s + l.net, 0));
      }),
    );
  });
});

describe('invoiceBalance', () => {
  it('follows open → partially paid → paid, and credited when credit notes cover it', () => {
    expect(invoiceBalance({ gross: 1000, credited: 0, paid: 0, refunded: 0 })).toEqual({ amountDue: 1000, status: 'open' });
    expect(invoiceBalance({ gross: 1000, credited: 0, paid: 400, refunded: 0 })).toEqual({ amountDue: 600, status: 'partially_paid' });
    expect(invoiceBalance({ gross: 1000, credited: 600, paid: 400, refunded: 0 })).toEqual({ amountDue: 0, status: 'paid' });
    expect(invoiceBalance({ gross: 1000, credited: 1000, paid: 0, refunded: 0 })).toEqual({ amountDue: 0, status: 'credited' });
    // Paid, then credited in full: the customer is owed the payment until it is refunded.
    expect(invoiceBalance({ gross: 1000, credited: 1000, paid: 1000, refunded: 0 })).toEqual({ amountDue: -1000, status: 'paid' });
    expect(invoiceBalance({ gross: 1000, credited: 1000, paid: 1000, refunded: 1000 })).toEqual({ amountDue: 0, status: 'credited' });
  });

  it('amount due is always gross − credited − paid + refunded', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), (gross, credited, paid, refunded) => {
        expect(invoiceBalance({ gross, credited, paid, refunded }).amountDue).toBe(gross - credited - paid + refunded);
      }),
    );
  });
});

describe('dates and aging', () => {
  it('buckets by whole days past due', () => {
    expect(agingBucket('2026-03-31', '2026-03-31')).toBe('current');
    expect(agingBucket('2026-03-31', '2026-04-01')).toBe('days1to30');
    expect(agingBucket('2026-03-01', '2026-03-31')).toBe('days1to30');
    expect(agingBucket('2026-03-01', '2026-04-01')).toBe('days31to60');
    expect(agingBucket('2026-01-01', '2026-03-31')).toBe('days61to90');
    expect(agingBucket('2026-01-01', '2026-04-01')).toBe('days61to90'); // 90 days
    expect(agingBucket('2026-01-01', '2026-04-02')).toBe('days90plus');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 30)).toBe('2027-01-30');
  });
});

describe('movingAverage', () => {
  it('weights the receipt against what is on hand, half-up, and restarts from an empty shelf', () => {
    expect(movingAverage(0, 0, 10, 500)).toBe(500);
    expect(movingAverage(10, 500, 10, 700)).toBe(600);
    expect(movingAverage(2, 100, 1, 101)).toBe(100); // 301 / 3 = 100.33
    expect(movingAverage(1, 100, 1, 101)).toBe(101); // 100.5 rounds up
    expect(movingAverage(-3, 999, 5, 200)).toBe(200);
  });

  it('stays between the old average and the receipt cost', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.nat(1e12), fc.integer({ min: 1, max: 1e9 }), fc.nat(1e12), (onHand, avg, qty, cost) => {
        const a = movingAverage(onHand, avg, qty, cost);
        expect(a).toBeGreaterThanOrEqual(Math.min(avg, cost));
        expect(a).toBeLessThanOrEqual(Math.max(avg, cost));
      }),
    );
  });
});
