import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPickList, compareBins, type PickSource } from './pick-list.ts';

const src = (productId: string, bin: string | null, quantity: number, orderNumber: string): PickSource => ({
  productId,
  sku: `SKU-${productId}`,
  name: productId,
  bin,
  quantity,
  orderId: `id-${orderNumber}`,
  orderNumber,
});

describe('buildPickList', () => {
  it('merges a product over orders and sorts by bin in natural order, binless last', () => {
    const list = buildPickList([
      src('tea', 'A-10', 2, 'SO-2'),
      src('cup', 'A-2', 1, 'SO-1'),
      src('tea', 'A-10', 3, 'SO-1'),
      src('pot', null, 1, 'SO-1'),
      src('tea', 'A-10', 1, 'SO-2'),
      src('mug', 'B-1', 0, 'SO-3'),
    ]);
    expect(list.map((l) => [l.productId, l.bin, l.quantity])).toEqual([
      ['cup', 'A-2', 1],
      ['tea', 'A-10', 6],
      ['pot', null, 1],
    ]);
    expect(list[1]!.orders).toEqual([
      { orderId: 'id-SO-1', orderNumber: 'SO-1', quantity: 3 },
      { orderId: 'id-SO-2', orderNumber: 'SO-2', quantity: 3 },
    ]);
  });

  it('keeps every unit: the list holds exactly the quantities asked for, per product and order', () => {
    const arb = fc.array(
      fc.record({ p: fc.constantFrom('a', 'b', 'c'), bin: fc.constantFrom('A-1', 'A-2', 'B-10', null), q: fc.integer({ min: 0, max: 9 }), o: fc.constantFrom('SO-1', 'SO-2', 'SO-3') }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const list = buildPickList(rows.map((r) => src(r.p, r.bin, r.q, r.o)));
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(list.map((l) => l.quantity))).toBe(sum(rows.map((r) => r.q)));
        for (const l of list) expect(sum(l.orders.map((o) => o.quantity))).toBe(l.quantity);
        for (let i = 1; i < list.length; i++) expect(compareBins(list[i - 1]!.bin, list[i]!.bin)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
