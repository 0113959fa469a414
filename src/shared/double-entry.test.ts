import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNTS, journalLines, type BookDocument } from './double-entry.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const docArb: fc.Arbitrary<BookDocument> = fc.oneof(
  fc
    .record({
      type: fc.constantFrom('invoice' as const, 'credit_note' as const),
      rows: fc.array(fc.record({ taxRateBp: fc.constantFrom(0, 600, 1300), net: fc.nat(1e9), tax: fc.nat(1e8) }), { minLength: 1, maxLength: 3 }),
      cost: fc.nat(1e9),
    })
    .map((d) => ({ type: d.type, taxBreakdown: d.rows, gross: sum(d.rows.map((r) => r.net + r.tax)), cost: d.cost })),
  fc.record({ type: fc.constantFrom('payment' as const, 'refund' as const), method: fc.constantFrom('cash', 'card', 'alipay', 'unknown'), amount: fc.integer({ min: 1, max: 1e10 }) }),
  fc.record({ type: fc.constantFrom('income' as const, 'expense' as const), method: fc.constantFrom('cash', 'bank_transfer'), category: fc.constantFrom('RENT', 'FEES'), amount: fc.integer({ min: 1, max: 1e10 }) }),
  fc.record({ type: fc.constant('purchase' as const), amount: fc.integer({ min: 1, max: 1e10 }) }),
);

describe('journalLines', () => {
  it('every document balances, with no negative or empty line', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const lines = journalLines(doc, DEFAULT_ACCOUNTS);
        expect(sum(lines.map((l) => l.debit))).toBe(sum(lines.map((l) => l.credit)));
        for (const l of lines) {
          expect(l.debit >= 0 && l.credit >= 0 && l.debit + l.credit > 0).toBe(true);
          expect(l.debit === 0 || l.credit === 0).toBe(true);
        }
      }),
    );
  });

  it('books an invoice and its credit note as mirror images, and maps categories and methods', () => {
    const inv: BookDocument = { type: 'invoice', taxBreakdown: [{ taxRateBp: 1300, net: 10000, tax: 1300 }], gross: 11300, cost: 6000 };
    expect(journalLines(inv, DEFAULT_ACCOUNTS).map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1200', 11300, 0],
      ['4000', 0, 10000],
      ['2200', 0, 1300],
      ['5000', 6000, 0],
      ['1300', 0, 6000],
    ]);
    const cn = journalLines({ ...inv, type: 'credit_note', cost: 0 }, DEFAULT_ACCOUNTS);
    expect(cn.map((l) => [l.account, l.debit, l.credit])).toEqual([['1200', 0, 11300], ['4000', 10000, 0], ['2200', 1300, 0]]);
    const map = { ...DEFAULT_ACCOUNTS, categories: { RENT: '6310' } };
    expect(journalLines({ type: 'expense', method: 'bank_transfer', category: 'RENT', amount: 5 }, map).map((l) => [l.account, l.debit, l.credit])).toEqual([['6310', 5, 0], ['1100', 0, 5]]);
  });
});
