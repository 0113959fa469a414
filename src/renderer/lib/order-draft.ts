import { computeOrderTotals, type OrderTotals } from '../../shared/order-totals.ts';

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

/** The same totals the ledger will compute, from the shared rules (per-line rounding). */
export function draftTotals(lines: readonly DraftLine[], orderDiscount: number, pricesIncludeTax: boolean): OrderTotals {
  const valid = lines.filter((l) => Number.isInteger(l.quantity) && l.quantity > 0);
  const gross = valid.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  return computeOrderTotals({ lines: valid, orderDiscount: Math.min(orderDiscount, gross), pricesIncludeTax });
}

/** The lines as the contract takes them: the catalog's price unless one was typed over it. */
export function linesInput(lines: readonly DraftLine[]): { productId: string; quantity: number; discountBp: number; unitPrice?: number }[] {
  return lines.map((l) => ({ productId: l.productId, quantity: l.quantity, discountBp: l.discountBp, ...(l.priceOverridden ? { unitPrice: l.unitPrice } : {}) }));
}
