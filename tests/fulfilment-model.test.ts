// Model-based test of the warehouse flow: random sequences of receipts, orders, picking,
// scanning (right, wrong and over-scans), packing, partial and full shipments, cancels, returns,
// transfers (sent, received in parts, closed short) and stock counts run against a real ledger
// file and, side by side, a small model that predicts on-hand and reserved stock per product and
// warehouse, what is in transit, and which calls must be refused. After every step:
//   - every stock level equals the sum of its movements, and agrees with the model;
//   - on hand never goes below zero (nothing ships or leaves that is not there);
//   - reserved stock equals what the orders holding reservations still need;
//   - per product, units are conserved: on hand everywhere + in transit + lost on closed
//     transfers + shipped to customers − returned to stock = received + count corrections (nothing in transit is
//     lost or counted twice).
// Each run ends with `system.verify`. FULFIL_MODEL_SEED=<seed> replays a failing run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorCode } from '../src/shared/errors.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

const RUNS = 25;
const MAX_STEPS = 60;

type MLine = { id: string; productId: string; quantity: number; shipped: number; reserved: number; scanned: number; returned: number };
type MOrder = { id: string; warehouseId: string; status: string; lines: MLine[] };
type MTransfer = { id: string; from: string; to: string; status: 'in_transit' | 'received' | 'closed'; lines: { id: string; productId: string; quantity: number; received: number }[] };
type Model = {
  levels: Map<string, { onHand: number; reserved: number }>;
  orders: MOrder[];
  transfers: MTransfer[];
  received: Map<string, number>;
  corrected: Map<string, number>;
};

type Action =
  | { a: 'receive'; p: number; w: number; q: number }
  | { a: 'order'; w: number; lines: { p: number; q: number }[] }
  | { a: 'pick'; o: number }
  | { a: 'scan'; o: number; p: number; q: number }
  | { a: 'scanLine'; o: number; line: number; q: number }
  | { a: 'pack'; o: number }
  | { a: 'ship'; o: number }
  | { a: 'cancel'; o: number }
  | { a: 'transfer'; from: number; p: number; q: number }
  | { a: 'arrive'; t: number; part: number; close: boolean }
  | { a: 'count'; w: number; p: number; counted: number }
  | { a: 'return'; o: number; line: number; q: number; restock: boolean };

const w = <T,>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
/** Order indexes count back from the newest order, so the flow of one order is usually followed through. */
const recent = fc.oneof(fc.nat(2), fc.nat(20));
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  w(3, fc.record({ a: fc.constant('receive' as const), p: fc.nat(2), w: fc.nat(1), q: fc.integer({ min: 1, max: 20 }) })),
  w(3, fc.record({ a: fc.constant('order' as const), w: fc.nat(1), lines: fc.array(fc.record({ p: fc.nat(2), q: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 3 }) })),
  w(2, fc.record({ a: fc.constant('pick' as const), o: recent })),
  w(1, fc.record({ a: fc.constant('scan' as const), o: recent, p: fc.nat(2), q: fc.integer({ min: 1, max: 4 }) })),
  w(4, fc.record({ a: fc.constant('scanLine' as const), o: recent, line: fc.nat(2), q: fc.integer({ min: 1, max: 4 }) })),
  w(2, fc.record({ a: fc.constant('pack' as const), o: recent })),
  w(3, fc.record({ a: fc.constant('ship' as const), o: recent })),
  w(1, fc.record({ a: fc.constant('cancel' as const), o: recent })),
  w(2, fc.record({ a: fc.constant('transfer' as const), from: fc.nat(1), p: fc.nat(2), q: fc.integer({ min: 1, max: 8 }) })),
  w(2, fc.record({ a: fc.constant('arrive' as const), t: fc.nat(10), part: fc.integer({ min: 0, max: 8 }), close: fc.boolean() })),
  w(3, fc.record({ a: fc.constant('return' as const), o: recent, line: fc.nat(2), q: fc.integer({ min: 1, max: 2 }), restock: fc.boolean() })),
  w(1, fc.record({ a: fc.constant('count' as const), w: fc.nat(1), p: fc.nat(2), counted: fc.integer({ min: 0, max: 15 }) })),
);

