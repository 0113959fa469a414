import { join } from 'node:path';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type LedgerDb } from '../src/main/db/connection.ts';
import type { RowChange } from '../src/main/db/journal.ts';
import { JOURNALED_TABLES } from '../src/main/db/schema.ts';
import { mergeChange } from '../src/main/sync/merge-row.ts';
import { APPEND_ONLY_TABLES, needsClock } from '../src/main/sync/tables.ts';
import { tempDir } from './helpers.ts';

// A remote insert is first tried as `INSERT ... ON CONFLICT ("id") DO NOTHING` (merge-row.ts),
// instead of reading whether the row is here. This compares it, change by change, with the
// read-first merge it replaced (kept below as the reference): the same answer, the same error,
// and the same rows, full-text index and clocks afterwards, on real ledger files.

type Prepare = (sql: string) => Statement;
type Values = [string, string | number | null][];

/** The merge as it was before the insert was tried first (names are the test's own). */
function referenceMerge(prepare: Prepare, c: RowChange, hlc: string): RowChange | undefined {
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const cols = new Set((prepare('SELECT name FROM pragma_table_info(?)').all(c.t) as { name: string }[]).map((r) => r.name));
  const values: Values = Object.entries(c.v ?? {}).map(([col, value]) => {
    if (!cols.has(col)) throw new Error(`unknown column ${c.t}.${col}`);
    return [col, value as string | number | null];
  });
  const clockOf = (col: string): string => {
    const f = prepare('SELECT hlc FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(c.t, c.id, col) as { hlc: string } | undefined;
    const r = prepare('SELECT hlc FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(c.t, c.id, '*') as { hlc: string } | undefined;
    return f?.hlc ?? r?.hlc ?? '';
  };
  const setClock = (col: string) =>
    prepare('INSERT INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (t, id, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)').run(c.t, c.id, col, hlc);
  const mergeFields = (): RowChange | undefined => {
    const winners = values.filter(([col]) => col !== 'id' && hlc > clockOf(col));
    if (winners.length === 0) return undefined;
    prepare(`UPDATE ${q(c.t)} SET ${winners.map(([col]) => `${q(col)} = ?`).join(', ')} WHERE "id" = ?`).run(...winners.map(([, v]) => v), c.id);
    for (const [col] of winners) setClock(col);
    return { t: c.t, op: 'u', id: c.id, v: Object.fromEntries(winners) };
  };
  const clocked = needsClock(c.t, c.id);
  if (clocked && prepare('SELECT 1 AS x FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(c.t, c.id, '~')) return undefined;
  const present = prepare(`SELECT 1 AS x FROM ${q(c.t)} WHERE "id" = ?`).get(c.id) !== undefined;
  if (c.op === 'd') {
    if (present) prepare(`DELETE FROM ${q(c.t)} WHERE "id" = ?`).run(c.id);
    if (clocked) setClock('~');
    return present ? { t: c.t, op: 'd', id: c.id } : undefined;
  }
  if (c.op === 'u') {
    if (!present) throw new Error(`${c.t} ${c.id} is not here to update`);
    return mergeFields();
  }
  if (present) return APPEND_ONLY_TABLES.has(c.t) || !clocked ? undefined : mergeFields();
  prepare(`INSERT INTO ${q(c.t)} (${values.map(([col]) => q(col)).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`).run(...values.map(([, v]) => v));
  if (clocked) setClock('*');
  return { t: c.t, op: 'i', id: c.id, v: Object.fromEntries(values) };
}

const ledgers: LedgerDb[] = [];
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
});

const T = '2026-01-01T00:00:00.000Z';
const hlcAt = (n: number) => `${String(1_700_000_000_000 + n).padStart(15, '0')}.000000.STATION`;
const tax = { id: 'tax-1', code: 'VAT', name: 'VAT', rate_bp: 1300, active: 1, created_at: T, updated_at: T };
const warehouse = { id: 'wh-1', code: 'MAIN', name: 'Main', address: null, active: 1, created_at: T, updated_at: T };
const product = (id: string, sku: string, more: Record<string, string | number | null> = {}) => ({
  id,
  sku,
  name: `Product ${sku}`,
  alt_name: null,
  unit: 'pcs',
  price: 100,
  currency: 'CNY',
  tax_rate_id: 'tax-1',
  weight_grams: null,
  allow_backorder: 0,
  active: 1,
  created_at: T,
  updated_at: T,
  ...more,
});
const movement = (id: string, kind: string) => ({ id, product_id: 'p-1', warehouse_id: 'wh-1', kind, on_hand_delta: 5, reserved_delta: 0, reason: null, order_id: null, order_line_id: null, at: T, actor: 'x' });
const ins = (t: RowChange['t'], v: Record<string, string | number | null>, id = String(v.id)): RowChange => ({ t, op: 'i', id, v });

/** Changes in order, with the clock each comes with: every way an insert can meet this ledger. */
const SCRIPT: [RowChange, number][] = [
  [ins('tax_rate', tax), 1],
  [ins('warehouse', warehouse), 1],
  [ins('product', product('p-1', 'SKU-1')), 2],
  [ins('warehouse', { ...warehouse, id: 'wh-9', code: 'GONE' }), 2],
  [{ t: 'warehouse', op: 'd', id: 'wh-9' }, 3],
  [ins('stock_movement', movement('m-1', 'receipt')), 3],
  // A new row; the same op again; a row inserted at two stations, newer and older than ours.
  [ins('product', product('p-3', 'SKU-3', { alt_name: '绿茶' })), 4],
  [ins('product', product('p-3', 'SKU-3', { alt_name: '绿茶' })), 4],
  [ins('product', product('p-1', 'SKU-1', { name: 'Renamed at B', price: 120 })), 5],
  [ins('product', product('p-1', 'SKU-1', { name: 'Older at C' })), 3],
  // A deleted row inserted again (stays deleted); an append-only row seen twice.
  [ins('warehouse', { ...warehouse, id: 'wh-9', code: 'GONE' }), 6],
  [ins('stock_movement', movement('m-1', 'receipt')), 6],
  // Rows here whose insert would break a CHECK: the read-first merge never tried the insert.
  [ins('stock_movement', movement('m-1', 'no such kind')), 7],
  [ins('product', product('p-1', 'SKU-1', { price: -1 })), 8],
  [ins('product', product('p-1', 'SKU-1', { price: -1 })), 1],
  // New rows that are refused: another row's SKU, a CHECK, a missing NOT NULL field.
  [ins('product', product('p-4', 'SKU-1')), 9],
  [ins('product', product('p-5', 'SKU-5', { price: -1 })), 9],
  [ins('product', { id: 'p-6', sku: 'SKU-6' }), 9],
  [ins('stock_movement', movement('m-2', 'no such kind')), 9],
  // Changes not as a journal writes them: another id in v, no id in v, an unknown op.
  [ins('product', product('p-7', 'SKU-7'), 'p-1'), 10],
  [ins('product', product('p-8', 'SKU-8'), 'p-9'), 10],
  [ins('warehouse', { code: 'BACK', name: 'Back', active: 1, created_at: T, updated_at: T }, 'wh-2'), 10],
  [{ ...ins('product', product('p-10', 'SKU-10')), op: 'x' as 'i' }, 10],
  [{ ...ins('product', product('p-1', 'SKU-1', { name: 'Odd op' })), op: 'x' as 'i' }, 11],
  // Settings merge by clock too; updates and deletes take the read-first way as before.
  [ins('setting', { id: 'shop_name', value: 'Tea shop' }), 11],
  [ins('setting', { id: 'shop_name', value: 'Tea shop 2' }), 12],
  [{ t: 'product', op: 'u', id: 'p-3', v: { name: 'Updated' } }, 12],
  [{ t: 'product', op: 'u', id: 'p-404', v: { name: 'Nowhere' } }, 12],
  [{ t: 'stock_movement', op: 'd', id: 'm-1' }, 13],
  [ins('stock_movement', movement('m-3', 'receipt')), 13],
];

type Outcome = { result?: RowChange | undefined; error?: string };

function run(ledger: LedgerDb, merge: (prepare: Prepare, c: RowChange, hlc: string) => RowChange | undefined): Outcome[] {
  const { prepare } = ledger;
  prepare('BEGIN IMMEDIATE').run();
  prepare('PRAGMA defer_foreign_keys = ON').run();
  const outcomes = SCRIPT.map(([c, n]): Outcome => {
    try {
      return { result: merge(prepare, c, hlcAt(n)) };
    } catch (e) {
      expect(ledger.raw.inTransaction).toBe(true);
      return { error: e instanceof Error ? e.message : String(e) };
    }
  });
  prepare('COMMIT').run();
  return outcomes;
}

function dump(ledger: LedgerDb): Record<string, unknown[]> {
  const all = (sql: string) => ledger.raw.prepare(sql).all();
  return {
    product: all('SELECT * FROM product ORDER BY id'),
    product_fts: all('SELECT rowid, sku, name, alt_name FROM product_fts ORDER BY rowid'),
    product_fts_hits: all("SELECT rowid FROM product_fts WHERE product_fts MATCH 'SKU' ORDER BY rowid"),
    stock_movement: all('SELECT * FROM stock_movement ORDER BY id'),
    warehouse: all('SELECT * FROM warehouse ORDER BY id'),
    tax_rate: all('SELECT * FROM tax_rate ORDER BY id'),
    setting: all("SELECT * FROM setting WHERE id = 'shop_name'"),
    sync_clock: all('SELECT * FROM sync_clock ORDER BY t, id, col'),
  };
}

describe('a remote insert tried before reading whether its row is here', () => {
  it('answers, refuses and writes exactly as the read-first merge did', () => {
    const dir = tempDir();
    const fast = openLedger(join(dir, 'fast.sqlite'));
    const reference = openLedger(join(dir, 'reference.sqlite'));
    ledgers.push(fast, reference);
    const got = run(fast, mergeChange);
    const want = run(reference, referenceMerge);
    for (let i = 0; i < SCRIPT.length; i++) expect(got[i], `change ${i}: ${JSON.stringify(SCRIPT[i]![0]).slice(0, 80)}`).toEqual(want[i]);
    expect(dump(fast)).toEqual(dump(reference));
    // The script did reach every case: inserts, merges of rows here, refusals and no-ops.
    expect(want.filter((o) => o.result?.op === 'i').length).toBeGreaterThan(4);
    expect(want.filter((o) => o.result?.op === 'u').length).toBeGreaterThan(1);
    expect(want.filter((o) => o.error !== undefined).length).toBeGreaterThan(4);
    expect(want.filter((o) => 'result' in o && o.result === undefined).length).toBeGreaterThan(4);
  });

  it('relies on no BEFORE INSERT trigger on a synced table (one would run for a row already here)', () => {
    const ledger = openLedger(join(tempDir(), 'ledger.sqlite'));
    ledgers.push(ledger);
    const triggers = ledger.raw.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; tbl_name: string; sql: string }[];
    const before = triggers.filter((t) => (JOURNALED_TABLES as readonly string[]).includes(t.tbl_name) && /\bBEFORE\s+INSERT\b/i.test(t.sql));
    expect(before.map((t) => t.name)).toEqual([]);
    // And every synced table's primary key is its id alone, the conflict the insert names.
    for (const t of JOURNALED_TABLES) {
      const pk = (ledger.raw.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0').all(t) as { name: string }[]).map((r) => r.name);
      expect(pk, t).toEqual(['id']);
    }
  });
});
