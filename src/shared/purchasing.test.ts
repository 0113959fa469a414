import { describe, expect, it } from 'vitest';
import { allocateToBills, billLineFlags, expectedQty, orderQuantity, poAllows, replenishmentNeed, returnFromReceipts, statusAfterReceipt } from './purchasing.ts';

describe('orderQuantity', () => {
  it.each([
    [0, {}, 0],
    [-3, { packSize: 6 }, 0],
    [7, {}, 7],
    [7, { reorderQty: 10 }, 10],
    [7, { minOrderQty: 24 }, 24],
    [7, { packSize: 6 }, 12],
    [7, { minOrderQty: 10, packSize: 6 }, 12],
    [25, { reorderQty: 10, minOrderQty: 12, packSize: 12 }, 36],
    [1, { reorderQty: 5, minOrderQty: 3, packSize: 1 }, 5],
  ])('need %i with %j orders %i', (need, r, expected) => {
    expect(orderQuantity(need, r)).toBe(expected);
  });
});

describe('replenishmentNeed', () => {
  it('counts what is expected and in transit', () => {
    expect(replenishmentNeed({ available: 2, inTransit: 0, expected: 0, reorderPoint: 5 })).toBe(4);
    expect(replenishmentNeed({ available: 2, inTransit: 1, expected: 3, reorderPoint: 5 })).toBe(0);
    expect(replenishmentNeed({ available: -4, inTransit: 0, expected: 2, reorderPoint: 0 })).toBe(3);
  });
});

describe('purchase order states', () => {
  it('allows each action only from its states', () => {
    expect(poAllows('draft', 'edit')).toBe(true);
    expect(poAllows('sent', 'edit')).toBe(false);
    expect(poAllows('draft', 'receive')).toBe(false);
    expect(poAllows('partially_received', 'receive')).toBe(true);
    expect(poAllows('partially_received', 'cancel')).toBe(false);
    expect(poAllows('received', 'close')).toBe(false);
    expect(poAllows('cancelled', 'send')).toBe(false);
  });
  it('derives the status after a delivery, over-deliveries counting as received', () => {
    expect(statusAfterReceipt([{ quantity: 5, receivedQty: 0 }])).toBe('sent');
    expect(statusAfterReceipt([{ quantity: 5, receivedQty: 2 }, { quantity: 1, receivedQty: 0 }])).toBe('partially_received');
    expect(statusAfterReceipt([{ quantity: 5, receivedQty: 7 }, { quantity: 1, receivedQty: 1 }])).toBe('received');
  });
  it('expects only what open orders still lack', () => {
    expect(expectedQty('sent', { quantity: 5, receivedQty: 2 })).toBe(3);
    expect(expectedQty('partially_received', { quantity: 5, receivedQty: 7 })).toBe(0);
    expect(expectedQty('draft', { quantity: 5, receivedQty: 0 })).toBe(0);
    expect(expectedQty('closed_short', { quantity: 5, receivedQty: 2 })).toBe(0);
  });
});

describe('bill matching', () => {
  it('flags quantity and price differences', () => {
    expect(billLineFlags({ quantity: 5, billableQty: 5, unitPrice: 100, receiptCost: 100 })).toEqual([]);
    expect(billLineFlags({ quantity: 6, billableQty: 5, unitPrice: 110, receiptCost: 100 })).toEqual(['quantity_over', 'price_higher']);
    expect(billLineFlags({ quantity: 4, billableQty: 5, unitPrice: 90, receiptCost: 100 })).toEqual(['quantity_under', 'price_lower']);
  });
  it('allocates a payment oldest first without overpaying a bill', () => {
    expect(allocateToBills(150, [{ id: 'a', due: 100 }, { id: 'b', due: 0 }, { id: 'c', due: 80 }])).toEqual({
      allocations: [{ billId: 'a', amount: 100 }, { billId: 'c', amount: 50 }],
      unallocated: 0,
    });
    expect(allocateToBills(50, [{ id: 'a', due: 20 }])).toEqual({ allocations: [{ billId: 'a', amount: 20 }], unallocated: 30 });
  });
});

describe('returnFromReceipts', () => {
  const billed = { id: 'a', quantity: 10, returnedQty: 0, billedQty: 10 };
  const fresh = { id: 'b', quantity: 5, returnedQty: 0, billedQty: 0 };

  it('takes units not yet billed first, newest delivery first, then billed ones', () => {
    expect(returnFromReceipts([billed, fresh], 3)).toEqual([{ receiptLineId: 'b', quantity: 3 }]);
    expect(returnFromReceipts([billed, fresh], 7)).toEqual([{ receiptLineId: 'a', quantity: 2 }, { receiptLineId: 'b', quantity: 5 }]);
    const older = { id: 'c', quantity: 4, returnedQty: 0, billedQty: 0 };
    expect(returnFromReceipts([older, fresh], 6)).toEqual([{ receiptLineId: 'c', quantity: 1 }, { receiptLineId: 'b', quantity: 5 }]);
  });

  it('never returns more than received less earlier returns', () => {
    const partly = { id: 'a', quantity: 10, returnedQty: 2, billedQty: 8 };
    const gone = { id: 'b', quantity: 5, returnedQty: 5, billedQty: 0 };
    expect(returnFromReceipts([partly, gone], 8)).toEqual([{ receiptLineId: 'a', quantity: 8 }]);
    expect(returnFromReceipts([partly, gone], 9)).toBeUndefined();
    expect(returnFromReceipts([partly], 0)).toBeUndefined();
    expect(returnFromReceipts([], 1)).toBeUndefined();
  });
});