const key = (p: string, w: string) => `${p}|${w}`;
const HOLDS = ['approved', 'picking', 'packed', 'partially_shipped'];

async function outcome<T>(call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: ErrorCode; field: string | undefined }> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { ok: false, code: e.code, field: e.field };
  }
}

describe('fulfilment model', () => {
  it(`${RUNS} random runs of up to ${MAX_STEPS} warehouse operations keep the stock invariants`, async () => {
    // Fixed by default so CI runs the same cases and the coverage check cannot fail by chance.
    const seed = process.env.FULFIL_MODEL_SEED ? Number(process.env.FULFIL_MODEL_SEED) : 20261123;
    let steps = 0;
    let shipments = 0;
    let returns = 0;
    const refused = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 10, maxLength: MAX_STEPS, size: 'max' }), async (actions) => {
        const t: TestLedger = await openTestLedger();
        try {
          const s = await smallShop(t);
          const products = [s.tea, s.cup, s.pot];
          const backorder = new Set([s.pot.id]);
          const warehouses = [s.main.id, s.back.id];
          const m: Model = { levels: new Map(), orders: [], transfers: [], received: new Map(), corrected: new Map() };
          const lvl = (p: string, w: string) => {
            let l = m.levels.get(key(p, w));
            if (!l) m.levels.set(key(p, w), (l = { onHand: 0, reserved: 0 }));
            return l;
          };
          /** Reads a level without creating one (a failed call leaves no level behind). */
          const peek = (p: string, w: string) => m.levels.get(key(p, w)) ?? { onHand: 0, reserved: 0 };
          const bump = (map: Map<string, number>, p: string, n: number) => map.set(p, (map.get(p) ?? 0) + n);
          // Opening stock, so orders usually go through and the interesting paths are reached.
          for (const wh of warehouses) {
            await t.call('stock.receive', { warehouseId: wh, lines: products.map((p) => ({ productId: p.id, quantity: 15 })) });
            for (const p of products) {
              lvl(p.id, wh).onHand += 15;
              bump(m.received, p.id, 15);
            }
          }
          const refuse = (what: string, r: { ok: boolean; code?: string }, expected: string) => {
            expect(r.ok, `${what} should be refused with ${expected}`).toBe(false);
            expect(`${what}: ${(r as { code: string }).code}`).toBe(`${what}: ${expected}`);
            refused.set(`${what} ${expected}`, (refused.get(`${what} ${expected}`) ?? 0) + 1);
          };

          for (const act of actions) {
            steps++;
            switch (act.a) {
              case 'receive': {
                const p = products[act.p]!.id;
                await t.call('stock.receive', { warehouseId: warehouses[act.w]!, lines: [{ productId: p, quantity: act.q }] });
                lvl(p, warehouses[act.w]!).onHand += act.q;
                bump(m.received, p, act.q);
                break;
              }
              case 'order': {
                const w = warehouses[act.w]!;
                const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: w, lines: act.lines.map((l) => ({ productId: products[l.p]!.id, quantity: l.q })) });
                // Reserve line by line, as confirm does; one uncovered line refuses the whole order.
                const trial = new Map<string, number>();
                let covered = true;
                for (const l of act.lines) {
                  const p = products[l.p]!.id;
                  const level = peek(p, w);
                  const already = trial.get(p) ?? 0;
                  if (level.onHand - level.reserved - already < l.q && !backorder.has(p)) covered = false;
                  trial.set(p, already + l.q);
                }
                const r = await outcome(() => t.call('orders.confirm', { id: o.id }));
                if (!covered) {
                  refuse('confirm', r, 'insufficient_stock');
                  break;
                }
                expect(r.ok).toBe(true);
                for (const [p, q] of trial) lvl(p, w).reserved += q;
                m.orders.push({ id: o.id, warehouseId: w, status: 'approved', lines: o.lines.map((l) => ({ id: l.id, productId: l.productId, quantity: l.quantity, shipped: 0, reserved: l.quantity, scanned: 0, returned: 0 })) });
                break;
              }
              case 'pick': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const r = await outcome(() => t.call('orders.startPicking', { id: o.id }));
                if (o.status === 'approved' || o.status === 'partially_shipped') {
                  expect(r.ok).toBe(true);
                  o.status = 'picking';
                } else refuse('pick', r, 'conflict');
                break;
              }
              case 'scanLine':
              case 'scan': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const p = act.a === 'scan' ? products[act.p]! : products.find((x) => x.id === o.lines[act.line % o.lines.length]!.productId)!;
                const r = await outcome(() => t.call('packing.scan', { orderId: o.id, code: p.sku, quantity: act.q }));
                const lines = o.lines.filter((l) => l.productId === p.id && l.quantity - l.shipped > 0);
                const room = lines.reduce((n, l) => n + l.quantity - l.shipped - l.scanned, 0);
                if (o.status !== 'picking') refuse('scan', r, 'conflict');
                else if (lines.length === 0) refuse('scan', r, 'invalid');
                else if (act.q > room) refuse('scan', r, 'conflict');
                else {
                  expect(r.ok).toBe(true);
                  let left = act.q;
                  for (const l of lines) {
                    const take = Math.min(left, l.quantity - l.shipped - l.scanned);
                    l.scanned += take;
                    left -= take;
                  }
                }
                break;
              }
              case 'pack': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const r = await outcome(() => t.call('packing.pack', { orderId: o.id }));
                if (o.status === 'picking' && o.lines.some((l) => l.scanned > 0)) {
                  expect(r.ok).toBe(true);
                  o.status = 'packed';
                } else refuse('pack', r, 'conflict');
                break;
              }
              case 'ship': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const r = await outcome(() => t.call('shipments.create', { orderId: o.id, parcels: [{ trackingNumber: `T${steps}` }] }));
                if (r.ok) shipments++;
                const scanned = o.lines.some((l) => l.scanned > 0);
                const wanted = o.lines.map((l) => (scanned ? l.scanned : l.quantity - l.shipped));
                if (wanted.every((q) => q === 0)) {
                  refuse('ship', r, 'invalid');
                  break;
                }
                if (!HOLDS.includes(o.status)) {
                  refuse('ship', r, 'conflict');
                  break;
                }
                // On hand is checked line by line after the earlier lines of the same call.
                const onHand = new Map<string, number>();
                let short = false;
                for (const [i, l] of o.lines.entries()) {
                  const have = onHand.get(l.productId) ?? peek(l.productId, o.warehouseId).onHand;
                  if (have < wanted[i]!) short = true;
                  onHand.set(l.productId, have - wanted[i]!);
                }
                if (short) {
                  refuse('ship', r, 'insufficient_stock');
                  break;
                }
                expect(r.ok).toBe(true);
                for (const [i, l] of o.lines.entries()) {
                  const q = wanted[i]!;
                  if (q === 0) continue;
                  const fromReserved = Math.min(q, l.reserved);
                  const level = lvl(l.productId, o.warehouseId);
                  level.onHand -= q;
                  level.reserved -= fromReserved;
                  l.reserved -= fromReserved;
                  l.shipped += q;
                  l.scanned = Math.max(0, l.scanned - q);
                }
                o.status = o.lines.every((l) => l.shipped === l.quantity) ? 'shipped' : 'partially_shipped';
                break;
              }
              case 'cancel': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const r = await outcome(() => t.call('orders.cancel', { id: o.id, reason: 'model' }));
                if (o.lines.some((l) => l.shipped > 0)) refuse('cancel', r, 'conflict');
                else if (!['approved', 'picking', 'packed'].includes(o.status)) refuse('cancel', r, 'conflict');
                else {
                  expect(r.ok).toBe(true);
                  for (const l of o.lines) {
                    lvl(l.productId, o.warehouseId).reserved -= l.reserved;
                    l.reserved = 0;
                  }
                  o.status = 'cancelled';
                }
                break;
              }
              case 'transfer': {
                const from = warehouses[act.from]!;
                const to = warehouses[1 - act.from]!;
                const p = products[act.p]!.id;
                const tr = await t.call('transfers.create', { fromWarehouseId: from, toWarehouseId: to, lines: [{ productId: p, quantity: act.q }] });
                const r = await outcome(() => t.call('transfers.ship', { id: tr.id }));
                const level = peek(p, from);
                if (level.onHand - level.reserved < act.q) {
                  refuse('transfer', r, 'insufficient_stock');
                  break;
                }
                expect(r.ok).toBe(true);
                lvl(p, from).onHand -= act.q;
                m.transfers.push({ id: tr.id, from, to, status: 'in_transit', lines: [{ id: tr.lines[0]!.id, productId: p, quantity: act.q, received: 0 }] });
                break;
              }
              case 'arrive': {
                const tr = m.transfers[act.t % Math.max(m.transfers.length, 1)];
                if (!tr) break;
                const line = tr.lines[0]!;
                const q = Math.min(act.part, line.quantity - line.received);
                const r = await outcome(() => t.call('transfers.receive', { id: tr.id, lines: [{ lineId: line.id, quantity: q }], close: act.close, reason: act.close ? 'short' : undefined }));
                if (tr.status !== 'in_transit') {
                  refuse('arrive', r, 'conflict');
                  break;
                }
                expect(r.ok).toBe(true);
                line.received += q;
                if (q > 0) lvl(line.productId, tr.to).onHand += q;
                if (line.received === line.quantity) tr.status = 'received';
                else if (act.close) tr.status = 'closed';
                break;
              }
              case 'return': {
                const o = m.orders[m.orders.length - 1 - (act.o % Math.max(m.orders.length, 1))];
                if (!o) break;
                const l = o.lines[act.line % o.lines.length]!;
                const r = await outcome(() => t.call('returns.create', { orderId: o.id, reason: 'model', lines: [{ lineId: l.id, quantity: act.q, disposition: act.restock ? 'restock' : 'write_off' }] }));
                if (act.q > l.shipped - l.returned) {
                  refuse('return', r, 'invalid');
                  break;
                }
                expect(r.ok).toBe(true);
                l.returned += act.q;
                returns++;
                if (act.restock) lvl(l.productId, o.warehouseId).onHand += act.q;
                break;
              }
              case 'count': {
                const w = warehouses[act.w]!;
                const p = products[act.p]!.id;
                const r = await outcome(() => t.call('counts.create', { warehouseId: w }));
                if (!r.ok) {
                  // Nothing has moved in that warehouse yet: nothing to count.
                  refuse('count', r, 'invalid');
                  break;
                }
                const onSheet = r.value.lines.some((l) => l.productId === p);
                const rec = await outcome(() => t.call('counts.record', { id: r.value.id, lines: [{ productId: p, countedQty: act.counted }] }));
                if (!onSheet) {
                  refuse('count record', rec, 'invalid');
                  break;
                }
                await t.call('counts.post', { id: r.value.id, reason: 'model count' });
                const level = lvl(p, w);
                bump(m.corrected, p, act.counted - level.onHand);
                level.onHand = act.counted;
                break;
              }
            }
            await checkInvariants(t, m, products.map((p) => p.id));
          }
          const report = await t.call('system.verify', {});
          expect(report.problems).toEqual([]);
        } finally {
          await t.close();
        }
      }),
      { numRuns: RUNS, ...(seed !== undefined && { seed }) },
    );
    console.log(`fulfilment model: ${steps} steps; ${shipments} shipments, ${returns} returns; refused: ${JSON.stringify(Object.fromEntries(refused))}`);
    expect(steps).toBeGreaterThanOrEqual(RUNS * 10);
    // The runs must have exercised the refusals too, not only the happy path.
    expect([...refused.keys()].some((k) => k.startsWith('scan'))).toBe(true);
    // Loose floors (expected values are several times higher), so the runs cannot silently stop reaching the flow.
    expect(shipments).toBeGreaterThanOrEqual(RUNS / 2);
    expect(returns).toBeGreaterThan(0);
  }, 600_000);
});

