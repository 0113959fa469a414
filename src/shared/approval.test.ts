import { describe, expect, it } from 'vitest';
import { approvalReason } from './approval.ts';

describe('approvalReason', () => {
  const off = { amountAtLeast: null, firstOrderOfNewCustomer: false };
  it('lets every order through when the rule is off', () => {
    expect(approvalReason(off, { grossTotal: 10 ** 12, customerConfirmedOrders: 0 })).toBeNull();
  });
  it('holds orders at or above the amount', () => {
    const rule = { ...off, amountAtLeast: 100_00 };
    expect(approvalReason(rule, { grossTotal: 99_99, customerConfirmedOrders: 3 })).toBeNull();
    expect(approvalReason(rule, { grossTotal: 100_00, customerConfirmedOrders: 3 })).toBe('amount_at_least');
  });
  it('holds the first order of a new customer only', () => {
    const rule = { ...off, firstOrderOfNewCustomer: true };
    expect(approvalReason(rule, { grossTotal: 1, customerConfirmedOrders: 0 })).toBe('first_order_of_new_customer');
    expect(approvalReason(rule, { grossTotal: 1, customerConfirmedOrders: 1 })).toBeNull();
  });
});
