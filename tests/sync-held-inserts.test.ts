import { afterEach, describe, expect, it } from 'vitest';
import type { RowChange } from '../src/main/db/journal.ts';
import { applyPulled } from '../src/main/sync/apply-batch.ts';
import { newId } from '../src/shared/ids.ts';
import { formatHlc } from '../src/shared/sync/hlc.ts';
import type { SyncOp } from '../src/shared/sync/protocol.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { ledgerTables } from './sync-helpers.ts';

// A pulled batch holds new products and stock movements back and writes them many per statement
// (src/main/sync/held-inserts.ts). Whatever is held, a batch of many ops must leave exactly what
// the same ops leave one op per batch (each op's held rows written at its own end): rows, clocks,
// the effective changes in sync_applied, and the issues in the order they were raised. The ops
// here make held rows meet everything that sends a row its own way: the same insert twice, a
// unique key already taken, a CHECK, a later update of a held row, an insert after its deletion.

const ledgers: TestLedger[] = [];
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
});

async function ledger(): Promise<TestLedger> {
  const l = await openTestLedger();
  ledgers.push(l);
  return l;
}

/** Makers of ops of another station, and of their product and movement inserts. */
type Make = {
  op(operation: string, changes: RowChange[]): SyncOp;
  product(id: string, sku: string): RowChange;
  move(productId: string, kind: string, qty: number): RowChange;
};

type Entry = { id: string; seq: number; station_id: string; hlc: string; at: string; actor: string; operation: string; changes: string; prev_hash: string; hash: string };

/** A source station's real journal, then ops of another station made to meet every way a held row can go. */
async function history(): Promise<{ prefix: SyncOp[]; ops: SyncOp[]; make: Make }> {
  const s = await ledger();
  const shop = await smallShop(s);
  await s.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }, { productId: shop.cup.id, quantity: 5 }] });
  const entries = s.app.ledger.raw.prepare('SELECT * FROM journal ORDER BY seq').all() as Entry[];
  const ops: SyncOp[] = entries.map((e) => ({ id: e.id, seq: e.seq, station: e.station_id, hlc: e.hlc, at: e.at, actor: e.actor, operation: e.operation, changes: e.changes, prevHash: e.prev_hash, hash: e.hash, schema: 1 }));
  const all = entries.flatMap((e) => JSON.parse(e.changes) as RowChange[]);
  const teaInsert = all.find((c) => c.t === 'product' && c.id === shop.tea.id && c.op === 'i')!;
  const movement = all.find((c) => c.t === 'stock_movement' && c.op === 'i')!;
  const teaOp = ops.find((o) => (JSON.parse(o.changes) as RowChange[]).some((c) => c === teaInsert || (c.t === 'product' && c.id === shop.tea.id && c.op === 'i')))!;

  const other = newId();
  let ms = Date.now() - 60_000;
  let seq = 0;
  const op = (operation: string, changes: RowChange[]): SyncOp => ({
    id: newId(),
    seq: ++seq,
    station: other,
    hlc: formatHlc({ ms: ++ms, counter: 0, station: other }),
    at: new Date(ms).toISOString(),
    actor: 'test',
    operation,
    changes: JSON.stringify(changes),
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
    schema: 1,
  });
  const product = (id: string, sku: string): RowChange => ({ t: 'product', op: 'i', id, v: { ...teaInsert.v, id, sku, name: `Product ${sku}` } });
  const move = (productId: string, kind: string, qty: number): RowChange => {
    const id = newId();
    return { t: 'stock_movement', op: 'i', id, v: { ...movement.v, id, product_id: productId, kind, on_hand_delta: qty } };
  };
  const fresh = newId();
  const gone = newId();
  const taxOp = ops.findIndex((o) => o.operation === 'taxRates.create');
  return {
    make: { op, product, move },
    // Applied one op per batch first, at both stations: a product made and deleted elsewhere (the
    // app never deletes products; one made after it keeps a rowid of its own. A freed rowid taken
    // again is tests/sync-search-deletions.test.ts's case).
    prefix: [ops[taxOp]!, op('products.create', [product(gone, 'GONE-1'), product(newId(), 'AFTER-GONE')]), op('products.delete', [{ t: 'product', op: 'd', id: gone }])],
    ops: [
      ...ops.filter((_, i) => i !== taxOp),
      // The same insert again (a second op carrying it): the row is here, nothing to merge.
      { ...teaOp, id: newId() },
      op('products.create', [product(fresh, 'FRESH-1'), move(fresh, 'receipt', 4)]),
      // A new product whose SKU is taken (parked), a movement refused by its CHECK (parked), a good one.
      op('products.create', [product(newId(), 'TEA-001'), move(shop.cup.id, 'bogus', 1), move(shop.cup.id, 'receipt', 3)]),
      // A later edit of a row held earlier in the batch.
      op('products.update', [{ t: 'product', op: 'u', id: fresh, v: { name: 'Fresh, renamed' } }]),
      // Inserted again after its deletion: the deletion wins.
      op('products.create', [product(gone, 'GONE-1')]),
      // Refused the other way round (a movement, then a product, a product held before both): the
      // issues still come in that order.
      op('products.create', [product(newId(), 'MID-1')]),
      op('stock.adjust', [move(fresh, 'bogus', 1)]),
      op('products.create', [product(newId(), 'CUP-002')]),
      op('products.create', [product(newId(), 'LAST-1'), move(fresh, 'receipt', 2)]),
    ],
  };
}

