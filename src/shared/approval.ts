import type { ApprovalRule } from './contract/settings.ts';

export type ApprovalFacts = {
  readonly grossTotal: number;
  /** How many earlier orders of this customer were confirmed (reached approved at some point). */
  readonly customerConfirmedOrders: number;
};

/** Why an order must wait for approval, or null when it may be confirmed at once. */
export function approvalReason(rule: ApprovalRule, facts: ApprovalFacts): string | null {
  if (rule.amountAtLeast !== null && facts.grossTotal >= rule.amountAtLeast) return 'amount_at_least';
  if (rule.firstOrderOfNewCustomer && facts.customerConfirmedOrders === 0) return 'first_order_of_new_customer';
  return null;
}
