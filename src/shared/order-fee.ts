// The shipping fee of an order, from its goods and its ship-to address: the one path from order
// data to the fee engine (shipping-fee.ts). The ledger uses it for saved orders, and the order
// entry's estimate uses it for a draft not yet saved, so both give the same fee.

import { invalid } from './errors.ts';
import { computeShippingFee, type DeliveryKind, type FeeQuote, type FeeRule } from './shipping-fee.ts';

/** One goods line as the fee sees it: gross in the order's price basis, weight of one unit. */
export type FeeGoodsLine = {
  readonly sku: string;
  readonly quantity: number;
  /** The line's gross amount after discounts (minor units). */
  readonly gross: number;
  /** Grams per unit; null when the product has no weight (counted as 0 g and named). */
  readonly unitWeightGrams: number | null;
};

export type Destination = { readonly country: string; readonly region: string | null };

export type OrderFeeQuote = FeeQuote & {
  readonly weightGrams: number;
  readonly unweighedSkus: readonly string[];
  /** Where the fee was computed for; null when the order has no ship-to address. */
  readonly destination: Destination | null;
};

/** The country and region of a ship-to address (stored as JSON on orders and customers). */
export function destinationOf(address: { readonly country?: string | null; readonly region?: string | null } | null | undefined): Destination | null {
  if (!address?.country) return null;
  return { country: address.country, region: address.region ?? null };
}

/**
 * The fee an order pays with a delivery method. Order value = the goods' gross (never the order
 * total, which holds the fee itself); weight = Σ quantity × unit weight. A weight beyond the safe
 * integer range is refused with `invalid` naming `field`.
 */
export function quoteOrderFee(kind: DeliveryKind, rule: FeeRule, goods: readonly FeeGoodsLine[], destination: Destination | null, field = 'lines'): OrderFeeQuote {
  let weightGrams = 0;
  let items = 0;
  let orderValue = 0;
  const unweighed: string[] = [];
  for (const l of goods) {
    items += l.quantity;
    orderValue += l.gross;
    if (l.unitWeightGrams === null) unweighed.push(l.sku);
    else weightGrams += l.quantity * l.unitWeightGrams;
  }
  if (!Number.isSafeInteger(weightGrams)) throw invalid(field, 'The order weighs more than any shipment can');
  const q = computeShippingFee(rule, { kind, orderValue, weightGrams, items, country: destination?.country ?? null, region: destination?.region ?? null });
  return { ...q, weightGrams, unweighedSkus: [...new Set(unweighed)], destination };
}

/**
 * The fee an order will be charged: one typed over the computed fee (with permission), else the
 * computed one; null when there is no method or the fee is 0, which is no shipping line
 * (the ledger's shippingFeeOf reads a stored 0 the same way).
 */
export function chargedFee(computed: number | null | undefined, override: number | undefined): number | null {
  const fee = override ?? computed;
  return fee === undefined || fee === null || fee === 0 ? null : fee;
}
