import { z } from 'zod';
import { DELIVERY_KINDS } from '../shipping-fee.ts';
import { amount, code, currency, id, isoTimestamp, optionalText, page, pageInput, quantity, text } from './common.ts';
import { op } from './define.ts';

// ---- fee rules (the shapes of src/shared/shipping-fee.ts) ----------------------------------

const grams = z.number().int().min(1).max(10_000_000);
/** Fees per step or band: capped so a fee for any sane parcel stays a safe integer. */
const feeAmount = z.number().int().min(0).max(1e9);

export const baseFee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('flat'), amount: feeAmount }),
  z.object({ kind: z.literal('weight'), firstGrams: grams, firstFee: feeAmount, stepGrams: grams, stepFee: feeAmount }),
  z.object({ kind: z.literal('value'), bands: z.array(z.object({ from: amount, fee: feeAmount })).min(1).max(50) }),
]);

/** `CN` or `CN/广东`: an ISO country code, optionally a slash and the region as written on addresses. */
const regionEntry = z.string().trim().max(100).regex(/^[A-Z]{2}(\/[^/\s][^/]*)?$/, 'a two-letter country code, optionally /region');

export const feeRule = z.object({
  base: baseFee,
  zones: z.array(z.object({ name: text(60), regions: z.array(regionEntry).min(1).max(100), base: baseFee })).max(50).optional(),
  freeFrom: amount.nullable().optional(),
  perItem: feeAmount.optional(),
});

export const feeStep = z.object({ step: z.string(), amount: z.number().int() }).catchall(z.union([z.string(), z.number()]));

export const feeQuote = z.object({
  fee: z.number().int(),
  currency,
  zone: z.string().nullable(),
  weightGrams: z.number().int(),
  /** Products on the order without a weight: the fee counted them as weightless. */
  unweighedSkus: z.array(z.string()),
  steps: z.array(feeStep),
});

// ---- records ---------------------------------------------------------------------------------

/** A link template holds `{tracking}` where the tracking number goes. */
const trackingTemplate = z.string().trim().max(500).regex(/^https?:\/\/\S*\{tracking\}\S*$/, 'an http(s) address containing {tracking}');

export const carrier = z.object({ id, code: z.string(), name: z.string(), trackingUrl: z.string().nullable(), active: z.boolean() });

export const deliveryMethod = z.object({
  id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(DELIVERY_KINDS),
  carrierId: id.nullable(),
  feeRule,
  active: z.boolean(),
});

export const orderDelivery = z.object({
  orderId: id,
  deliveryMethodId: id,
  currency,
  fee: z.number().int(),
  computedFee: z.number().int(),
  feeOverridden: z.boolean(),
  weightGrams: z.number().int(),
  steps: z.array(feeStep),
});

export const pickLine = z.object({
  productId: id,
  sku: z.string(),
  name: z.string(),
  bin: z.string().nullable(),
  quantity: z.number().int(),
  orders: z.array(z.object({ orderId: id, orderNumber: z.string(), quantity: z.number().int() })),
});

export const packingState = z.object({
  orderId: id,
  orderNumber: z.string(),
  status: z.string(),
  lines: z.array(z.object({ lineId: id, productId: id, sku: z.string(), name: z.string(), toShip: z.number().int(), scanned: z.number().int() })),
  complete: z.boolean(),
});

export const SHIPMENT_STATUSES = ['in_transit', 'delivered', 'failed', 'returned'] as const;

export const shipment = z.object({
  id,
  number: z.string(),
  orderId: id,
  carrierId: id.nullable(),
  carrierName: z.string().nullable(),
  status: z.enum(SHIPMENT_STATUSES),
  statusNote: z.string().nullable(),
  shippedAt: isoTimestamp,
  deliveredAt: isoTimestamp.nullable(),
  parcels: z.array(z.object({ parcelNo: z.number().int(), trackingNumber: z.string().nullable(), weightGrams: z.number().int().nullable(), trackingLink: z.string().nullable() })),
  lines: z.array(z.object({ orderLineId: id, productId: id, quantity: z.number().int() })),
});

export const TRANSFER_STATUSES = ['draft', 'in_transit', 'received', 'closed'] as const;

export const transfer = z.object({
  id,
  number: z.string(),
  fromWarehouseId: id,
  toWarehouseId: id,
  status: z.enum(TRANSFER_STATUSES),
  notes: z.string().nullable(),
  closeReason: z.string().nullable(),
  shippedAt: isoTimestamp.nullable(),
  receivedAt: isoTimestamp.nullable(),
  lines: z.array(
    z.object({
      id,
      productId: id,
      quantity: z.number().int(),
      receivedQty: z.number().int(),
      /** Units that left the source and have not arrived (0 unless in transit). */
      inTransit: z.number().int(),
      /** Units that never arrived on a transfer closed short. */
      missing: z.number().int(),
    }),
  ),
});

