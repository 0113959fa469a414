// The order state machine. The transition table below is the single source of truth: the
// services, the UI (which buttons to show) and sync conflict detection (a transition that is
// no longer legal after a merge) all ask nextStatus/allowedEvents instead of comparing strings.

export const ORDER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'picking',
  'packed',
  'partially_shipped',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = [
  'submit_for_approval',
  'confirm',
  'approve',
  'reject',
  'start_picking',
  'pack',
  'ship_partial',
  'ship_all',
  'deliver',
  'complete',
  'cancel',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

type Transitions = Readonly<Partial<Record<OrderEvent, OrderStatus>>>;

// Shipping is allowed straight from approved (no pick/pack step) for shops that skip the
// warehouse flow. Once anything has shipped, cancelling is no longer an option: the goods
// have left, so corrections go through returns instead.
const TRANSITIONS: Readonly<Record<OrderStatus, Transitions>> = {
  draft: { submit_for_approval: 'pending_approval', confirm: 'approved', cancel: 'cancelled' },
  pending_approval: { approve: 'approved', reject: 'draft', cancel: 'cancelled' },
  approved: {
    start_picking: 'picking',
    ship_partial: 'partially_shipped',
    ship_all: 'shipped',
    cancel: 'cancelled',
  },
  picking: { pack: 'packed', ship_partial: 'partially_shipped', ship_all: 'shipped', cancel: 'cancelled' },
  packed: { ship_partial: 'partially_shipped', ship_all: 'shipped', cancel: 'cancelled' },
  partially_shipped: { start_picking: 'picking', ship_partial: 'partially_shipped', ship_all: 'shipped' },
  shipped: { deliver: 'delivered' },
  delivered: { complete: 'completed' },
  completed: {},
  cancelled: {},
};

/** The status after event, or null when the event is not allowed from `from`. */
export function nextStatus(from: OrderStatus, event: OrderEvent): OrderStatus | null {
  return TRANSITIONS[from][event] ?? null;
}

/** Events allowed from a status, in ORDER_EVENTS order. */
export function allowedEvents(from: OrderStatus): OrderEvent[] {
  return ORDER_EVENTS.filter((event) => TRANSITIONS[from][event] !== undefined);
}

/** Statuses whose lines keep stock reserved. */
export function holdsReservation(s: OrderStatus): boolean {
  return s === 'approved' || s === 'picking' || s === 'packed' || s === 'partially_shipped';
}

/** Only drafts may change lines, prices and discounts. */
export function isEditable(s: OrderStatus): boolean {
  return s === 'draft';
}

/** Merging or splitting is allowed until picking starts. */
export function canMergeOrSplit(s: OrderStatus): boolean {
  return s === 'draft' || s === 'pending_approval' || s === 'approved';
}

export function isTerminal(s: OrderStatus): boolean {
  return s === 'completed' || s === 'cancelled';
}
