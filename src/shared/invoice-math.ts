// Invoice, credit note and balance arithmetic. Pure: integers in minor units, no I/O.
//
// An invoice line takes its amounts from the order line it bills; the order line's amounts
// come from computeOrderTotals (order-totals.ts: per-line, half-up rounding). Billing an order
// in several invoices, or crediting an invoice in several credit notes, prorates what is still
// open on the source line:
//
//   part = round(open × qty / openQty)   for net and tax separately (half-up), gross = net + tax
//   and the part that takes the last open unit takes exactly what is left.
//
// So however a line is split, its parts add up to the source line to the cent, every part is
// between 0 and what was open, and gross = net + tax holds on every line. Document totals and
// the per-rate breakdown are plain sums of rounded lines (as on orders), so lines, breakdown and
// totals always agree.

import { mulDivRound } from './money.ts';

export type Amounts = { readonly net: number; readonly tax: number; readonly gross: number };

export const ZERO: Amounts = { net: 0, tax: 0, gross: 0 };

export function subtract(a: Amounts, b: Amounts): Amounts {
  return { net: a.net - b.net, tax: a.tax - b.tax, gross: a.gross - b.gross };
}

export function add(a: Amounts, b: Amounts): Amounts {
  return { net: a.net + b.net, tax: a.tax + b.tax, gross: a.gross + b.gross };
}

/** The share of `open` amounts that `qty` of `openQty` units carries (see the header). */
export function prorate(open: Amounts, openQty: number, qty: number): Amounts {
  if (!Number.isSafeInteger(qty) || !Number.isSafeInteger(openQty) || qty <= 0 || qty > openQty) {
    throw new RangeError(`cannot take ${qty} of ${openQty} open units`);
  }
  if (open.gross !== open.net + open.tax) throw new RangeError('open amounts must satisfy gross = net + tax');
  if (qty === openQty) return open;
  const net = mulDivRound(open.net, qty, openQty);
  const tax = mulDivRound(open.tax, qty, openQty);
  return { net, tax, gross: net + tax };
}

export type DocumentLineAmounts = Amounts & { readonly taxRateBp: number };

export type TaxRow = Amounts & { readonly taxRateBp: number };

export type DocumentTotals = Amounts & { readonly taxBreakdown: readonly TaxRow[] };

/** Totals and the per-rate breakdown (ascending rate): sums of the rounded lines. */
export function documentTotals(lines: readonly DocumentLineAmounts[]): DocumentTotals {
  const byRate = new Map<number, Amounts>();
  let total: Amounts = ZERO;
  for (const l of lines) {
    byRate.set(l.taxRateBp, add(byRate.get(l.taxRateBp) ?? ZERO, l));
    total = add(total, l);
  }
  for (const v of [total.net, total.tax, total.gross]) {
    if (!Number.isSafeInteger(v)) throw new RangeError('document total exceeds the safe integer range');
  }
  const taxBreakdown = [...byRate.entries()].sort(([a], [b]) => a - b).map(([taxRateBp, a]) => ({ taxRateBp, ...a }));
  return { ...total, taxBreakdown };
}

// ---- balances ----

export const INVOICE_STATUSES = ['open', 'partially_paid', 'paid', 'credited'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceFlows = {
  readonly gross: number;
  /** Gross of the credit notes issued against the invoice. */
  readonly credited: number;
  /** Payments allocated to the invoice. */
  readonly paid: number;
  /** Refunds allocated to the invoice. */
  readonly refunded: number;
};

export type InvoiceBalance = {
  /** What the customer still owes on the invoice; negative when we owe them (a refund is due). */
  readonly amountDue: number;
  readonly status: InvoiceStatus;
};

/**
 * amountDue = gross − credited − paid + refunded.
 * credited: credit notes cover the whole invoice (nothing was ever payable);
 * paid: nothing left to pay and something was paid; partially_paid: some payment, some due;
 * open: nothing paid yet.
 */
export function invoiceBalance(f: InvoiceFlows): InvoiceBalance {
  const amountDue = f.gross - f.credited - f.paid + f.refunded;
  const netPaid = f.paid - f.refunded;
  let status: InvoiceStatus;
  if (f.credited >= f.gross && netPaid <= 0) status = 'credited';
  else if (amountDue <= 0) status = 'paid';
  else if (netPaid > 0) status = 'partially_paid';
  else status = 'open';
  return { amountDue, status };
}

/** Whole days from `from` to `to` (ISO dates, YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** The ISO date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const AGING_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'days90plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** current: not yet past due; then by whole days past the due date. */
export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const late = daysBetween(dueDate, asOf);
  if (late <= 0) return 'current';
  if (late <= 30) return 'days1to30';
  if (late <= 60) return 'days31to60';
  if (late <= 90) return 'days61to90';
  return 'days90plus';
}

// ---- cost of goods: moving weighted average ----

/**
 * The moving weighted-average unit cost after receiving `qty` units at `unitCost` on top of
 * `onHand` units valued at `average` each (half-up to a whole minor unit). Outgoing goods leave
 * the average unchanged. When nothing (or less than nothing) is on hand, the receipt's cost is
 * the new average.
 */
export function movingAverage(onHand: number, average: number, qty: number, unitCost: number): number {
  if (!Number.isSafeInteger(qty) || qty <= 0) throw new RangeError('qty must be a positive integer');
  if (onHand <= 0) return unitCost;
  const value = BigInt(onHand) * BigInt(average) + BigInt(qty) * BigInt(unitCost);
  const units = BigInt(onHand + qty);
  // half-up on a non-negative value: floor((2v + u) / 2u)
  return Number((2n * value + units) / (2n * units));
}
