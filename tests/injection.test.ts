import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTRACT, OP_NAMES, type OpName } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

/**
 * Hostile text in every text field of the main records and in every search and filter
 * parameter of every read operation: each either lands as the field's own value, verbatim, or
 * is refused as `invalid` naming that field. Nothing else changes: the same rows are written as
 * for a harmless value, the schema stays, no internal error, and verify still replays the ledger.
 */

const PAYLOADS = [
  "'; DROP TABLE product; --",
  "x' OR '1'='1",
  '" OR ""="',
  "Robert'); DELETE FROM customer WHERE ('1'='1",
  '1; UPDATE stock_level SET on_hand = 999999',
  '%_% \\ */ /* -- #',
  'NEAR(a b) OR x* AND "unclosed',
  'nul\u0000byte',
  '\u0000',
  'x'.repeat(100_000),
  '"\'`;\\',
  '𠜎 emoji 🍵 and RTL \u202e text',
];

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;

const schemaSql = () => JSON.stringify(t.app.ledger.raw.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all());
const tables = () => (t.app.ledger.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'").all() as { name: string }[]).map((r) => r.name);
function rowCounts(): Record<string, number> {
  return Object.fromEntries(tables().map((name) => [name, (t.app.ledger.raw.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}
const delta = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(b).filter((k) => b[k] !== a[k]).map((k) => [k, b[k]! - (a[k] ?? 0)]));

/** Every string value the last journal entry wrote. */
function lastWrittenStrings(): string[] {
  const row = t.app.ledger.raw.prepare('SELECT changes FROM journal ORDER BY seq DESC LIMIT 1').get() as { changes: string };
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') {
      out.push(v);
      // JSON documents (addresses) hold their strings one level down.
      if (v.startsWith('{')) {
        try {
          collect(JSON.parse(v));
        } catch {
          // plain text that happens to start with a brace
        }
      }
    } else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const c of JSON.parse(row.changes) as { v: Record<string, unknown> }[]) collect(c.v);
  return out;
}

type Leaf = { path: (string | number)[]; value: string };
function stringLeaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}
function withLeaf(value: unknown, path: (string | number)[], replacement: string): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

async function attempt(op: OpName, input: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: AppError }> {
  try {
    return { ok: true, result: await t.app.dispatcher.callUnknown(op, input, LOCAL_OWNER) };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { ok: false, error: e };
  }
}

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
});
afterAll(async () => t?.close());

let n = 0;
const unique = () => `U${++n}`;
const addr = () => ({ name: 'Ann Li', line1: '1 Tea Road', line2: 'Floor 2', city: 'Hangzhou', region: 'Zhejiang', postalCode: '310000', country: 'CN', phone: '+86 571 1234' });

/** Valid inputs of the operations that take free text; each string in them is attacked in turn. */
const RECORDS: { op: OpName; input: () => unknown }[] = [
  { op: 'products.create', input: () => ({ sku: `SKU-${unique()}`, name: 'Tea', altName: '茶', price: 100, taxRateId: shop.vat.id, barcodes: [] }) },
  { op: 'customers.create', input: () => ({ code: unique(), name: 'Ann Li', email: `${unique()}@example.com`, phone: '123', taxId: 'T1', billingAddress: addr(), shippingAddress: addr(), notes: 'note' }) },
  { op: 'warehouses.create', input: () => ({ code: unique(), name: 'Shed' }) },
  { op: 'taxRates.create', input: () => ({ code: unique(), name: 'Rate', rateBp: 500 }) },
  { op: 'orders.create', input: () => ({ customerId: shop.customer.id, warehouseId: shop.main.id, externalRef: unique(), notes: 'call first', shipTo: addr(), lines: [{ productId: shop.pot.id, quantity: 1 }] }) },
  { op: 'books.createCategory', input: () => ({ kind: 'expense', code: unique(), name: 'Rent' }) },
  { op: 'roles.create', input: () => ({ name: `Role ${unique()}`, permissions: ['orders.read'] }) },
];

