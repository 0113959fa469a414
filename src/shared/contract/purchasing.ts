import { z } from 'zod';
import { AGING_BUCKETS } from '../invoice-math.ts';
import { BILL_FLAGS, PO_STATUSES } from '../purchasing.ts';
import { address, amount, code, currency, id, isoDate, optionalText, page, pageInput, quantity, searchText, text } from './common.ts';
import { op } from './define.ts';
import { PAYMENT_METHODS } from './payments.ts';

const int = z.number().int();
const days = z.number().int().min(0).max(3650);
const email = z.email().max(254).nullish().transform((v) => v ?? null).pipe(z.string().nullable());
/** A code a scanner sends: a barcode or a SKU. */
const scanCode = z.string().trim().min(1).max(64).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');

export const supplier = z.object({
  id,
  code: z.string(),
  name: z.string(),
  contactName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: address.nullable(),
  currency,
  paymentTermsDays: int,
  leadTimeDays: int,
  notes: z.string().nullable(),
  active: z.boolean(),
});

export const supplierProduct = z.object({
  id,
  supplierId: id,
  supplierCode: z.string(),
  productId: id,
  sku: z.string(),
  supplierSku: z.string().nullable(),
  lastPrice: int.nullable(),
  minOrderQty: int,
  packSize: int,
  preferred: z.boolean(),
});

export const poLine = z.object({
  id,
  lineNo: int,
  productId: id,
  sku: z.string(),
  name: z.string(),
  supplierSku: z.string().nullable(),
  quantity: int,
  unitCost: int,
  receivedQty: int,
  /** Ordered and not yet received while the order is open. */
  expectedQty: int,
  /** Received beyond what was ordered. */
  overQty: int,
  /** Ordered and never delivered on an order closed short. */
  shortQty: int,
  amount: int,
});

export const receipt = z.object({
  id,
  number: z.string(),
  poId: id,
  deliveryRef: z.string(),
  receivedOn: isoDate,
  lines: z.array(z.object({ id, poLineId: id, productId: id, sku: z.string(), quantity: int, unitCost: int, returnedQty: int, billedQty: int, averageAfter: int })),
});

export const purchaseOrder = z.object({
  id,
  number: z.string(),
  supplierId: id,
  supplierCode: z.string(),
  supplierName: z.string(),
  warehouseId: id,
  warehouseCode: z.string(),
  status: z.enum(PO_STATUSES),
  currency,
  orderDate: isoDate,
  expectedDate: isoDate.nullable(),
  notes: z.string().nullable(),
  closeReason: z.string().nullable(),
  total: int,
  lines: z.array(poLine),
  receipts: z.array(receipt),
});

const poLineInput = z.object({ productId: id, quantity, unitCost: amount.optional() });

export const suggestionLine = z.object({
  productId: id,
  sku: z.string(),
  productName: z.string(),
  warehouseId: id,
  warehouseCode: z.string(),
  onHand: int,
  reserved: int,
  available: int,
  inTransit: int,
  expected: int,
  /** In draft purchase orders: not yet ordered, but counted so a second run orders nothing twice. */
  drafted: int,
  reorderPoint: int,
  need: int,
  supplierId: id.nullable(),
  minOrderQty: int,
  packSize: int,
  orderQty: int,
  unitCost: int,
});

export const supplierReturn = z.object({
  id,
  number: z.string(),
  supplierId: id,
  warehouseId: id,
  reason: z.string(),
  returnedOn: isoDate,
  lines: z.array(z.object({ receiptLineId: id, productId: id, quantity: int, unitCost: int, movementId: id })),
  value: int,
});

export const supplierBill = z.object({
  id,
  number: z.string(),
  supplierId: id,
  supplierName: z.string(),
  supplierRef: z.string(),
  billDate: isoDate,
  dueDate: isoDate,
  currency,
  total: int,
  /** The receipts' cost of what the bill covers (billed, at most what was still to bill): total − matchedCost is the difference. */
  matchedCost: int,
  paid: int,
  amountDue: int,
  flagged: z.boolean(),
  lines: z.array(
    z.object({ lineNo: int, receiptLineId: id, productId: id, sku: z.string(), quantity: int, unitPrice: int, amount: int, billableQty: int, receiptCost: int, flags: z.array(z.enum(BILL_FLAGS)) }),
  ),
});