/** Tables the ops write that no ledger seeds for itself (seeded rows, such as carriers, carry each ledger's own clocks and times). */
const COMPARED = ['product', 'product_barcode', 'stock_movement', 'stock_level', 'warehouse', 'tax_rate', 'customer'];

/** What a pull leaves that must not depend on how the ops were batched. */
function outcome(l: TestLedger) {
  const raw = l.app.ledger.raw;
  const tables = ledgerTables(l.app.ledger);
  return {
    tables: Object.fromEntries(COMPARED.map((t) => [t, tables[t]])),
    clocks: raw.prepare(`SELECT t, id, col, hlc FROM sync_clock WHERE t IN (SELECT value FROM json_each(?)) ORDER BY t, id, col`).all(JSON.stringify(COMPARED)),
    applied: raw.prepare("SELECT op_id, changes FROM sync_applied WHERE kind = 'remote' ORDER BY pos").all(),
    issues: raw.prepare('SELECT kind, subject, message FROM sync_issue ORDER BY rowid').all(),
    productRowids: raw.prepare('SELECT rowid, id FROM product ORDER BY rowid').all(),
    movementRowids: raw.prepare('SELECT rowid, id FROM stock_movement ORDER BY rowid').all(),
  };
}

/** The prefix one op per batch at two new ledgers; then `ops` in one batch at the first, one per batch at the second. */
async function pulledBothWays(prefix: SyncOp[], ops: SyncOp[]) {
  const station = newId();
  const now = () => new Date();
  const big = await ledger();
  const small = await ledger();
  const n = prefix.length;
  for (const l of [big, small]) {
    for (const [i, op] of prefix.entries()) await applyPulled(l.app.ledger, station, { after: i, next: i + 1, ops: [{ serverSeq: i + 1, op }] }, now);
  }
  const r = await applyPulled(big.app.ledger, station, { after: n, next: n + ops.length, ops: ops.map((op, i) => ({ serverSeq: n + i + 1, op })) }, now);
  for (const [i, op] of ops.entries()) await applyPulled(small.app.ledger, station, { after: n + i, next: n + i + 1, ops: [{ serverSeq: n + i + 1, op }] }, now);
  return { big, small, r };
}

describe('held inserts of a pulled batch', () => {
  it('leave what the same ops leave one per batch, for rows that cannot be inserted as they came', async () => {
    const { prefix, ops } = await history();
    const { big, small, r } = await pulledBothWays(prefix, ops);
    expect(r).toMatchObject({ stale: false, applied: ops.length, parked: 4 });

    const a = outcome(big);
    const b = outcome(small);
    expect(a.clocks.length).toBeGreaterThan(10);
    expect(a).toEqual(b);
    // And what that is: two parked changes in the order they came, the renamed product, no deleted one.
    const messages = (a.issues as { kind: string; message: string }[]).map((i) => `${i.kind}: ${i.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^parked: .*UNIQUE constraint failed: product\.sku/),
      expect.stringMatching(/^parked: .*CHECK constraint failed/),
      expect.stringMatching(/^parked: .*CHECK constraint failed/),
      expect.stringMatching(/^parked: .*UNIQUE constraint failed: product\.sku/),
    ]);
    const products = a.tables.product as { sku: string; name: string }[];
    expect(products.find((p) => p.sku === 'FRESH-1')?.name).toBe('Fresh, renamed');
    expect(products.some((p) => p.sku === 'GONE-1')).toBe(false);
    expect(products.filter((p) => p.sku === 'TEA-001')).toHaveLength(1);
    for (const l of [big, small]) expect((await l.call('system.verify', {})).ok).toBe(true);
  });

  it('leave the same in a batch of many windows, with refused rows among them', async () => {
    // More ops than one window of parsed changes (64) and many full statements of held rows and
    // sync_applied entries (32), with rows that go their own way in between: the entries are
    // written as they are settled, not at the end, and must be the same, in the same order.
    const { prefix, ops: first, make } = await history();
    const ops = [...first];
    const made: string[] = [];
    for (let k = 0; k < 150; k++) {
      const id = newId();
      made.push(id);
      if (k === 45) ops.push(make.op('products.create', [make.product(newId(), 'TEA-001')])); // parked: its SKU is taken
      if (k === 70) ops.push(make.op('products.update', [{ t: 'product', op: 'u', id: made[60]!, v: { name: 'Renamed while held' } }]));
      if (k === 99) ops.push(make.op('stock.adjust', [make.move(made[98]!, 'bogus', 1)])); // parked: CHECK
      ops.push(k % 3 === 2 ? make.op('stock.receive', [make.move(made[k - 1]!, 'receipt', k)]) : make.op('products.create', [make.product(id, `MANY-${k}`), make.move(id, 'receipt', 1)]));
    }
    const { big, small, r } = await pulledBothWays(prefix, ops);
    expect(r).toMatchObject({ stale: false, applied: ops.length, parked: 6 });

    const a = outcome(big);
    expect(a).toEqual(outcome(small));
    expect((a.applied as unknown[]).length).toBeGreaterThan(150);
    expect((a.tables.product as { name: string }[]).filter((p) => p.name === 'Renamed while held')).toHaveLength(1);
    // The remote entries in apply order, each chained to the one before (verify checks every hash).
    const entries = big.app.ledger.raw.prepare("SELECT op_id FROM sync_applied WHERE kind = 'remote' ORDER BY pos").pluck().all();
    expect(entries.slice(-ops.length)).toEqual(ops.map((o) => o.id));
    for (const l of [big, small]) expect((await l.call('system.verify', {})).problems).toEqual([]);
  });
});