async function checkInvariants(t: TestLedger, m: Model, productIds: readonly string[]): Promise<void> {
  const raw = t.app.ledger.raw;
  const drift = raw
    .prepare(
      `SELECT l.product_id, l.warehouse_id FROM stock_level l
       LEFT JOIN (SELECT product_id, warehouse_id, sum(on_hand_delta) oh, sum(reserved_delta) rs FROM stock_movement GROUP BY 1, 2) s
         ON s.product_id = l.product_id AND s.warehouse_id = l.warehouse_id
       WHERE l.on_hand != coalesce(s.oh, 0) OR l.reserved != coalesce(s.rs, 0)`,
    )
    .all();
  expect(drift).toEqual([]);
  const levels = raw.prepare('SELECT product_id, warehouse_id, on_hand, reserved FROM stock_level').all() as { product_id: string; warehouse_id: string; on_hand: number; reserved: number }[];
  for (const l of levels) {
    expect(l.on_hand, 'on hand below zero').toBeGreaterThanOrEqual(0);
    const model = m.levels.get(key(l.product_id, l.warehouse_id)) ?? { onHand: 0, reserved: 0 };
    expect({ p: l.product_id, w: l.warehouse_id, onHand: l.on_hand, reserved: l.reserved }).toEqual({ p: l.product_id, w: l.warehouse_id, onHand: model.onHand, reserved: model.reserved });
  }
  // Reserved stock is exactly what orders holding a reservation still need.
  const held = raw
    .prepare(
      `SELECT l.product_id, o.warehouse_id, sum(l.reserved_qty) n FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id
       WHERE o.status IN ('approved', 'picking', 'packed', 'partially_shipped') GROUP BY 1, 2`,
    )
    .all() as { product_id: string; warehouse_id: string; n: number }[];
  for (const h of held) expect(levels.find((l) => l.product_id === h.product_id && l.warehouse_id === h.warehouse_id)?.reserved ?? 0).toBe(h.n);
  // What the packing station shows: left to ship and scanned, per open line.
  for (const o of m.orders.filter((x) => HOLDS.includes(x.status))) {
    const state = await t.call('packing.get', { orderId: o.id });
    const want = o.lines.filter((l) => l.quantity > l.shipped).map((l) => ({ lineId: l.id, toShip: l.quantity - l.shipped, scanned: l.scanned }));
    expect(state.lines.map((l) => ({ lineId: l.lineId, toShip: l.toShip, scanned: l.scanned }))).toEqual(want);
    expect(state.status).toBe(o.status);
  }
  // Conservation per product, from the ledger's own tables.
  const inTransit = (await t.call('transfers.inTransit', {})).items;
  const modelTransit = (p: string) => m.transfers.filter((x) => x.status === 'in_transit').reduce((n, x) => n + x.lines.filter((l) => l.productId === p).reduce((k, l) => k + l.quantity - l.received, 0), 0);
  for (const p of productIds) {
    expect(inTransit.filter((i) => i.productId === p).reduce((n, i) => n + i.quantity, 0)).toBe(modelTransit(p));
    const onHand = levels.filter((l) => l.product_id === p).reduce((n, l) => n + l.on_hand, 0);
    const transit = raw
      .prepare(`SELECT coalesce(sum(l.quantity - l.received_qty), 0) n FROM stock_transfer_line l JOIN stock_transfer t ON t.id = l.transfer_id WHERE l.product_id = ? AND t.status IN ('in_transit', 'closed')`)
      .get(p) as { n: number };
    const shipped = raw.prepare('SELECT coalesce(sum(shipped_qty), 0) n FROM sales_order_line WHERE product_id = ?').get(p) as { n: number };
    const shipmentLines = raw.prepare('SELECT coalesce(sum(quantity), 0) n FROM shipment_line WHERE product_id = ?').get(p) as { n: number };
    expect(shipmentLines.n).toBe(shipped.n);
    const restocked = raw.prepare("SELECT coalesce(sum(quantity), 0) n FROM return_line WHERE product_id = ? AND disposition = 'restock'").get(p) as { n: number };
    expect(onHand + transit.n + shipped.n - restocked.n).toBe((m.received.get(p) ?? 0) + (m.corrected.get(p) ?? 0));
  }
}
