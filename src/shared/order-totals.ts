// Order totals with per-line rounding.
//
// Every rounding happens on a line, never on a total: the line discount, then the line's tax.
// Totals (and the per-rate tax breakdown) are plain sums of already-rounded line amounts, so a
// printed invoice always adds up line by line, and an accountant can recompute any line alone.
// The price of that choice is that the tax of a rate group can differ by a few minor units
// from "rate × group net"; that is the accepted convention for per-line rounding.
//
// Per line, in this order:
//   base          = quantity × unitPrice                       (exact)
//   lineDiscount  = round(base × discountBp / 10000)
//   share         = the line's part of orderDiscount, split with allocate() in proportion to
//                   (base − lineDiscount); largest remainder, so the shares sum exactly
//   A             = base − lineDiscount − share
//   prices exclude tax: net = A, tax = round(A × rate / 10000), gross = net + tax
//   prices include tax: gross = A, tax = round(A × rate / (10000 + rate)), net = gross − tax
// round() uses input.rounding (default half_up, i.e. half away from zero).
//
// Tax rounding per document (taxRounding 'document', a ledger setting) rounds tax once per rate
// instead: for each rate, tax = round(Σ A × rate / 10000) (or / (10000 + rate) on tax-inclusive
// prices) over every line of that rate, shipping included, and that amount is spread back onto
// the lines with allocate() in proportion to A. Each line still has net + tax = gross, the lines
// of a rate still sum to the breakdown row, and the breakdown's tax is exactly the rate applied
// to its group: what tax authorities that assess tax per invoice and rate expect.
// subtotal and discount are in the price basis (gross when prices include tax).
//
// Shipping (optional) is one more line: the fee is in the same price basis as the goods (a shop
// whose prices include tax charges a fee that includes tax), never takes a share of the order
// discount, and is taxed at shippingTaxRateBp(lines): the highest rate among the goods, the
// usual treatment of delivery as ancillary to the main supply (0 % when there are no goods).
// net, tax, gross and the breakdown include it; subtotal and discount stay the goods' own.

import { allocate, mulDivRound } from './money.ts';
import type { RoundingMode } from './money.ts';

export const TAX_ROUNDINGS = ['line', 'document'] as const;
export type TaxRounding = (typeof TAX_ROUNDINGS)[number];

export type TotalsLineInput = {
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discountBp: number;
  readonly taxRateBp: number;
};

export type TotalsInput = {
  readonly lines: readonly TotalsLineInput[];
  readonly orderDiscount: number;
  readonly pricesIncludeTax: boolean;
  readonly rounding?: RoundingMode;
  /** Round tax per line (default) or once per rate of the document, spread over its lines. */
  readonly taxRounding?: TaxRounding;
  /** The shipping fee charged, in the price basis; absent or null when the order has none. */
  readonly shippingFee?: number | null;
};

export type ShippingTotals = {
  readonly fee: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly taxRateBp: number;
};

export type LineTotals = {
  readonly base: number;
  readonly lineDiscount: number;
  readonly orderDiscountShare: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly taxRateBp: number;
};

export type TaxBreakdownRow = {
  readonly taxRateBp: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
};

export type OrderTotals = {
  readonly lines: readonly LineTotals[];
  /** Sum of line bases. */
  readonly subtotal: number;
  /** Line discounts plus the order discount. */
  readonly discount: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  /** One row per distinct tax rate, ascending by rate (shipping included). */
  readonly taxBreakdown: readonly TaxBreakdownRow[];
  readonly shipping: ShippingTotals | null;
};

const BP = 10_000;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

function validateLine(line: TotalsLineInput, i: number): void {
  const { quantity, unitPrice, discountBp, taxRateBp } = line;
  check(Number.isSafeInteger(quantity) && quantity > 0, `line ${i}: quantity must be a positive integer`);
  check(Number.isSafeInteger(unitPrice) && unitPrice >= 0, `line ${i}: unitPrice must be a non-negative integer`);
  check(
    Number.isSafeInteger(discountBp) && discountBp >= 0 && discountBp <= BP,
    `line ${i}: discountBp must be an integer in 0..10000`,
  );
  check(Number.isSafeInteger(taxRateBp) && taxRateBp >= 0, `line ${i}: taxRateBp must be a non-negative integer`);
}

// Sums that could pass 2^53 are rejected rather than silently losing cents.
function safeSum(values: readonly number[], what: string): number {
  const total = values.reduce((acc, v) => acc + v, 0);
  check(Number.isSafeInteger(total), `${what} exceeds the safe integer range`);
  return total;
}

/** The tax rate of the shipping line: the highest rate among the goods, 0 without goods. */
export function shippingTaxRateBp(lines: readonly { readonly taxRateBp: number }[]): number {
  return lines.reduce((max, l) => Math.max(max, l.taxRateBp), 0);
}

