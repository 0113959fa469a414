// The shipping fee estimated on order entry (delivery.estimate) against what the ledger stores
// when the order is saved, on a real ledger file: for several fee rules, both price bases and
// both tax roundings, the estimate equals the saved fee, and the entry screen's live totals
// (computeOrderTotals with the charged fee, what the renderer's draftTotals runs; see
// src/renderer/lib/renderer-logic.test.ts) equal the saved order's totals to the cent,
// overridden fees included. Bad input is a typed error naming the field.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpResult } from '../src/shared/contract/index.ts';
import { chargedFee } from '../src/shared/order-fee.ts';
import { computeOrderTotals, type TaxRounding } from '../src/shared/order-totals.ts';
import type { FeeRule } from '../src/shared/shipping-fee.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Order = OpResult<'orders.get'>;
type Product = Shop['tea'];

let t: TestLedger;
let s: Shop;
const UNKNOWN = '0190f4a0-0000-7000-8000-0000000000ff';

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('products.update', { id: s.tea.id, weightGrams: 300 });
  await t.call('products.update', { id: s.cup.id, weightGrams: 450 });
  // The pot has no weight: it is named in unweighedSkus and counts as 0 g.
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 50 }, { productId: s.cup.id, quantity: 50 }, { productId: s.pot.id, quantity: 10 }] });
  // Shanghai, as the customer's default address now says.
  await t.call('customers.update', { id: s.customer.id, shippingAddress: { name: '王秀英', line1: '南京路 100 号', city: '上海', region: '上海', country: 'CN' } });
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});

/** A line as the entry screen holds it: the catalog price unless one was typed over it. */
type EntryLine = { productId: string; quantity: number; discountBp: number; unitPrice: number; typed: boolean };
const entryLine = (p: Product, quantity: number, discountBp = 0, unitPrice?: number): EntryLine => ({ productId: p.id, quantity, discountBp, unitPrice: unitPrice ?? p.price, typed: unitPrice !== undefined });
/** The lines as the contract takes them (what the screen sends to the estimate and on save). */
const asInput = (lines: EntryLine[]) => lines.map((l) => ({ productId: l.productId, quantity: l.quantity, discountBp: l.discountBp, ...(l.typed ? { unitPrice: l.unitPrice } : {}) }));

async function method(code: string, feeRule: FeeRule, kind: 'express' | 'local' | 'pickup' | 'freight' = 'local') {
  return t.call('deliveryMethods.create', { code, name: code, kind, feeRule: feeRule as OpInput<'deliveryMethods.create'>['feeRule'] });
}

/** The totals block as the entry screen shows it (every product here is taxed at 13 %). */
const live = (lines: EntryLine[], discount: number, fee: number | null, pricesIncludeTax: boolean, taxRounding: TaxRounding) => {
  const x = computeOrderTotals({ lines: lines.map((l) => ({ ...l, taxRateBp: 1300 })), orderDiscount: discount, pricesIncludeTax, taxRounding, shippingFee: fee });
  return { net: x.net, tax: x.tax, gross: x.gross, breakdown: x.taxBreakdown.map((r) => [r.taxRateBp, r.net, r.tax, r.gross]), shipping: x.shipping?.fee ?? null };
};
const saved = (o: Order) => ({
  net: o.netTotal,
  tax: o.taxTotal,
  gross: o.grossTotal,
  breakdown: o.taxBreakdown.map((r) => [r.taxRateBp, r.net, r.tax, r.gross]),
  shipping: o.shipping ? (o.pricesIncludeTax ? o.shipping.gross : o.shipping.net) : null,
});

