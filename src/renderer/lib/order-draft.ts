import type { OpInput } from '../../shared/contract/index.ts';
import { computeOrderTotals, type OrderTotals, type TaxRounding } from '../../shared/order-totals.ts';

/** One line of the order being entered, with what the screen needs to warn before saving. */
export type DraftLine = {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** The price was typed by hand (sent to the ledger, which asks for orders.override_price). */
  readonly priceOverridden: boolean;
  readonly discountBp: number;
  readonly taxRateBp: number;
  readonly allowBackorder: boolean;
  /** Available in the order's warehouse; undefined while it loads. */
  readonly available: number | undefined;
};

export type DraftProduct = Pick<DraftLine, 'sku' | 'name' | 'allowBackorder'> & {
  readonly id: string;
  readonly price: number;
  readonly taxRateBp: number;
};

/** Adds a product; a product already on the order gets one more instead (what a scanner means). */
export function addProduct(lines: readonly DraftLine[], product: DraftProduct, available: number | undefined): DraftLine[] {
  const index = lines.findIndex((l) => l.productId === product.id);
  if (index >= 0) return lines.map((l, i) => (i === index ? { ...l, quantity: l.quantity + 1 } : l));
  return [
    ...lines,
    {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: 1,
      unitPrice: product.price,
      priceOverridden: false,
      discountBp: 0,
      taxRateBp: product.taxRateBp,
      allowBackorder: product.allowBackorder,
      available,
    },
  ];
}

export function setLine(lines: readonly DraftLine[], index: number, change: Partial<Pick<DraftLine, 'quantity' | 'discountBp' | 'available'>>): DraftLine[] {
  return lines.map((l, i) => (i === index ? { ...l, ...change } : l));
}

/** A price typed over the catalog's for one line. */
export function overridePrice(lines: readonly DraftLine[], index: number, unitPrice: number): DraftLine[] {
  return lines.map((l, i) => (i === index && l.unitPrice !== unitPrice ? { ...l, unitPrice, priceOverridden: true } : l));
}

export function removeLine(lines: readonly DraftLine[], index: number): DraftLine[] {
  return lines.filter((_, i) => i !== index);
}

/** True when confirming would take available stock below zero for this line. */
export function oversold(line: DraftLine): boolean {
  return !line.allowBackorder && line.available !== undefined && line.quantity > line.available;
}

const countable = (lines: readonly DraftLine[]) => lines.filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);

/**
 * The same totals the ledger will compute, from the shared rules (per-line rounding, or per
 * document when the ledger says so), with the shipping fee as the ledger adds it on save.
 */
export function draftTotals(lines: readonly DraftLine[], orderDiscount: number, pricesIncludeTax: boolean, extra: { readonly taxRounding?: TaxRounding; readonly shippingFee?: number | null } = {}): OrderTotals {
  const valid = countable(lines);
  const gross = valid.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  return computeOrderTotals({ lines: valid, orderDiscount: Math.min(orderDiscount, gross), pricesIncludeTax, shippingFee: extra.shippingFee ?? null, ...(extra.taxRounding ? { taxRounding: extra.taxRounding } : {}) });
}

/**
 * What the fee estimate needs, or null until it is known: a delivery method, goods, and where
 * they go (the saved draft's ship-to, or the chosen customer's address).
 */
export function estimateInput(draft: { readonly methodId: string | undefined; readonly orderId: string | undefined; readonly customerId: string | undefined; readonly lines: readonly DraftLine[]; readonly orderDiscount: number }): OpInput<'delivery.estimate'> | null {
  const valid = countable(draft.lines);
  if (!draft.methodId || valid.length === 0 || (!draft.orderId && !draft.customerId)) return null;
  return {
    deliveryMethodId: draft.methodId,
    ...(draft.orderId ? { orderId: draft.orderId } : { customerId: draft.customerId! }),
    lines: linesInput(valid),
    orderDiscount: draft.orderDiscount,
  };
}

/** The lines as the contract takes them: the catalog's price unless one was typed over it. */
export function linesInput(lines: readonly DraftLine[]): { productId: string; quantity: number; discountBp: number; unitPrice?: number }[] {
  return lines.map((l) => ({ productId: l.productId, quantity: l.quantity, discountBp: l.discountBp, ...(l.priceOverridden ? { unitPrice: l.unitPrice } : {}) }));
}