/** Tax once per rate over the group's amounts, spread back onto its lines by amount. */
function taxPerDocument(amounts: readonly number[], rates: readonly number[], taxOf: (amount: number, rate: number) => number): number[] {
  const taxes = amounts.map(() => 0);
  for (const rate of new Set(rates)) {
    const at = rates.flatMap((r, i) => (r === rate ? [i] : []));
    const group = safeSum(at.map((i) => amounts[i]!), 'tax group');
    const shares = allocate(taxOf(group, rate), at.map((i) => amounts[i]!));
    at.forEach((i, k) => (taxes[i] = shares[k]!));
  }
  return taxes;
}

// Module functions rather than closures per call: tsx, which runs our sources, names every named
// closure with a defineProperty each time one is made (see requireOf in src/main/dispatcher.ts).
function taxOf(amount: number, rate: number, pricesIncludeTax: boolean, mode: RoundingMode): number {
  return mulDivRound(amount, rate, pricesIncludeTax ? BP + rate : BP, mode);
}

/** A charged amount and its tax as net, tax and gross in the price basis. */
function split(amount: number, tax: number, i: string | number, pricesIncludeTax: boolean): { net: number; tax: number; gross: number } {
  if (pricesIncludeTax) return { net: amount - tax, tax, gross: amount };
  check(Number.isSafeInteger(amount + tax), `line ${i}: gross exceeds the safe integer range`);
  return { net: amount, tax, gross: amount + tax };
}

export function computeOrderTotals(input: TotalsInput): OrderTotals {
  const mode = input.rounding ?? 'half_up';
  const { orderDiscount, pricesIncludeTax } = input;
  input.lines.forEach(validateLine);
  check(
    Number.isSafeInteger(orderDiscount) && orderDiscount >= 0,
    'orderDiscount must be a non-negative integer',
  );

  const bases = input.lines.map((l) => mulDivRound(l.quantity, l.unitPrice, 1));
  const lineDiscounts = input.lines.map((l, i) => mulDivRound(bases[i] ?? 0, l.discountBp, BP, mode));
  const afterLineDiscount = bases.map((b, i) => b - (lineDiscounts[i] ?? 0));
  const discountable = safeSum(afterLineDiscount, 'order subtotal');
  check(orderDiscount <= discountable, 'orderDiscount exceeds the order subtotal');
  // With orderDiscount <= the weight sum, no share exceeds its own line, so A >= 0.
  const shares = allocate(orderDiscount, afterLineDiscount);

  const amounts = input.lines.map((_, i) => (bases[i] ?? 0) - (lineDiscounts[i] ?? 0) - (shares[i] ?? 0));
  const fee = input.shippingFee === undefined || input.shippingFee === null ? null : input.shippingFee;
  if (fee !== null) check(Number.isSafeInteger(fee) && fee >= 0, 'shippingFee must be a non-negative integer');
  const shipRate = shippingTaxRateBp(input.lines);
  // The taxed amounts of every charged line (goods, then shipping) and their rates.
  const charges = fee === null ? amounts : [...amounts, fee];
  const rates = fee === null ? input.lines.map((l) => l.taxRateBp) : [...input.lines.map((l) => l.taxRateBp), shipRate];
  const taxes =
    input.taxRounding === 'document'
      ? taxPerDocument(charges, rates, (amount, rate) => taxOf(amount, rate, pricesIncludeTax, mode))
      : charges.map((a, i) => taxOf(a, rates[i]!, pricesIncludeTax, mode));

  // Fields named one by one: a spread followed by more keys is slow on Node 20 (src/shared/objects.ts).
  const lines: LineTotals[] = input.lines.map((l, i) => {
    const s = split(amounts[i]!, taxes[i]!, i, pricesIncludeTax);
    return { base: bases[i] ?? 0, lineDiscount: lineDiscounts[i] ?? 0, orderDiscountShare: shares[i] ?? 0, net: s.net, tax: s.tax, gross: s.gross, taxRateBp: l.taxRateBp };
  });
  const shipSplit = fee === null ? null : split(fee, taxes[amounts.length]!, 'shipping', pricesIncludeTax);
  const shipping: ShippingTotals | null = fee === null || shipSplit === null ? null : { fee, net: shipSplit.net, tax: shipSplit.tax, gross: shipSplit.gross, taxRateBp: shipRate };
  const charged: readonly { net: number; tax: number; gross: number; taxRateBp: number }[] = shipping ? [...lines, shipping] : lines;

  const byRate = new Map<number, { net: number; tax: number; gross: number }>();
  for (const line of charged) {
    const row = byRate.get(line.taxRateBp) ?? { net: 0, tax: 0, gross: 0 };
    row.net += line.net;
    row.tax += line.tax;
    row.gross += line.gross;
    byRate.set(line.taxRateBp, row);
  }
  const taxBreakdown: TaxBreakdownRow[] = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([taxRateBp, row]) => ({ taxRateBp, ...row }));

  return {
    lines,
    subtotal: safeSum(bases, 'subtotal'),
    discount: safeSum(lineDiscounts, 'discount') + orderDiscount,
    net: safeSum(charged.map((l) => l.net), 'net'),
    tax: safeSum(charged.map((l) => l.tax), 'tax'),
    gross: safeSum(charged.map((l) => l.gross), 'gross'),
    taxBreakdown,
    shipping,
  };
}