const RULES: { name: string; rule: FeeRule; kind?: 'pickup'; fee: number; steps: string[] }[] = [
  { name: 'flat fee with a per-item surcharge', rule: { base: { kind: 'flat', amount: 800 }, perItem: 50 }, fee: 800 + 6 * 50, steps: ['flat', 'per_item'] },
  {
    name: 'weight steps in the destination zone',
    // 2 × 300 g + 3 × 450 g = 1,950 g: the Shanghai zone's first 1,000 g and one started 500 g step.
    rule: { base: { kind: 'weight', firstGrams: 1000, firstFee: 2300, stepGrams: 1000, stepFee: 1200 }, zones: [{ name: 'east', regions: ['CN/上海'], base: { kind: 'weight', firstGrams: 1000, firstFee: 1200, stepGrams: 500, stepFee: 333 } }] },
    fee: 1200 + 2 * 333,
    steps: ['zone', 'first_weight', 'additional_weight'],
  },
  {
    name: 'value bands on the goods gross',
    rule: { base: { kind: 'value', bands: [{ from: 0, fee: 1500 }, { from: 30_000, fee: 700 }, { from: 100_000, fee: 0 }] } },
    fee: 700,
    steps: ['value_band'],
  },
  { name: 'free from a threshold', rule: { base: { kind: 'flat', amount: 999 }, freeFrom: 20_000 }, fee: 0, steps: ['flat', 'free_from'] },
  { name: 'store pickup', rule: { base: { kind: 'flat', amount: 999 } }, kind: 'pickup', fee: 0, steps: ['pickup_free'] },
];

const BASES = [
  { pricesIncludeTax: false, taxRounding: 'line' as const },
  { pricesIncludeTax: true, taxRounding: 'line' as const },
  { pricesIncludeTax: false, taxRounding: 'document' as const },
];

describe('the fee estimated before saving is the fee the saved order pays', () => {
  for (const basis of BASES) {
    for (const r of RULES) {
      it(`${r.name}, prices ${basis.pricesIncludeTax ? 'with' : 'without'} tax, tax rounded per ${basis.taxRounding}`, async () => {
        await t.call('settings.update', basis);
        const m = await method('M1', r.rule, r.kind);
        // Odd amounts, a line discount and an order discount, so every rounding is exercised.
        const lines = [entryLine(s.tea, 2, 750), entryLine(s.cup, 3, 0, 1333), entryLine(s.pot, 1)];
        const discount = 1001;
        const ask = { deliveryMethodId: m.id, customerId: s.customer.id, lines: asInput(lines), orderDiscount: discount };
        const estimate = await t.call('delivery.estimate', ask);
        expect(estimate).toMatchObject({ fee: r.fee, currency: 'CNY', weightGrams: 1950, unweighedSkus: ['POT-003'], destination: { country: 'CN', region: '上海' } });
        expect(estimate.steps.map((x) => x.step)).toEqual(r.steps);
        const shown = live(lines, discount, chargedFee(estimate.fee, undefined), basis.pricesIncludeTax, basis.taxRounding);

        const created = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: ask.lines, orderDiscount: discount, deliveryMethodId: m.id });
        expect((await t.call('delivery.get', { orderId: created.id })).delivery).toMatchObject({ fee: r.fee, computedFee: r.fee, steps: estimate.steps });
        expect(saved(await t.call('orders.get', { id: created.id }))).toEqual(shown);

        // A fee typed over the computed one shows in the live totals as the ledger then books it.
        const shownOverride = live(lines, discount, chargedFee(estimate.fee, 1234), basis.pricesIncludeTax, basis.taxRounding);
        await t.call('delivery.set', { orderId: created.id, deliveryMethodId: m.id, fee: 1234 });
        expect(saved(await t.call('orders.get', { id: created.id }))).toEqual(shownOverride);
        expect(shownOverride.shipping).toBe(1234);
      });
    }
  }

  it('an edited draft: the estimate for its new lines is what orders.update then stores', async () => {
    await t.call('settings.update', { taxRounding: 'document' });
    const m = await method('WB', { base: { kind: 'weight', firstGrams: 500, firstFee: 1000, stepGrams: 500, stepFee: 250 }, freeFrom: 60_000 });
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: asInput([entryLine(s.tea, 1)]), deliveryMethodId: m.id });
    expect((await t.call('delivery.get', { orderId: o.id })).delivery?.fee).toBe(1000);

    const edited = [entryLine(s.tea, 4, 500), entryLine(s.cup, 2)];
    // An edited draft is asked for by its id: its own ship-to and price basis apply.
    const ask = { deliveryMethodId: m.id, orderId: o.id, lines: asInput(edited), orderDiscount: 250 };
    const estimate = await t.call('delivery.estimate', ask);
    // 4 × 300 g + 2 × 450 g = 2,100 g: 10.00 for the first 500 g, four started 500 g steps at 2.50.
    expect(estimate).toMatchObject({ fee: 2000, weightGrams: 2100 });
    const shown = live(edited, 250, chargedFee(estimate.fee, undefined), false, 'document');
    await t.call('orders.update', { id: o.id, lines: ask.lines, orderDiscount: 250 });
    expect((await t.call('delivery.get', { orderId: o.id })).delivery?.fee).toBe(estimate.fee);
    expect(saved(await t.call('orders.get', { id: o.id }))).toEqual(shown);
  });

  it('a ship-to typed on the entry wins over the customer address; none means the base rate', async () => {
    const m = await method('Z', { base: { kind: 'flat', amount: 2000 }, zones: [{ name: 'south', regions: ['CN/广东'], base: { kind: 'flat', amount: 900 } }] });
    const lines = [{ productId: s.cup.id, quantity: 1 }];
    const guangdong = { name: '李雷', line1: '天河路 1 号', city: '广州', region: '广东', country: 'CN' };
    expect(await t.call('delivery.estimate', { deliveryMethodId: m.id, customerId: s.customer.id, shipTo: guangdong, lines })).toMatchObject({ fee: 900, zone: 'south', destination: { country: 'CN', region: '广东' } });
    expect(await t.call('delivery.estimate', { deliveryMethodId: m.id, lines })).toMatchObject({ fee: 2000, zone: null, destination: null });
  });
});

