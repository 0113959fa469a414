import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeOrderTotals } from './order-totals.ts';
import type { OrderTotals, TotalsInput, TotalsLineInput } from './order-totals.ts';

const line = (quantity: number, unitPrice: number, discountBp: number, taxRateBp: number): TotalsLineInput => ({
  quantity,
  unitPrice,
  discountBp,
  taxRateBp,
});

describe('computeOrderTotals examples', () => {
  it('3 × 19.99 at 13% less 10%, prices exclude tax', () => {
    const t = computeOrderTotals({ lines: [line(3, 1999, 1000, 1300)], orderDiscount: 0, pricesIncludeTax: false });
    // base 5997; discount 599.7 → 600; net 5397; tax 701.61 → 702
    expect(t.lines[0]).toEqual({
      base: 5997, lineDiscount: 600, orderDiscountShare: 0, net: 5397, tax: 702, gross: 6099, taxRateBp: 1300,
    });
    expect(t).toMatchObject({ subtotal: 5997, discount: 600, net: 5397, tax: 702, gross: 6099 });
    expect(t.taxBreakdown).toEqual([{ taxRateBp: 1300, net: 5397, tax: 702, gross: 6099 }]);
  });

  it('3 × 19.99 at 13% less 10%, prices include tax', () => {
    const t = computeOrderTotals({ lines: [line(3, 1999, 1000, 1300)], orderDiscount: 0, pricesIncludeTax: true });
    // gross 5397; tax 5397 × 1300 / 11300 = 620.89 → 621; net 4776
    expect(t).toMatchObject({ subtotal: 5997, discount: 600, net: 4776, tax: 621, gross: 5397 });
  });

  it('splits the order discount by largest remainder and groups taxes by rate', () => {
    const t = computeOrderTotals({
      lines: [line(2, 1000, 0, 1300), line(1, 500, 2000, 900)],
      orderDiscount: 100,
      pricesIncludeTax: false,
    });
    // weights 2000 and 400: exact shares 83.33 and 16.67 → 83 and 17
    // line 1: 1917, tax 249.21 → 249; line 2: 383, tax 34.47 → 34
    expect(t.lines.map((l) => [l.orderDiscountShare, l.net, l.tax, l.gross])).toEqual([
      [83, 1917, 249, 2166],
      [17, 383, 34, 417],
    ]);
    expect(t).toMatchObject({ subtotal: 2500, discount: 200, net: 2300, tax: 283, gross: 2583 });
    expect(t.taxBreakdown).toEqual([
      { taxRateBp: 900, net: 383, tax: 34, gross: 417 },
      { taxRateBp: 1300, net: 1917, tax: 249, gross: 2166 },
    ]);
  });

  it('gives equal-weight ties to the earlier line', () => {
    const t = computeOrderTotals({
      lines: [line(1, 1000, 0, 0), line(1, 1000, 0, 0), line(1, 1000, 0, 0)],
      orderDiscount: 100,
      pricesIncludeTax: true,
    });
    expect(t.lines.map((l) => l.orderDiscountShare)).toEqual([34, 33, 33]);
    expect(t.gross).toBe(2900);
  });

  it('never puts order discount on a fully discounted line', () => {
    const t = computeOrderTotals({
      lines: [line(1, 999, 10000, 1300), line(1, 1000, 0, 1300)],
      orderDiscount: 1000,
      pricesIncludeTax: false,
    });
    expect(t.lines.map((l) => [l.lineDiscount, l.orderDiscountShare, l.net])).toEqual([[999, 0, 0], [0, 1000, 0]]);
    expect(t).toMatchObject({ subtotal: 1999, discount: 1999, net: 0, tax: 0, gross: 0 });
  });

  it('applies the rounding mode to discounts and tax', () => {
    const input: TotalsInput = { lines: [line(1, 25, 0, 1000), line(1, 25, 5000, 0)], orderDiscount: 0, pricesIncludeTax: false };
    // tax 2.5 and discount 12.5
    const up = computeOrderTotals(input);
    const even = computeOrderTotals({ ...input, rounding: 'half_even' });
    expect([up.lines[0]?.tax, up.lines[1]?.lineDiscount]).toEqual([3, 13]);
    expect([even.lines[0]?.tax, even.lines[1]?.lineDiscount]).toEqual([2, 12]);
  });

  it('handles an empty order', () => {
    const t = computeOrderTotals({ lines: [], orderDiscount: 0, pricesIncludeTax: false });
    expect(t).toEqual({ lines: [], subtotal: 0, discount: 0, net: 0, tax: 0, gross: 0, taxBreakdown: [], shipping: null });
  });

  it('rejects an order discount above the subtotal', () => {
    const lines = [line(1, 1000, 1000, 0)];
    expect(() => computeOrderTotals({ lines, orderDiscount: 901, pricesIncludeTax: false })).toThrow(
      'orderDiscount exceeds the order subtotal',
    );
    expect(computeOrderTotals({ lines, orderDiscount: 900, pricesIncludeTax: false }).net).toBe(0);
    expect(() => computeOrderTotals({ lines: [], orderDiscount: 1, pricesIncludeTax: false })).toThrow(RangeError);
  });

  it('rejects invalid lines', () => {
    const bad = [line(0, 1, 0, 0), line(1.5, 1, 0, 0), line(1, -1, 0, 0), line(1, 1, 10001, 0), line(1, 1, -1, 0), line(1, 1, 0, -1), line(1, 1, 0, 0.5)];
    for (const l of bad) {
      expect(() => computeOrderTotals({ lines: [l], orderDiscount: 0, pricesIncludeTax: false })).toThrow(RangeError);
    }
    expect(() => computeOrderTotals({ lines: [], orderDiscount: -1, pricesIncludeTax: false })).toThrow(RangeError);
    expect(() => computeOrderTotals({ lines: [line(2 ** 30, 2 ** 30, 0, 0)], orderDiscount: 0, pricesIncludeTax: false })).toThrow(RangeError);
  });
});

