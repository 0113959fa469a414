import { gtinCheckDigit } from '../../shared/barcode.ts';
import type { OpInput, OpName, OpResult } from '../../shared/contract/index.ts';
import { LOCAL_OWNER } from '../../shared/permissions.ts';
import type { App } from '../app.ts';
import { CHANNELS, CITIES, FAMILIES, FIRST_NAMES, GIVEN_NAMES, LAST_NAMES, prng, SURNAMES, VARIANTS } from './demo-data.ts';

export type DemoOptions = {
  readonly orders?: number;
  readonly customers?: number;
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
};

export type DemoSummary = { products: number; warehouses: number; customers: number; orders: number; byStatus: Record<string, number> };

/**
 * Builds a believable shop through the dispatcher, so the demo ledger is a real ledger: every
 * row journaled, every order moved by the state machine, `verify` clean.
 */
export async function seedDemo(app: App, options: DemoOptions = {}): Promise<DemoSummary> {
  const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);
  const existing = await call('products.list', { limit: 1, includeInactive: true });
  if (existing.items.length > 0) throw new Error('This ledger already has products; the demo shop goes into a new, empty ledger.');

  const rnd = prng(options.seed ?? 20261122);
  const orderCount = options.orders ?? 5000;
  const customerCount = options.customers ?? 500;
  // The demo is rebuilt from scratch if interrupted, so it need not survive power loss.
  app.ledger.raw.pragma('synchronous = OFF');
  try {
    await call('settings.update', {
      shopName: 'Jade Leaf Tea & Home 翠叶茶居',
      approval: { amountAtLeast: 2000_00, firstOrderOfNewCustomer: false },
    });
    const standard = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13% 增值税', rateBp: 1300 });
    const reduced = await call('taxRates.create', { code: 'VAT9', name: 'VAT 9% 增值税', rateBp: 900 });
    await call('taxRates.create', { code: 'ZERO', name: 'Zero rated 零税率', rateBp: 0 });
    const warehouses = [
      await call('warehouses.create', { code: 'SH', name: 'Shanghai shop 上海门店' }),
      await call('warehouses.create', { code: 'HZ', name: 'Hangzhou warehouse 杭州仓' }),
      await call('warehouses.create', { code: 'ONLINE', name: 'Online fulfilment 电商仓' }),
    ];

    const products = [];
    let n = 0;
    for (const f of FAMILIES) {
      for (const v of VARIANTS) {
        for (const batch of [1, 2, 3, 4]) {
          n++;
          const base = `69${String(1000000000 + n).slice(1)}`;
          products.push(
            await call('products.create', {
              sku: `${f.code}-${v.code}${batch}`,
              name: `${f.en}, ${v.en} #${batch}`,
              altName: `${f.zh}${v.zh} ${batch}号`,
              price: Math.round((f.price * v.factor) / 100 / 10) * 10 + batch * 100,
              taxRateId: f.code.startsWith('TEA') ? reduced.id : standard.id,
              weightGrams: Math.round((f.grams * v.factor) / 100),
              allowBackorder: f.code === 'SET-GFT',
              barcodes: [`${base}${gtinCheckDigit(base)}`],
            }),
          );
        }
      }
    }
    for (const w of warehouses) {
      await call('stock.receive', { warehouseId: w.id, lines: products.map((p) => ({ productId: p.id, quantity: rnd.int(400, 900) })), reason: 'opening stock' });
    }

    const customers = [];
    for (let i = 0; i < customerCount; i++) {
      const chinese = rnd.next() < 0.7;
      const name = chinese ? `${rnd.pick(SURNAMES)}${rnd.pick(GIVEN_NAMES)}` : `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`;
      const place = chinese ? rnd.pick(CITIES.slice(0, 5)) : rnd.pick(CITIES.slice(5));
      const address = { name, line1: `${place.street} ${rnd.int(1, 999)}`, city: place.city, region: place.region, postalCode: String(rnd.int(100000, 999999)), country: place.country };
      customers.push(
        await call('customers.create', {
          name,
          email: `customer${i + 1}@example.com`,
          phone: chinese ? `1${rnd.int(3, 9)}${String(rnd.int(0, 999999999)).padStart(9, '0')}` : `+44 20 ${rnd.int(1000, 9999)} ${rnd.int(1000, 9999)}`,
          shippingAddress: address,
          billingAddress: address,
        }),
      );
    }

    const byStatus: Record<string, number> = {};
    const start = Date.now() - 365 * 24 * 3600 * 1000;
    for (let i = 0; i < orderCount; i++) {
      const lineCount = rnd.int(1, 4);
      const chosen = new Set<(typeof products)[number]>();
      while (chosen.size < lineCount) chosen.add(rnd.pick(products));
      const age = i / orderCount;
      const order = await call('orders.create', {
        customerId: rnd.pick(customers).id,
        warehouseId: rnd.pick(warehouses).id,
        channel: rnd.pick(CHANNELS),
        orderDate: new Date(start + age * 365 * 24 * 3600 * 1000 + rnd.int(0, 3600_000)).toISOString(),
        orderDiscount: rnd.next() < 0.1 ? 500 : 0,
        lines: [...chosen].map((p) => ({ productId: p.id, quantity: rnd.int(1, 3), discountBp: rnd.next() < 0.15 ? 1000 : 0 })),
      });
      const status = await advance(call, order.id, order.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })), age, rnd.next());
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      options.onProgress?.(i + 1, orderCount);
    }
    return { products: products.length, warehouses: warehouses.length, customers: customers.length, orders: orderCount, byStatus };
  } finally {
    app.ledger.raw.pragma('synchronous = FULL');
  }
}

type Call = <N extends OpName>(name: N, input: OpInput<N>) => Promise<OpResult<N>>;

/** Older orders are further along: most are completed, the newest still wait in every state. */
async function advance(call: Call, id: string, lines: { lineId: string; quantity: number }[], age: number, dice: number): Promise<string> {
  const recent = age > 0.97;
  if (dice < 0.04) return (await call('orders.cancel', { id, reason: 'customer changed their mind' })).status;
  if (recent && dice < 0.2) return 'draft';
  if (recent && dice < 0.3) {
    await call('orders.confirm', { id });
    return (await call('orders.cancel', { id, reason: 'out of delivery area' })).status;
  }
  const confirmed = await call('orders.confirm', { id });
  if (confirmed.status === 'pending_approval') {
    if (recent) return confirmed.status;
    await call('orders.approve', { id, note: 'checked by phone' });
  }
  if (recent && dice < 0.45) return 'approved';
  await call('orders.startPicking', { id });
  if (recent && dice < 0.55) return 'picking';
  await call('orders.pack', { id });
  if (recent && dice < 0.65) return 'packed';
  const first = lines[0]!;
  if (recent && dice < 0.75 && (lines.length > 1 || first.quantity > 1)) {
    return (await call('orders.ship', { id, lines: [{ lineId: first.lineId, quantity: 1 }] })).status;
  }
  await call('orders.ship', { id });
  if (recent || dice < 0.08) return 'shipped';
  await call('orders.deliver', { id });
  if (dice < 0.15) return 'delivered';
  return (await call('orders.complete', { id })).status;
}