/** Top-level input fields of an operation that take text. */
function textFields(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })._zod.def;
  if (def.type !== 'object' || !def.shape) return [];
  const isText = (s: z.ZodType): boolean => {
    const d = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] } } })._zod.def;
    if (d.type === 'string') return true;
    if (d.innerType) return isText(d.innerType);
    if (d.type === 'pipe' && d.in) return isText(d.in);
    if (d.type === 'union' && d.options) return d.options.some(isText);
    return false;
  };
  return Object.entries(def.shape).filter(([, s]) => isText(s)).map(([k]) => k);
}

describe('hostile text in search and filter parameters', () => {
  it('every read operation treats them as values: no error but `invalid` on the field, no extra rows, nothing written', async () => {
    const schema = schemaSql();
    const counts = rowCounts();
    const journal = t.app.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get();
    let checked = 0;
    for (const op of OP_NAMES) {
      const def = CONTRACT[op];
      if (def.kind !== 'read') continue;
      for (const field of textFields(def.input)) {
        // Only where the field alone is a complete input, so the call really reaches the query.
        if (!def.input.safeParse({ [field]: 'abc' }).success) continue;
        checked++;
        for (const payload of PAYLOADS) {
          const outcome = await attempt(op, { [field]: payload });
          const where = `${op} ${field} = ${JSON.stringify(payload.slice(0, 40))}`;
          if (outcome.ok) {
            const items = (outcome.result as { items?: unknown[] }).items;
            // Runs on the small shop before any hostile record exists: a filter that matched anything leaked.
            if (items !== undefined) expect(items, where).toEqual([]);
          } else {
            expect(outcome.error.code, `${where}: ${outcome.error.message}`).not.toBe('internal');
            if (outcome.error.code === 'invalid') expect(outcome.error.field, where).toBe(field);
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(schemaSql()).toBe(schema);
    expect(rowCounts()).toEqual(counts);
    expect(t.app.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get()).toEqual(journal);
  }, 120_000);

});

describe('hostile text in record fields', () => {
  for (const record of RECORDS) {
    it(`${record.op}: every text field keeps hostile text as its own value or refuses it, and nothing else changes`, async () => {
      const schema = schemaSql();
      let before = rowCounts();
      const baseline = await attempt(record.op, record.input());
      expect(baseline.ok, record.op).toBe(true);
      const expectedDelta = delta(before, rowCounts());
      const leaves = stringLeaves(record.input()).filter((l) => !/(^|\.)(id|.*Id|country|kind|channel|permissions\.\d+)$/.test(l.path.join('.')));
      expect(leaves.length).toBeGreaterThan(0);
      for (const leaf of leaves) {
        for (const payload of PAYLOADS) {
          const input = record.input();
          const fresh = stringLeaves(input).find((l) => l.path.join('.') === leaf.path.join('.'))!;
          before = rowCounts();
          const outcome = await attempt(record.op, withLeaf(input, fresh.path, payload));
          const where = `${record.op} ${leaf.path.join('.')} = ${JSON.stringify(payload.slice(0, 40))}`;
          if (outcome.ok) {
            expect(delta(before, rowCounts()), where).toEqual(expectedDelta);
            // Stored verbatim (after the contract's trim): what was written is the value itself.
            expect(lastWrittenStrings(), where).toContain(payload.trim());
          } else {
            expect(['invalid', 'conflict'], `${where}: ${outcome.error.message}`).toContain(outcome.error.code);
            if (outcome.error.code === 'invalid') expect(outcome.error.field, where).toBe(fresh.path.join('.'));
            expect(rowCounts(), where).toEqual(before);
          }
        }
      }
      expect(schemaSql()).toBe(schema);
    }, 120_000);
  }
});

describe('after all of it', () => {
  it('the ledger still verifies: every stored hostile value replays from the journal', async () => {
    const report = await t.call('system.verify', {});
    expect(report.ok).toBe(true);
  });
});
