import { z } from 'zod';
import { ORDER_EVENTS, ORDER_STATUSES } from '../order-state.ts';
import { address, amount, basisPoints, code, currency, id, isoDate, isoTimestamp, optionalText, page, pageInput, quantity, searchText, text, utcTimestampInput } from './common.ts';
import { op } from './define.ts';

export const orderStatus = z.enum(ORDER_STATUSES);

export const orderLine = z.object({
  id,
  lineNo: z.number().int(),
  productId: id,
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  priceOverridden: z.boolean(),
  discountBp: z.number().int(),
  taxRateBp: z.number().int(),
  net: z.number().int(),
  tax: z.number().int(),
  gross: z.number().int(),
  reservedQty: z.number().int(),
  shippedQty: z.number().int(),
});

export const orderStatusChange = z.object({
  from: orderStatus.nullable(),
  to: orderStatus,
  event: z.string(),
  note: z.string().nullable(),
  at: isoTimestamp,
  actor: z.string(),
});

export const orderSummary = z.object({
  id,
  number: z.string(),
  status: orderStatus,
  customerId: id,
  customerName: z.string(),
  warehouseId: id,
  channel: z.string(),
  externalRef: z.string().nullable(),
  currency,
  grossTotal: z.number().int(),
  orderDate: isoTimestamp,
});

export const order = orderSummary.extend({
  shipTo: address.nullable(),
  notes: z.string().nullable(),
  pricesIncludeTax: z.boolean(),
  orderDiscount: z.number().int(),
  subtotal: z.number().int(),
  discountTotal: z.number().int(),
  netTotal: z.number().int(),
  taxTotal: z.number().int(),
  taxBreakdown: z.array(z.object({ taxRateBp: z.number().int(), net: z.number().int(), tax: z.number().int(), gross: z.number().int() })),
  /** The shipping fee line (included in the totals and the breakdown); null without a fee. */
  shipping: z.object({ taxRateBp: z.number().int(), net: z.number().int(), tax: z.number().int(), gross: z.number().int() }).nullable(),
  approvalReason: z.string().nullable(),
  mergedIntoId: id.nullable(),
  splitFromId: id.nullable(),
  lines: z.array(orderLine),
  history: z.array(orderStatusChange),
  allowedEvents: z.array(z.enum(ORDER_EVENTS)),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

export const lineInput = z.object({
  productId: id,
  quantity,
  /** Leave out to use the catalog price; giving one needs orders.override_price. */
  unitPrice: amount.optional(),
  discountBp: basisPoints.default(0),
});

const orderFields = {
  customerId: id,
  warehouseId: id,
  channel: code.default('manual'),
  externalRef: optionalText(100),
  shipTo: address.nullish(),
  notes: optionalText(2000),
  orderDate: utcTimestampInput.optional(),
  orderDiscount: amount.default(0),
  lines: z.array(lineInput).min(1).max(1000),
  /** A delivery method: the shipping fee is computed and stored with the order (see delivery.get). */
  deliveryMethodId: id.optional(),
};

const byId = z.object({ id });
const withNote = z.object({ id, note: text(500).optional() });
const lineQuantities = z.array(z.object({ lineId: id, quantity })).min(1).max(1000);

export const timelineEntry = z.object({
  seq: z.number().int(),
  at: isoTimestamp,
  actor: z.string(),
  stationId: z.string(),
  operation: z.string(),
  /** The journaled rows of this order that the entry touched: the order, its lines, its stock movements. */
  rows: z.array(z.object({ table: z.string(), op: z.enum(['i', 'u', 'd']), columns: z.array(z.string()) })),
});

/** Newest/oldest by order date; by gross total; by customer name (A to Z, Z to A). */
export const ORDER_SORTS = ['newest', 'oldest', 'total_desc', 'total_asc', 'customer_asc', 'customer_desc'] as const;

export const ordersContract = {
  'orders.list': op({
    kind: 'read',
    permission: 'orders.read',
    // The page is one statement's rows; the width, SKU and number-miss lookups only pick the path.
    snapshot: 'statement',
    summary: 'List orders, newest first by default, with filters and search (number, customer, SKU)',
    input: z.object({
      status: z.array(orderStatus).max(10).optional(),
      channel: z.string().max(32).optional(),
      customerId: id.optional(),
      warehouseId: id.optional(),
      dateFrom: isoDate.optional(),
      dateTo: isoDate.optional(),
      search: searchText.optional(),
      sort: z.enum(ORDER_SORTS).default('newest'),
      ...pageInput,
    }),
    output: page(orderSummary),
  }),
  'orders.get': op({ kind: 'read', permission: 'orders.read', summary: 'Get one order with its lines and history', input: byId, output: order }),
  'orders.timeline': op({
    kind: 'read',
    permission: 'audit.read',
    summary: 'The journal entries that touched one order (its row, lines and stock movements), oldest first',
    input: z.object({ id, limit: z.number().int().min(1).max(500).default(200) }),
    output: z.object({ items: z.array(timelineEntry), truncated: z.boolean() }),
  }),
  'orders.create': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Create a draft order',
    input: z.object(orderFields),
    output: order,
  }),
  'orders.update': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Change a draft order; lines, when given, replace the current lines',
    input: z.object({
      id,
      customerId: id.optional(),
      warehouseId: id.optional(),
      externalRef: z.string().trim().max(100).nullable().optional(),
      shipTo: address.nullable().optional(),
      notes: z.string().trim().max(2000).nullable().optional(),
      orderDiscount: amount.optional(),
      lines: orderFields.lines.optional(),
    }),
    output: order,
  }),
  'orders.confirm': op({
    kind: 'write',
    permission: 'orders.confirm',
    summary: 'Confirm a draft: reserves stock, or sends it to approval when the approval rule applies',
    input: byId,
    output: order,
  }),
  'orders.approve': op({ kind: 'write', permission: 'orders.approve', summary: 'Approve an order pending approval and reserve its stock', input: withNote, output: order }),
  'orders.reject': op({ kind: 'write', permission: 'orders.approve', summary: 'Send an order pending approval back to draft', input: withNote, output: order }),
  'orders.startPicking': op({ kind: 'write', permission: 'orders.fulfil', summary: 'Start picking an approved order', input: byId, output: order }),
  'orders.pack': op({ kind: 'write', permission: 'orders.fulfil', summary: 'Mark a picked order as packed', input: byId, output: order }),
  'orders.ship': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: 'Ship an order: every remaining quantity, or the given line quantities (partial shipment)',
    input: z.object({ id, lines: lineQuantities.optional() }),
    output: order,
  }),
  'orders.deliver': op({ kind: 'write', permission: 'orders.fulfil', summary: 'Mark a shipped order as delivered', input: byId, output: order }),
  'orders.complete': op({ kind: 'write', permission: 'orders.fulfil', summary: 'Close a delivered order', input: byId, output: order }),
  'orders.cancel': op({
    kind: 'write',
    permission: 'orders.cancel',
    summary: 'Cancel an order that has not shipped; releases every reservation',
    input: z.object({ id, reason: text(500) }),
    output: order,
  }),
  'orders.merge': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Merge orders of one customer, warehouse and ship-to (not yet picking) into a new order',
    input: z.object({ orderIds: z.array(id).min(2).max(50) }),
    output: order,
  }),
  'orders.split': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Move chosen line quantities, with their reservations, into a new order',
    input: z.object({ id, lines: lineQuantities }),
    output: z.object({ source: order, created: order }),
  }),
} as const;