describe('bad input to the estimate', () => {
  it('is a typed error naming the field, and writes nothing', async () => {
    const m = await method('F', { base: { kind: 'flat', amount: 500 } });
    const ok = { deliveryMethodId: m.id, customerId: s.customer.id, lines: [{ productId: s.tea.id, quantity: 1 }] };
    const cases: [OpInput<'delivery.estimate'>, string, string][] = [
      [{ ...ok, deliveryMethodId: UNKNOWN }, 'not_found', 'deliveryMethodId'],
      [{ ...ok, deliveryMethodId: 'not-an-id' }, 'invalid', 'deliveryMethodId'],
      [{ ...ok, customerId: UNKNOWN }, 'not_found', 'customerId'],
      [{ ...ok, orderId: UNKNOWN }, 'not_found', 'orderId'],
      [{ ...ok, lines: [{ productId: UNKNOWN, quantity: 1 }] }, 'not_found', 'lines.0.productId'],
      [{ ...ok, lines: [{ productId: s.tea.id, quantity: 0 }] }, 'invalid', 'lines.0.quantity'],
      [{ ...ok, lines: [{ productId: s.tea.id, quantity: 1.5 }] }, 'invalid', 'lines.0.quantity'],
      [{ ...ok, lines: [{ productId: s.tea.id, quantity: 1, discountBp: 10_001 }] }, 'invalid', 'lines.0.discountBp'],
      [{ ...ok, orderDiscount: -1 }, 'invalid', 'orderDiscount'],
      [{ ...ok, orderDiscount: 999_999 }, 'invalid', 'orderDiscount'],
      [{ ...ok, shipTo: { name: 'x', line1: 'y', city: 'z', country: 'China' } }, 'invalid', 'shipTo.country'],
    ];
    for (const [input, code, field] of cases) {
      const e = await t.reject('delivery.estimate', input);
      expect({ code: e.code, field: e.field }, JSON.stringify(input)).toEqual({ code, field });
    }
    await t.call('deliveryMethods.update', { id: m.id, active: false });
    expect((await t.reject('delivery.estimate', ok)).field).toBe('deliveryMethodId');
  });
});