describe('computeOrderTotals with a shipping fee', () => {
  it('taxes the fee at the highest goods rate, outside the order discount', () => {
    const t = computeOrderTotals({
      lines: [line(2, 1000, 0, 1300), line(1, 500, 0, 900)],
      orderDiscount: 100,
      pricesIncludeTax: false,
      shippingFee: 1250,
    });
    // fee 12.50 at 13 %: tax 1.625 → 1.63
    expect(t.shipping).toEqual({ fee: 1250, net: 1250, tax: 163, gross: 1413, taxRateBp: 1300 });
    // goods: shares 80 and 20; 1920 + 250 tax, 480 + 43 tax
    expect(t.lines.map((l) => [l.orderDiscountShare, l.net, l.tax])).toEqual([[80, 1920, 250], [20, 480, 43]]);
    expect(t).toMatchObject({ subtotal: 2500, discount: 100, net: 2400 + 1250, tax: 293 + 163, gross: 2693 + 1413 });
    expect(t.taxBreakdown).toEqual([
      { taxRateBp: 900, net: 480, tax: 43, gross: 523 },
      { taxRateBp: 1300, net: 1920 + 1250, tax: 250 + 163, gross: 2170 + 1413 },
    ]);
  });

  it('takes the fee as tax-inclusive when prices include tax', () => {
    const t = computeOrderTotals({ lines: [line(1, 10000, 0, 900)], orderDiscount: 0, pricesIncludeTax: true, shippingFee: 1000 });
    // 1000 × 900 / 10900 = 82.57 → 83
    expect(t.shipping).toEqual({ fee: 1000, net: 917, tax: 83, gross: 1000, taxRateBp: 900 });
    expect(t.gross).toBe(11000);
  });

  it('charges a fee without goods at 0 % and refuses a negative fee', () => {
    const t = computeOrderTotals({ lines: [], orderDiscount: 0, pricesIncludeTax: false, shippingFee: 800 });
    expect(t).toMatchObject({ net: 800, tax: 0, gross: 800, taxBreakdown: [{ taxRateBp: 0, net: 800, tax: 0, gross: 800 }] });
    expect(() => computeOrderTotals({ lines: [], orderDiscount: 0, pricesIncludeTax: false, shippingFee: -1 })).toThrow('shippingFee');
  });
});

