// Pure purchasing rules: how much to order, how a purchase order moves through its states, and
// how a supplier's bill line compares with what was received.

export const PO_STATUSES = ['draft', 'sent', 'partially_received', 'received', 'closed_short', 'cancelled'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

/** Statuses whose not-yet-received quantities are expected stock. */
export const OPEN_PO_STATUSES: readonly PoStatus[] = ['sent', 'partially_received'];

export type OrderRounding = {
  /** The location's reorder quantity: the need is first taken in whole multiples of it. */
  readonly reorderQty?: number | null;
  readonly minOrderQty?: number | null;
  readonly packSize?: number | null;
};

const ceilTo = (n: number, step: number): number => Math.ceil(n / step) * step;

/**
 * What to order for a need of `need` units: whole reorder quantities, at least the supplier's
 * minimum, and whole packs (the minimum itself is rounded up to a pack, since a supplier ships
 * packs). Zero when nothing is needed.
 */
export function orderQuantity(need: number, r: OrderRounding = {}): number {
  if (need <= 0) return 0;
  let qty = r.reorderQty && r.reorderQty > 0 ? ceilTo(need, r.reorderQty) : need;
  if (r.minOrderQty && qty < r.minOrderQty) qty = r.minOrderQty;
  if (r.packSize && r.packSize > 1) qty = ceilTo(qty, r.packSize);
  return qty;
}

/** Units needed to lift available + expected + in transit above the reorder point. */
export function replenishmentNeed(p: { available: number; inTransit: number; expected: number; reorderPoint: number }): number {
  return Math.max(0, p.reorderPoint - p.available - p.inTransit - p.expected + 1);
}

export type PoAction = 'edit' | 'send' | 'receive' | 'close' | 'cancel';

const ALLOWED: Record<PoAction, readonly PoStatus[]> = {
  edit: ['draft'],
  send: ['draft'],
  receive: ['sent', 'partially_received'],
  close: ['sent', 'partially_received'],
  cancel: ['draft', 'sent'],
};

export function poAllows(status: PoStatus, action: PoAction): boolean {
  return ALLOWED[action].includes(status);
}

/** Status after a delivery: received once every line has at least what was ordered. */
export function statusAfterReceipt(lines: readonly { quantity: number; receivedQty: number }[]): PoStatus {
  if (lines.every((l) => l.receivedQty >= l.quantity)) return 'received';
  return lines.some((l) => l.receivedQty > 0) ? 'partially_received' : 'sent';
}

/** Still expected on a line: nothing once the order is settled (received, closed short, cancelled). */
export function expectedQty(status: PoStatus, line: { quantity: number; receivedQty: number }): number {
  return OPEN_PO_STATUSES.includes(status) ? Math.max(0, line.quantity - line.receivedQty) : 0;
}

export const BILL_FLAGS = ['quantity_over', 'quantity_under', 'price_higher', 'price_lower'] as const;
export type BillFlag = (typeof BILL_FLAGS)[number];

/**
 * Three-way match of one bill line against its receipt line: the quantity billed against what
 * is still to bill (received − returned − billed before), the price against the receipt's cost.
 */
export function billLineFlags(l: { quantity: number; billableQty: number; unitPrice: number; receiptCost: number }): BillFlag[] {
  const flags: BillFlag[] = [];
  if (l.quantity > l.billableQty) flags.push('quantity_over');
  if (l.quantity < l.billableQty) flags.push('quantity_under');
  if (l.unitPrice > l.receiptCost) flags.push('price_higher');
  if (l.unitPrice < l.receiptCost) flags.push('price_lower');
  return flags;
}

/** Splits a payment over bills with money due, in the order given, never taking a bill below zero. */
export function allocateToBills(amount: number, bills: readonly { id: string; due: number }[]): { allocations: { billId: string; amount: number }[]; unallocated: number } {
  let left = amount;
  const allocations: { billId: string; amount: number }[] = [];
  for (const b of bills) {
    if (left <= 0) break;
    const take = Math.min(left, b.due);
    if (take <= 0) continue;
    allocations.push({ billId: b.id, amount: take });
    left -= take;
  }
  return { allocations, unallocated: left };
}

export type ReturnableLine = { readonly id: string; readonly quantity: number; readonly returnedQty: number; readonly billedQty: number };

/**
 * The receipt lines a supplier return of `quantity` units of one product is taken from (lines
 * given oldest delivery first): first units not yet billed, newest delivery first, so the bill
 * still to come covers only what the shop kept; then billed units, newest first. Undefined
 * when fewer than `quantity` units can still be returned (received − returned before).
 */
export function returnFromReceipts(lines: readonly ReturnableLine[], quantity: number): { receiptLineId: string; quantity: number }[] | undefined {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return undefined;
  const newestFirst = [...lines].reverse();
  const taken = new Map<string, number>();
  let left = quantity;
  const pass = (room: (l: ReturnableLine) => number) => {
    for (const l of newestFirst) {
      if (left === 0) return;
      const take = Math.min(left, Math.max(0, room(l) - (taken.get(l.id) ?? 0)));
      if (take > 0) {
        taken.set(l.id, (taken.get(l.id) ?? 0) + take);
        left -= take;
      }
    }
  };
  pass((l) => l.quantity - l.returnedQty - l.billedQty);
  pass((l) => l.quantity - l.returnedQty);
  if (left > 0) return undefined;
  // One entry per line, in delivery order, as the ledger refuses a line listed twice.
  return lines.filter((l) => taken.has(l.id)).map((l) => ({ receiptLineId: l.id, quantity: taken.get(l.id)! }));
}
