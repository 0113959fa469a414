import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ORDER_EVENTS,
  ORDER_STATUSES,
  allowedEvents,
  canMergeOrSplit,
  holdsReservation,
  isEditable,
  isTerminal,
  nextStatus,
} from './order-state.ts';
import type { OrderEvent, OrderStatus } from './order-state.ts';

// Written out by hand from the specification, one row per status, columns in this order:
//   submit_for_approval, confirm, approve, reject, start_picking, pack,
//   ship_partial, ship_all, deliver, complete, cancel
// '-' means the event is illegal in that status.
const EXPECTED: Record<OrderStatus, readonly (OrderStatus | '-')[]> = {
  draft: ['pending_approval', 'approved', '-', '-', '-', '-', '-', '-', '-', '-', 'cancelled'],
  pending_approval: ['-', '-', 'approved', 'draft', '-', '-', '-', '-', '-', '-', 'cancelled'],
  approved: ['-', '-', '-', '-', 'picking', '-', 'partially_shipped', 'shipped', '-', '-', 'cancelled'],
  picking: ['-', '-', '-', '-', '-', 'packed', 'partially_shipped', 'shipped', '-', '-', 'cancelled'],
  packed: ['-', '-', '-', '-', '-', '-', 'partially_shipped', 'shipped', '-', '-', 'cancelled'],
  partially_shipped: ['-', '-', '-', '-', 'picking', '-', 'partially_shipped', 'shipped', '-', '-', '-'],
  shipped: ['-', '-', '-', '-', '-', '-', '-', '-', 'delivered', '-', '-'],
  delivered: ['-', '-', '-', '-', '-', '-', '-', '-', '-', 'completed', '-'],
  completed: ['-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
  cancelled: ['-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'],
};
const COLUMNS: readonly OrderEvent[] = [
  'submit_for_approval', 'confirm', 'approve', 'reject', 'start_picking', 'pack',
  'ship_partial', 'ship_all', 'deliver', 'complete', 'cancel',
];

const cases = ORDER_STATUSES.flatMap((status) =>
  COLUMNS.map((event, col) => {
    const expected = EXPECTED[status][col];
    return { status, event, expected: expected === '-' || expected === undefined ? null : expected };
  }),
);

describe('order state transitions', () => {
  it('the hand-written table covers every status and event', () => {
    expect(cases).toHaveLength(110);
    expect([...COLUMNS].sort()).toEqual([...ORDER_EVENTS].sort());
    for (const s of ORDER_STATUSES) expect(EXPECTED[s]).toHaveLength(11);
  });

  it.each(cases)('$status --$event--> $expected', ({ status, event, expected }) => {
    expect(nextStatus(status, event)).toBe(expected);
  });

  it('allowedEvents lists exactly the legal events', () => {
    for (const s of ORDER_STATUSES) {
      const legal = COLUMNS.filter((_, col) => EXPECTED[s][col] !== '-');
      expect(new Set(allowedEvents(s))).toEqual(new Set(legal));
    }
    expect(allowedEvents('draft')).toEqual(['submit_for_approval', 'confirm', 'cancel']);
  });
});

describe('status predicates', () => {
  const pick = (pred: (s: OrderStatus) => boolean) => ORDER_STATUSES.filter(pred);
  it('match the specification', () => {
    expect(pick(holdsReservation)).toEqual(['approved', 'picking', 'packed', 'partially_shipped']);
    expect(pick(isEditable)).toEqual(['draft']);
    expect(pick(canMergeOrSplit)).toEqual(['draft', 'pending_approval', 'approved']);
    expect(pick(isTerminal)).toEqual(['completed', 'cancelled']);
  });
});

describe('random event sequences from draft', () => {
  it('stay in the status set, stop at terminals, and ship only after approval', () => {
    const events = fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 60 });
    fc.assert(
      fc.property(events, (seq) => {
        let status: OrderStatus = 'draft';
        let approvedSeen = false;
        for (const event of seq) {
          const next = nextStatus(status, event);
          if (isTerminal(status)) expect(next).toBeNull();
          if (next === null) {
            expect(allowedEvents(status)).not.toContain(event);
            continue;
          }
          expect(allowedEvents(status)).toContain(event);
          expect(ORDER_STATUSES).toContain(next);
          status = next;
          if (status === 'approved') approvedSeen = true;
          if (status === 'shipped' || status === 'partially_shipped') expect(approvedSeen).toBe(true);
          if (holdsReservation(status)) expect(approvedSeen).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('terminal states accept no event', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ORDER_STATUSES.filter(isTerminal)), fc.constantFrom(...ORDER_EVENTS), (s, e) => {
        expect(nextStatus(s, e)).toBeNull();
      }),
    );
  });
});