export const supplierPayment = z.object({
  id,
  number: z.string(),
  supplierId: id,
  paidOn: isoDate,
  amount: int,
  currency,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  allocations: z.array(z.object({ billId: id, billNumber: z.string(), amount: int })),
  unallocated: int,
});

const buckets = z.object(Object.fromEntries(AGING_BUCKETS.map((b) => [b, int])) as Record<(typeof AGING_BUCKETS)[number], typeof int>);

const supplierFields = {
  name: text(200),
  contactName: optionalText(200),
  email,
  phone: optionalText(40),
  address: address.nullable().optional(),
  paymentTermsDays: days.default(30),
  leadTimeDays: days.default(7),
  notes: optionalText(2000),
};

export const purchasingContract = {
  'suppliers.create': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Create a supplier with contact data, currency, payment terms and lead time',
    input: z.object({ code, currency: currency.optional(), ...supplierFields }),
    output: supplier,
  }),
  'suppliers.update': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Change a supplier; what is not given stays as it is',
    input: z.object({
      id,
      name: text(200).optional(),
      contactName: optionalText(200).optional(),
      email: email.optional(),
      phone: optionalText(40).optional(),
      address: address.nullable().optional(),
      paymentTermsDays: days.optional(),
      leadTimeDays: days.optional(),
      notes: optionalText(2000).optional(),
      active: z.boolean().optional(),
    }),
    output: supplier,
  }),
  'suppliers.get': op({ kind: 'read', permission: 'purchases.read', summary: 'One supplier', input: z.object({ id }), output: supplier }),
  'suppliers.list': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'Suppliers by code, optionally filtered by a text in code or name',
    input: z.object({ search: searchText.optional(), includeInactive: z.boolean().default(false) }),
    output: z.object({ items: z.array(supplier) }),
  }),
  'supplierProducts.set': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: "Set what a supplier sells of a product: their SKU, last price, minimum order quantity, pack size; preferred makes this the product's one preferred supplier",
    input: z.object({
      supplierId: id,
      productId: id,
      supplierSku: optionalText(64),
      lastPrice: amount.nullable().optional(),
      minOrderQty: quantity.default(1),
      packSize: quantity.default(1),
      preferred: z.boolean().default(false),
    }),
    output: supplierProduct,
  }),
  'supplierProducts.list': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'What suppliers sell, for one supplier or one product',
    input: z.object({ supplierId: id.optional(), productId: id.optional() }),
    output: z.object({ items: z.array(supplierProduct) }),
  }),
  'purchaseOrders.create': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Draft a purchase order by hand; a line without a unit cost takes the supplier price, else the current average cost',
    input: z.object({ supplierId: id, warehouseId: id, expectedDate: isoDate.optional(), notes: optionalText(2000), lines: z.array(poLineInput).min(1).max(1000) }),
    output: purchaseOrder,
  }),
  'purchaseOrders.update': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Change a draft purchase order; lines given replace the old ones',
    input: z.object({ id, expectedDate: isoDate.nullable().optional(), notes: optionalText(2000).optional(), lines: z.array(poLineInput).min(1).max(1000).optional() }),
    output: purchaseOrder,
  }),
  'purchaseOrders.suggestions': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'What to order: located products at or below their reorder point, counting expected, in-transit and drafted stock, rounded to reorder quantity, minimum and pack size, with the preferred supplier',
    input: z.object({ warehouseId: id.optional() }),
    output: z.object({ items: z.array(suggestionLine) }),
  }),
  'purchaseOrders.fromSuggestions': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Draft one purchase order per preferred supplier and warehouse from the suggestions; products without a preferred supplier are listed, not ordered',
    input: z.object({ warehouseId: id.optional(), productIds: z.array(id).max(10_000).optional() }),
    output: z.object({ orders: z.array(purchaseOrder), unassigned: z.array(suggestionLine) }),
  }),
  'purchaseOrders.send': op({ kind: 'write', permission: 'purchases.write', summary: 'Mark a draft as sent to the supplier: its quantities become expected stock', input: z.object({ id }), output: purchaseOrder }),
  'purchaseOrders.cancel': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Cancel a purchase order on which nothing has been received',
    input: z.object({ id, reason: text(500) }),
    output: purchaseOrder,
  }),
  'purchaseOrders.close': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: 'Close a purchase order short: what was not delivered is no longer expected',
    input: z.object({ id, reason: text(500) }),
    output: purchaseOrder,
  }),
  'purchaseOrders.get': op({ kind: 'read', permission: 'purchases.read', summary: 'One purchase order with its lines and deliveries', input: z.object({ id }), output: purchaseOrder }),
  'purchaseOrders.list': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'Purchase orders, newest first',
    input: z.object({ supplierId: id.optional(), status: z.enum(PO_STATUSES).optional(), ...pageInput }),
    output: page(purchaseOrder.omit({ lines: true, receipts: true })),
  }),
  'purchaseOrders.receive': op({
    kind: 'write',
    permission: 'purchases.receive',
    summary:
      "Receive one delivery into the order's warehouse, by typed quantities and/or scanned codes (one unit each), at the order's unit cost or a corrected one; a delivery reference already received with the same lines returns that receipt and writes nothing",
    input: z.object({
      id,
      deliveryRef: text(100),
      receivedOn: isoDate.optional(),
      lines: z.array(z.object({ lineId: id, quantity, unitCost: amount.optional() })).max(1000).default([]),
      scans: z.array(scanCode).max(10_000).default([]),
    }),
    output: purchaseOrder,
  }),
  'stock.position': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'On hand, reserved, available and expected (ordered, not yet received) per product and warehouse',
    input: z.object({ productId: id.optional(), warehouseId: id.optional() }),
    output: z.object({ items: z.array(z.object({ productId: id, sku: z.string(), warehouseId: id, warehouseCode: z.string(), onHand: int, reserved: int, available: int, expected: int })) }),
  }),
  'supplierReturns.create': op({
    kind: 'write',
    permission: 'purchases.receive',
    summary: 'Send received goods back to the supplier (damaged, wrong): stock goes out with the reason, never more than was received less earlier returns',
    input: z.object({
      reason: text(500),
      returnedOn: isoDate.optional(),
      lines: z.array(z.object({ receiptLineId: id, quantity })).min(1).max(1000),
    }),
    output: supplierReturn,
  }),
  'supplierBills.create': op({
    kind: 'write',
    permission: 'purchases.write',
    summary: "Enter a supplier's bill against receipt lines; quantity and price differences to the receipts are flagged",
    input: z.object({
      supplierId: id,
      supplierRef: text(100),
      billDate: isoDate.optional(),
      dueDate: isoDate.optional(),
      lines: z.array(z.object({ receiptLineId: id, quantity, unitPrice: amount })).min(1).max(1000),
    }),
    output: supplierBill,
  }),
  'supplierBills.get': op({ kind: 'read', permission: 'purchases.read', summary: 'One supplier bill with its match and what is due', input: z.object({ id }), output: supplierBill }),
  'supplierBills.list': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'Supplier bills, newest first',
    input: z.object({ supplierId: id.optional(), unpaidOnly: z.boolean().default(false), ...pageInput }),
    output: page(supplierBill.omit({ lines: true })),
  }),
  'supplierPayments.create': op({
    kind: 'write',
    permission: 'payments.write',
    summary: "Pay a supplier: allocated to the bills given, or to the supplier's bills with money due, oldest due date first; the rest is credit with the supplier",
    input: z.object({
      supplierId: id,
      amount: amount.min(1),
      method: z.enum(PAYMENT_METHODS),
      paidOn: isoDate.optional(),
      reference: optionalText(100),
      billIds: z.array(id).max(500).optional(),
    }),
    output: supplierPayment,
  }),
  'supplierPayments.list': op({
    kind: 'read',
    permission: 'purchases.read',
    summary: 'Supplier payments, newest first, each with the bills it paid and what is left as credit; optionally of one supplier',
    input: z.object({ supplierId: id.optional(), ...pageInput }),
    output: page(supplierPayment.extend({ supplierName: z.string() })),
  }),
  'reports.payables': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Payables aging at a date: what the shop owes suppliers on their bills, by days past due (current, 1-30, 31-60, 61-90, over 90)',
    input: z.object({ asOf: isoDate.optional() }),
    output: z.object({
      asOf: isoDate,
      currency,
      totals: buckets.extend({ total: int }),
      suppliers: z.array(buckets.extend({ supplierId: id, supplierName: z.string(), total: int, credit: int })),
      bills: z.array(z.object({ id, number: z.string(), supplierRef: z.string(), supplierId: id, supplierName: z.string(), dueDate: isoDate, amountDue: int, bucket: z.enum(AGING_BUCKETS) })),
    }),
  }),
} as const;
