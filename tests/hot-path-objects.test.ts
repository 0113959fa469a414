import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insertText, updateText } from '../src/main/db/row-sql.ts';
import { extendRow } from '../src/shared/objects.ts';

// The import's hot path copies rows with extendRow instead of `{ ...row, more }` (a slow path on
// Node 20's V8) and finds each statement's text column by column. Both must give exactly what
// they replace: the same keys in the same order (the journal stores rows as JSON, so key order
// is part of what is hashed), and one text per table, row count and column list.

const key = fc.constantFrom('id', 'sku', 'name', 'net', 'tax', 'gross', 'line_no', 'order_id', 'quantity');
const row = fc.dictionary(key, fc.oneof(fc.integer(), fc.string(), fc.constant(null)));

describe('extendRow', () => {
  it('makes the same object as a spread followed by the extra fields, key order included', () => {
    fc.assert(
      fc.property(row, row, (base, extra) => {
        const made = extendRow(base, extra);
        expect(JSON.stringify(made)).toBe(JSON.stringify({ ...base, ...extra }));
        expect(Object.keys(made)).toEqual(Object.keys({ ...base, ...extra }));
      }),
    );
  });

  it('copies: changing the copy leaves the source as it was', () => {
    const base = { id: 'a', net: 1 };
    const made = extendRow(base, { tax: 2 });
    made.net = 5;
    expect(base).toEqual({ id: 'a', net: 1 });
    expect(made).toEqual({ id: 'a', net: 5, tax: 2 });
  });
});

describe('row statement text', () => {
  it('is one text per table, row count and column list, whether columns come as names or pairs', () => {
    const shapes: string[][] = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['b', 'a'], ['a', 'c']];
    const texts = new Set<string>();
    for (const cols of shapes) {
      for (const rows of [1, 2]) {
        const text = insertText('t', cols, rows);
        expect(insertText('t', cols.map((c) => [c, 0] as const), rows)).toBe(text);
        expect(text).toBe(`INSERT INTO "t" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`);
        texts.add(text);
      }
      expect(updateText('t', cols)).toBe(`UPDATE "t" SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE "id" = ?`);
      expect(insertText('u', cols, 1)).not.toBe(insertText('t', cols, 1));
    }
    expect(texts.size).toBe(shapes.length * 2);
    expect(insertText('t', ['a'], 1, ' ON CONFLICT (id) DO NOTHING')).toBe('INSERT INTO "t" ("a") VALUES (?) ON CONFLICT (id) DO NOTHING');
  });
});
