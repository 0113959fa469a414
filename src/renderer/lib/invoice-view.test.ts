import { describe, expect, it } from 'vitest';
import { creditLines, daysOf, displayStatus, isIsoDate, monthRange } from './invoice-view.ts';

const balance = (b: Partial<{ credited: number; paid: number; refunded: number; amountDue: number; status: 'open' | 'partially_paid' | 'paid' | 'credited'; overdue: boolean }>) => ({
  credited: 0,
  paid: 0,
  refunded: 0,
  amountDue: 1000,
  status: 'open' as const,
  overdue: false,
  ...b,
});

describe('invoice display status', () => {
  it('names each state a clerk acts on', () => {
    expect(displayStatus({ kind: 'invoice', balance: balance({}) })).toBe('unpaid');
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'partially_paid', paid: 400, amountDue: 600 }) })).toBe('partly_paid');
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'paid', paid: 1000, amountDue: 0 }) })).toBe('paid');
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'credited', credited: 1000, amountDue: 0 }) })).toBe('credited');
    expect(displayStatus({ kind: 'credit_note', balance: null })).toBe('credit_note');
  });

  it('puts overdue before unpaid and partly paid, never before paid', () => {
    expect(displayStatus({ kind: 'invoice', balance: balance({ overdue: true }) })).toBe('overdue');
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'partially_paid', overdue: true }) })).toBe('overdue');
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'paid', amountDue: 0, overdue: false }) })).toBe('paid');
  });

  it('shows money owed back to the customer as a refund due', () => {
    expect(displayStatus({ kind: 'invoice', balance: balance({ status: 'paid', paid: 1000, credited: 300, amountDue: -300 }) })).toBe('refund_due');
  });
});

describe('periods', () => {
  it('gives whole months, across year ends and leap years', () => {
    expect(monthRange('2026-11-23')).toEqual({ from: '2026-11-01', to: '2026-11-30', month: '2026-11' });
    expect(monthRange('2026-12-05', 1)).toEqual({ from: '2027-01-01', to: '2027-01-31', month: '2027-01' });
    expect(monthRange('2028-03-31', -1)).toEqual({ from: '2028-02-01', to: '2028-02-29', month: '2028-02' });
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('accepts only real calendar days as typed dates', () => {
    expect(isIsoDate('2026-11-23')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('23.11.2026')).toBe(false);
    expect(isIsoDate('2026-1-2')).toBe(false);
  });
});

describe('credit-note lines', () => {
  it('sends only positive whole quantities within what is open', () => {
    const open = { a: 3, b: 2, c: 0 };
    expect(creditLines({ a: 1, b: 0, c: 1 }, open)).toEqual([{ invoiceLineId: 'a', quantity: 1 }]);
    expect(creditLines({ a: 4, b: 2 }, open)).toEqual([{ invoiceLineId: 'b', quantity: 2 }]);
    expect(creditLines({ a: 1.5, x: 1 }, open)).toEqual([]);
  });
});

describe('invoice routes', () => {
  it('round-trip through the URL hash', async () => {
    const { helpSection, parseRoute, routeHash } = await import('./route.ts');
    for (const r of [{ screen: 'invoices' }, { screen: 'invoice', id: '0190f4a0-0000-7000-8000-000000000001' }, { screen: 'receivables' }, { screen: 'reports' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
      expect(helpSection(r.screen)).toBe('invoicing');
    }
  });
});
