// The tax_rounding setting through the ledger: new orders take it and keep it, invoices made from
// them (whole or in parts) agree line by line, per rate and in total, and the parts of an order
// add up to the order. Random orders with fast-check (TAX_ROUNDING_SEED explores other runs).

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

const SEED = Number(process.env.TAX_ROUNDING_SEED ?? 20261123);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let products: { id: string }[];

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  const low = await t.call('taxRates.create', { code: 'VAT6', name: 'VAT 6%', rateBp: 600 });
  const penny = await t.call('products.create', { sku: 'PEN-1', name: 'Penny sweet', price: 5, taxRateId: low.id, allowBackorder: true });
  const odd = await t.call('products.create', { sku: 'ODD-7', name: 'Odd price', price: 1377, taxRateId: shop.vat.id, allowBackorder: true });
  products = [shop.pot, penny, odd];
});

afterAll(async () => {
  const report = await t?.call('system.verify', {});
  await t?.close();
  expect(report?.problems).toEqual([]);
});

type Doc = { lines: { net: number; tax: number; gross: number; taxRateBp: number }[]; taxBreakdown: { taxRateBp: number; net: number; tax: number; gross: number }[]; netTotal: number; taxTotal: number; grossTotal: number };
function agrees(d: Doc): void {
  for (const l of d.lines) expect(l.gross).toBe(l.net + l.tax);
  expect(sum(d.lines.map((l) => l.tax))).toBe(d.taxTotal);
  expect(sum(d.lines.map((l) => l.net))).toBe(d.netTotal);
  expect(d.grossTotal).toBe(d.netTotal + d.taxTotal);
  for (const r of d.taxBreakdown) {
    const group = d.lines.filter((l) => l.taxRateBp === r.taxRateBp);
    expect([sum(group.map((l) => l.net)), sum(group.map((l) => l.tax))]).toEqual([r.net, r.tax]);
  }
}

describe('tax rounding setting', () => {
  it('is line by default, refuses an unknown mode naming the field, and is journaled when changed', async () => {
    expect((await t.call('settings.get', {})).taxRounding).toBe('line');
    const e = await t.reject('settings.update', { taxRounding: 'bogus' as never });
    expect([e.code, e.field]).toEqual(['invalid', 'taxRounding']);
    expect((await t.call('settings.update', { taxRounding: 'document' })).taxRounding).toBe('document');
    expect((await t.call('settings.get', {})).taxRounding).toBe('document');
  });

  it('per document: three sweets at 0.05 with 6 % pay one cent of tax, not none; an order keeps its mode', async () => {
    await t.call('settings.update', { taxRounding: 'document' });
    const sweets = (n: number) => Array.from({ length: n }, () => ({ productId: products[1]!.id, quantity: 1 }));
    const draft = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: sweets(3) });
    // Per line each 0.05 × 6 % = 0.003 rounds to 0; once per document 0.15 × 6 % = 0.009 rounds to 0.01.
    expect(draft.taxTotal).toBe(1);
    await t.call('settings.update', { taxRounding: 'line' });
    const perLine = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: sweets(3) });
    expect(perLine.taxTotal).toBe(0);
    // Editing the first draft after the setting changed keeps the order's own mode: 0.25 × 6 % = 0.015 → 0.02.
    const edited = await t.call('orders.update', { id: draft.id, lines: sweets(5) });
    expect(edited.taxTotal).toBe(2);
    await t.call('orders.confirm', { id: draft.id });
    const inv = await t.call('invoices.issue', { orderId: draft.id });
    expect([inv.taxTotal, inv.lines.map((l) => l.tax)]).toEqual([2, [1, 1, 0, 0, 0]]);
    agrees(inv);
  });

  it('random orders invoiced in two parts: every document agrees, and the parts add up to the order, in both modes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('line' as const, 'document' as const),
        fc.boolean(),
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 2, max: 9 }), discountBp: fc.constantFrom(0, 333, 1250) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 99 }),
        async (mode, gross, lines, discountPct) => {
          await t.call('settings.update', { taxRounding: mode, pricesIncludeTax: gross });
          const created = await t.call('orders.create', {
            customerId: shop.customer.id,
            warehouseId: shop.main.id,
            lines: lines.map((l) => ({ productId: products[l.p]!.id, quantity: l.quantity, discountBp: l.discountBp })),
          });
          const orderDiscount = Math.floor(((created.subtotal - created.discountTotal) * discountPct) / 1000);
          const order = orderDiscount > 0 ? await t.call('orders.update', { id: created.id, orderDiscount }) : created;
          await t.call('orders.confirm', { id: order.id });
          const first = await t.call('invoices.issue', { orderId: order.id, lines: order.lines.map((l) => ({ orderLineId: l.id, quantity: Math.floor(l.quantity / 2) })) });
          const rest = await t.call('invoices.issue', { orderId: order.id });
          for (const d of [first, rest]) agrees(d);
          expect([first.netTotal + rest.netTotal, first.taxTotal + rest.taxTotal, first.grossTotal + rest.grossTotal]).toEqual([order.netTotal, order.taxTotal, order.grossTotal]);
          for (const r of order.taxBreakdown) {
            const parts = [first, rest].flatMap((d) => d.taxBreakdown.filter((x) => x.taxRateBp === r.taxRateBp));
            expect(sum(parts.map((x) => x.tax))).toBe(r.tax);
          }
        },
      ),
      { numRuns: 25, seed: SEED },
    );
  }, 120_000);
});
