// The purchase order being drafted or edited on screen, as plain data: adding a product again
// adds one more (a scanner sends one code per unit), costs default to the supplier's last price
// until someone types one, and the live total is quantity × unit cost summed per line, as the
// ledger computes it. Without a cost the ledger takes the average cost, which the screen does
// not know, so such a line is left out of the total and marked.

export type PoDraftLine = {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  /** Minor units; undefined: the ledger decides (supplier price, else average cost). */
  readonly unitCost: number | undefined;
  /** A cost someone typed stays when the supplier changes; a defaulted one follows the supplier. */
  readonly costTyped: boolean;
};

/** The supplier's last price per product id (null when they have none). */
export type SupplierPrices = ReadonlyMap<string, number | null>;

export function addPoProduct(lines: readonly PoDraftLine[], p: { readonly id: string; readonly sku: string; readonly name: string }, prices: SupplierPrices): PoDraftLine[] {
  const at = lines.findIndex((l) => l.productId === p.id);
  if (at >= 0) return lines.map((l, i) => (i === at ? { ...l, quantity: l.quantity + 1 } : l));
  return [...lines, { productId: p.id, sku: p.sku, name: p.name, quantity: 1, unitCost: prices.get(p.id) ?? undefined, costTyped: false }];
}

export function setPoQuantity(lines: readonly PoDraftLine[], index: number, quantity: number): PoDraftLine[] {
  return lines.map((l, i) => (i === index ? { ...l, quantity } : l));
}

/** A cost typed by hand; undefined clears it back to the supplier's price (or the ledger's choice). */
export function setPoCost(lines: readonly PoDraftLine[], index: number, unitCost: number | undefined, prices: SupplierPrices): PoDraftLine[] {
  return lines.map((l, i) => (i === index ? (unitCost === undefined ? { ...l, unitCost: prices.get(l.productId) ?? undefined, costTyped: false } : { ...l, unitCost, costTyped: true }) : l));
}

export function removePoLine(lines: readonly PoDraftLine[], index: number): PoDraftLine[] {
  return lines.filter((_, i) => i !== index);
}

/** After the supplier changes: every cost not typed by hand becomes the new supplier's price. */
export function withSupplierPrices(lines: readonly PoDraftLine[], prices: SupplierPrices): PoDraftLine[] {
  return lines.map((l) => (l.costTyped ? l : { ...l, unitCost: prices.get(l.productId) ?? undefined }));
}

export function poLineAmount(l: PoDraftLine): number | undefined {
  return l.unitCost === undefined ? undefined : l.quantity * l.unitCost;
}

/** The total of the lines with a known cost, and whether some line's cost is left to the ledger. */
export function poDraftTotal(lines: readonly PoDraftLine[]): { total: number; complete: boolean } {
  let total = 0;
  for (const l of lines) total += poLineAmount(l) ?? 0;
  return { total, complete: lines.every((l) => l.unitCost !== undefined) };
}

/** The lines as the contract takes them (purchaseOrders.create and .update). */
export function poLinesInput(lines: readonly PoDraftLine[]): { productId: string; quantity: number; unitCost?: number }[] {
  return lines.map((l) => (l.unitCost === undefined ? { productId: l.productId, quantity: l.quantity } : { productId: l.productId, quantity: l.quantity, unitCost: l.unitCost }));
}

/** The lines of a saved draft, to edit: their costs count as chosen, so they stay as saved. */
export function poDraftFrom(po: { readonly lines: readonly { productId: string; sku: string; name: string; quantity: number; unitCost: number }[] }): PoDraftLine[] {
  return po.lines.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, quantity: l.quantity, unitCost: l.unitCost, costTyped: true }));
}