export const lowStockItem = z.object({
  productId: id,
  sku: z.string(),
  productName: z.string(),
  warehouseId: id,
  warehouseCode: z.string(),
  bin: z.string().nullable(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  inTransit: z.number().int(),
  /** Ordered on sent purchase orders, not yet received. */
  expected: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQty: z.number().int().nullable(),
  suggestedQty: z.number().int(),
});

export const stockCount = z.object({
  id,
  number: z.string(),
  warehouseId: id,
  status: z.enum(['open', 'posted']),
  binFrom: z.string().nullable(),
  binTo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: isoTimestamp,
  postedAt: isoTimestamp.nullable(),
  lines: z.array(
    z.object({
      productId: id,
      sku: z.string(),
      /** The product's name now, and its other-language name (a sheet is counted by people, not codes). */
      name: z.string(),
      altName: z.string().nullable(),
      bin: z.string().nullable(),
      expectedQty: z.number().int(),
      countedQty: z.number().int().nullable(),
      difference: z.number().int().nullable(),
    }),
  ),
});

export const returnReceipt = z.object({
  id,
  number: z.string(),
  orderId: id,
  warehouseId: id,
  reason: z.string(),
  createdAt: isoTimestamp,
  lines: z.array(z.object({ orderLineId: id, productId: id, quantity: z.number().int(), disposition: z.enum(['restock', 'write_off']) })),
});

export const CASE_KINDS = ['return', 'exchange', 'refund', 'complaint'] as const;
export const CASE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
/** Documents a case can be linked to by hand; credit notes are linked by cases.creditNote (kind credit_note). */
export const CASE_DOCUMENT_KINDS = ['return_receipt', 'replacement_order'] as const;

export const afterSalesCase = z.object({
  id,
  number: z.string(),
  orderId: id,
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  summary: z.string(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  notes: z.array(z.object({ body: z.string(), at: isoTimestamp, actor: z.string() })),
  documents: z.array(z.object({ kind: z.string(), documentId: id })),
});

const bin = z.string().trim().min(1).max(32).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');
const byId = z.object({ id });
/** What a scanner types: a barcode or a SKU. */
const scanCode = z.string().trim().min(1).max(64).regex(/^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/, 'printable ASCII');
const weightGrams = z.number().int().min(0).max(10_000_000);

export const fulfilmentContract = {
  'carriers.list': op({
    kind: 'read',
    permission: 'orders.read',
    summary: 'Carriers (built-in and added), active first; or the one with a code',
    input: z.object({ includeInactive: z.boolean().default(false), code: code.optional() }),
    output: z.object({ items: z.array(carrier) }),
  }),
  'carriers.create': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Add a carrier with its tracking-link template',
    input: z.object({ code, name: text(100), trackingUrl: trackingTemplate.nullish().transform((v) => v ?? null) }),
    output: carrier,
  }),
  'carriers.update': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Change a carrier (built-in ones too)',
    input: z.object({ id, name: text(100).optional(), trackingUrl: trackingTemplate.nullable().optional(), active: z.boolean().optional() }),
    output: carrier,
  }),
  'deliveryMethods.list': op({
    kind: 'read',
    permission: 'orders.read',
    summary: 'Delivery methods with their fee rules, optionally of one kind',
    input: z.object({ includeInactive: z.boolean().default(false), kind: z.enum(DELIVERY_KINDS).optional() }),
    output: z.object({ items: z.array(deliveryMethod) }),
  }),
  'deliveryMethods.create': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Add a delivery method (express/courier needs a carrier)',
    input: z.object({ code, name: text(100), kind: z.enum(DELIVERY_KINDS), carrierId: id.nullish().transform((v) => v ?? null), feeRule }),
    output: deliveryMethod,
  }),
  'deliveryMethods.update': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Change a delivery method',
    input: z.object({ id, name: text(100).optional(), carrierId: id.nullable().optional(), feeRule: feeRule.optional(), active: z.boolean().optional() }),
    output: deliveryMethod,
  }),
  'delivery.quote': op({
    kind: 'read',
    permission: 'orders.read',
    summary: "The shipping fee an order would pay with a delivery method, and how it is made",
    input: z.object({ orderId: id, deliveryMethodId: id }),
    output: feeQuote,
  }),
  'delivery.set': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Choose the delivery method of an order not yet shipped; the fee is computed, or overridden with permission',
    input: z.object({ orderId: id, deliveryMethodId: id, fee: amount.optional() }),
    output: orderDelivery,
  }),
  'delivery.get': op({
    kind: 'read',
    permission: 'orders.read',
    summary: "An order's delivery method and fee (null when none is chosen)",
    input: z.object({ orderId: id }),
    output: z.object({ delivery: orderDelivery.nullable() }),
  }),
  'locations.set': op({
    kind: 'write',
    permission: 'catalog.write',
    summary: "A product's bin, reorder point and reorder quantity in one warehouse",
    input: z.object({
      productId: id,
      warehouseId: id,
      bin: bin.nullable().optional(),
      reorderPoint: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
      reorderQty: quantity.nullable().optional(),
    }),
    output: z.object({ productId: id, warehouseId: id, bin: z.string().nullable(), reorderPoint: z.number().int().nullable(), reorderQty: z.number().int().nullable() }),
  }),
  'picking.list': op({
    kind: 'read',
    permission: 'orders.read',
    summary: 'A pick list for one or more orders of one warehouse: what is left to ship, merged by product and bin, in bin order',
    input: z.object({ orderIds: z.array(id).min(1).max(500) }),
    output: z.object({ warehouseId: id, lines: z.array(pickLine) }),
  }),
  'packing.get': op({ kind: 'read', permission: 'orders.read', summary: 'What is left to pack on an order and what was scanned', input: z.object({ orderId: id }), output: packingState }),
  'packing.scan': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: 'Scan an item (barcode or SKU) into an order being picked; a wrong item, an over-scan or an unknown code is refused',
    input: z.object({ orderId: id, code: scanCode, quantity: quantity.max(100_000).default(1) }),
    output: packingState,
  }),
  'packing.pack': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: 'Mark a picking order packed once something is scanned; what is scanned is what ships',
    input: z.object({ orderId: id }),
    output: packingState,
  }),
  'shipments.create': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: "Ship an order with a carrier and parcels: the scanned quantities, the given lines, or everything left",
    input: z.object({
      orderId: id,
      carrierId: id.optional(),
      parcels: z.array(z.object({ trackingNumber: z.string().trim().min(1).max(64).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces').optional(), weightGrams: weightGrams.optional() })).max(100).default([]),
      lines: z.array(z.object({ lineId: id, quantity })).min(1).max(1000).optional(),
    }),
    output: shipment,
  }),
  'shipments.list': op({ kind: 'read', permission: 'orders.read', summary: 'The shipments of an order', input: z.object({ orderId: id }), output: z.object({ items: z.array(shipment) }) }),
  'shipments.setStatus': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: 'Record a shipment status (in transit, delivered, failed, returned); an order whose shipments are all delivered becomes delivered',
    input: z.object({ id, status: z.enum(SHIPMENT_STATUSES), note: optionalText(500) }),
    output: shipment,
  }),
  'transfers.create': op({
    kind: 'write',
    permission: 'stock.transfer',
    summary: 'Draft a transfer of stock between two warehouses',
    input: z.object({ fromWarehouseId: id, toWarehouseId: id, lines: z.array(z.object({ productId: id, quantity })).min(1).max(1000), notes: optionalText(500) }),
    output: transfer,
  }),
  'transfers.ship': op({ kind: 'write', permission: 'stock.transfer', summary: 'Send a drafted transfer: stock leaves the source and is in transit', input: byId, output: transfer }),
  'transfers.receive': op({
    kind: 'write',
    permission: 'stock.transfer',
    summary: 'Receive transfer lines at the destination (partially too); closing short records what never arrived',
    input: z.object({ id, lines: z.array(z.object({ lineId: id, quantity: z.number().int().min(0).max(1_000_000_000) })).max(1000).default([]), close: z.boolean().default(false), reason: optionalText(200) }),
    output: transfer,
  }),
  'transfers.get': op({ kind: 'read', permission: 'stock.read', summary: 'One transfer with its lines', input: byId, output: transfer }),
  'transfers.list': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'Transfers, newest first, optionally by status',
    input: z.object({ status: z.enum(TRANSFER_STATUSES).optional(), ...pageInput }),
    output: page(transfer),
  }),
  'transfers.inTransit': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'Stock in transit between warehouses, per product and route',
    input: z.object({ toWarehouseId: id.optional(), productId: id.optional() }),
    output: z.object({ items: z.array(z.object({ productId: id, sku: z.string(), fromWarehouseId: id, toWarehouseId: id, quantity: z.number().int() })) }),
  }),
  'stock.lowStock': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'Products whose available stock is at or below their reorder point, with a suggested purchase quantity',
    input: z.object({ warehouseId: id.optional() }),
    output: z.object({ items: z.array(lowStockItem) }),
  }),
  'counts.create': op({
    kind: 'write',
    permission: 'stock.adjust',
    summary: 'Open a count sheet for a warehouse, or for a bin range of it',
    input: z.object({ warehouseId: id, binFrom: bin.optional(), binTo: bin.optional() }),
    output: stockCount,
  }),
  'counts.record': op({
    kind: 'write',
    permission: 'stock.adjust',
    summary: 'Enter counted quantities on an open count sheet (by product, or by a scanned code adding one each)',
    input: z.object({
      id,
      lines: z.array(z.object({ productId: id, countedQty: z.number().int().min(0).max(1_000_000_000) })).max(1000).default([]),
      scans: z.array(scanCode).max(1000).default([]),
    }),
    output: stockCount,
  }),
  'counts.post': op({
    kind: 'write',
    permission: 'stock.adjust',
    summary: 'Post the differences of a count sheet as adjustments, all in one step',
    input: z.object({ id, reason: text(200) }),
    output: stockCount,
  }),
  'shipments.importStatuses': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: "Apply shipment statuses from a carrier's CSV export (tracking number and status columns); all rows or none",
    input: z.object({ csv: z.string().min(1).max(2_000_000) }),
    output: z.object({
      rows: z.array(z.object({ row: z.number().int(), trackingNumber: z.string(), result: z.enum(['updated', 'unchanged', 'unknown_tracking']), shipmentId: id.nullable() })),
    }),
  }),
  'returns.create': op({
    kind: 'write',
    permission: 'orders.fulfil',
    summary: 'Receive returned items of an order: back to stock or written off, with a reason',
    input: z.object({
      orderId: id,
      reason: text(200),
      lines: z.array(z.object({ lineId: id, quantity, disposition: z.enum(['restock', 'write_off']) })).min(1).max(1000),
      caseId: id.optional(),
    }),
    output: returnReceipt,
  }),
  'returns.list': op({ kind: 'read', permission: 'orders.read', summary: 'The returns of an order', input: z.object({ orderId: id }), output: z.object({ items: z.array(returnReceipt) }) }),
  'cases.create': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Open an after-sales case (return, exchange, refund, complaint) for an order',
    input: z.object({ orderId: id, kind: z.enum(CASE_KINDS), summary: text(500), note: optionalText(2000) }),
    output: afterSalesCase,
  }),
  'cases.update': op({
    kind: 'write',
    permission: 'orders.write',
    summary: 'Change the status of a case, add a note, or link a document it led to',
    input: z.object({
      id,
      status: z.enum(CASE_STATUSES).optional(),
      note: optionalText(2000),
      document: z.object({ kind: z.enum(CASE_DOCUMENT_KINDS), documentId: id }).optional(),
    }),
    output: afterSalesCase,
  }),
  'cases.get': op({ kind: 'read', permission: 'orders.read', summary: 'One after-sales case with notes and documents', input: byId, output: afterSalesCase }),
  'cases.list': op({
    kind: 'read',
    permission: 'orders.read',
    summary: 'After-sales cases, newest first, by order or status',
    input: z.object({ orderId: id.optional(), status: z.enum(CASE_STATUSES).optional(), ...pageInput }),
    output: page(afterSalesCase),
  }),
  'stock.purchaseSuggestions': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'The low-stock list as purchase suggestions, as CSV for a spreadsheet or a supplier',
    input: z.object({ warehouseId: id.optional() }),
    output: z.object({ csv: z.string(), rows: z.number().int() }),
  }),
  'counts.get': op({ kind: 'read', permission: 'stock.read', summary: 'One count sheet', input: byId, output: stockCount }),
  'shipments.get': op({ kind: 'read', permission: 'orders.read', summary: 'One shipment with its carrier, parcels and lines', input: byId, output: shipment }),
  'locations.bins': op({
    kind: 'read',
    permission: 'orders.read',
    summary: 'The bins of products in one warehouse (products with no bin are left out), for pick lists and packing slips',
    input: z.object({ warehouseId: id, productIds: z.array(id).min(1).max(5000) }),
    output: z.object({ items: z.array(z.object({ productId: id, bin: z.string() })) }),
  }),
} as const;
