import type { OpResult } from '../../shared/contract/index.ts';

type Summary = OpResult<'invoices.list'>['items'][number];

/** How the invoice list names a document's state to a person (the ledger derives the balance). */
export const DISPLAY_STATUSES = ['unpaid', 'partly_paid', 'paid', 'overdue', 'credited', 'refund_due', 'credit_note'] as const;
export type DisplayStatus = (typeof DISPLAY_STATUSES)[number];

/**
 * Overdue wins over unpaid and partly paid (it is what a clerk must act on); money owed back to
 * the customer after a credit note is "refund due"; credit notes have no balance of their own.
 */
export function displayStatus(doc: Pick<Summary, 'kind' | 'balance'>): DisplayStatus {
  const b = doc.balance;
  if (doc.kind === 'credit_note' || b === null) return 'credit_note';
  if (b.amountDue < 0) return 'refund_due';
  if (b.status === 'credited') return 'credited';
  if (b.status === 'paid') return 'paid';
  if (b.overdue) return 'overdue';
  return b.status === 'partially_paid' ? 'partly_paid' : 'unpaid';
}

export const STATUS_COLORS: Readonly<Record<DisplayStatus, string>> = {
  unpaid: 'gold',
  partly_paid: 'blue',
  paid: 'green',
  overdue: 'red',
  credited: 'default',
  refund_due: 'purple',
  credit_note: 'magenta',
};

/** The first and last day (YYYY-MM-DD) of the month `offset` months from the one holding `iso`. */
export function monthRange(iso: string, offset = 0): { readonly from: string; readonly to: string; readonly month: string } {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + offset, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(first), to: day(last), month: day(first).slice(0, 7) };
}

/** Every day from `from` to `to` inclusive (ISO dates), for a chart that shows empty days too. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A typed YYYY-MM-DD that is a real calendar day. */
export function isIsoDate(text: string): boolean {
  return ISO_DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** Credit-note lines to send: only quantities above zero, never more than is open. */
export function creditLines(chosen: Readonly<Record<string, number>>, open: Readonly<Record<string, number>>): { invoiceLineId: string; quantity: number }[] {
  return Object.entries(chosen)
    .filter(([id, q]) => Number.isSafeInteger(q) && q > 0 && q <= (open[id] ?? 0))
    .map(([invoiceLineId, quantity]) => ({ invoiceLineId, quantity }));
}