describe('computeOrderTotals invariants', () => {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const lineArb = fc.record({
    quantity: fc.integer({ min: 1, max: 1000 }),
    unitPrice: fc.integer({ min: 0, max: 10_000_000 }),
    discountBp: fc.oneof(fc.constant(0), fc.constant(10000), fc.integer({ min: 0, max: 10000 })),
    taxRateBp: fc.constantFrom(0, 500, 600, 900, 1300, 1900, 2000, 2500),
  });
  const orderArb = fc.record({
    lines: fc.array(lineArb, { maxLength: 25 }),
    discountPermille: fc.integer({ min: 0, max: 1000 }),
    pricesIncludeTax: fc.boolean(),
    rounding: fc.constantFrom(undefined, 'half_up' as const, 'half_even' as const),
    shippingFee: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
  });

  function checkInvariants(t: OrderTotals, input: TotalsInput): void {
    const all = [t.subtotal, t.discount, t.net, t.tax, t.gross];
    for (const l of t.lines) all.push(l.base, l.lineDiscount, l.orderDiscountShare, l.net, l.tax, l.gross);
    for (const r of t.taxBreakdown) all.push(r.net, r.tax, r.gross);
    if (t.shipping) all.push(t.shipping.net, t.shipping.tax, t.shipping.gross);
    expect(all.every((x) => Number.isSafeInteger(x) && !Object.is(x, -0))).toBe(true);

    // The shipping line is one more line of the totals, never part of the goods' discount.
    const charged = t.shipping ? [...t.lines, t.shipping] : t.lines;
    expect(t.shipping === null).toBe(input.shippingFee === undefined || input.shippingFee === null);
    if (t.shipping) {
      expect(t.shipping.gross).toBe(t.shipping.net + t.shipping.tax);
      expect(input.pricesIncludeTax ? t.shipping.gross : t.shipping.net).toBe(input.shippingFee);
      expect(t.shipping.taxRateBp).toBe(Math.max(0, ...input.lines.map((l) => l.taxRateBp)));
    }
    expect(sum(charged.map((l) => l.net))).toBe(t.net);
    expect(sum(charged.map((l) => l.tax))).toBe(t.tax);
    expect(sum(charged.map((l) => l.gross))).toBe(t.gross);
    expect(t.gross).toBe(t.net + t.tax);
    expect(sum(t.lines.map((l) => l.orderDiscountShare))).toBe(input.orderDiscount);
    expect(t.subtotal - t.discount + (input.shippingFee ?? 0)).toBe(input.pricesIncludeTax ? t.gross : t.net);
    for (const l of t.lines) {
      expect(l.net).toBeGreaterThanOrEqual(0);
      expect(l.tax).toBeGreaterThanOrEqual(0);
      expect(l.gross).toBe(l.net + l.tax);
    }

    const rates = t.taxBreakdown.map((r) => r.taxRateBp);
    expect(rates).toEqual([...new Set(charged.map((l) => l.taxRateBp))].sort((a, b) => a - b));
    expect(sum(t.taxBreakdown.map((r) => r.net))).toBe(t.net);
    expect(sum(t.taxBreakdown.map((r) => r.tax))).toBe(t.tax);
    expect(sum(t.taxBreakdown.map((r) => r.gross))).toBe(t.gross);
  }

  it('hold for random orders in both price modes', () => {
    fc.assert(
      fc.property(orderArb, ({ lines, discountPermille, pricesIncludeTax, rounding, shippingFee }) => {
        const plain = computeOrderTotals({ lines, orderDiscount: 0, pricesIncludeTax, rounding });
        const discountable = plain.subtotal - plain.discount;
        const orderDiscount = Math.floor((discountable * discountPermille) / 1000);
        const input: TotalsInput = { lines, orderDiscount, pricesIncludeTax, rounding, shippingFee };
        const t = computeOrderTotals(input);
        checkInvariants(t, input);
        // Adding a fee leaves every goods line as it was.
        expect(t.lines).toEqual(computeOrderTotals({ ...input, shippingFee: undefined }).lines);
        expect(() => computeOrderTotals({ ...input, orderDiscount: discountable + 1 })).toThrow(
          'orderDiscount exceeds the order subtotal',
        );
      }),
      { numRuns: 300 },
    );
  });
});
