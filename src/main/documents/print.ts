// One entry for every way a document is asked for (CLI, HTTP, Electron): read the data through
// the dispatcher as the caller (so permissions apply), fill the view models, then lay out and
// render outside any transaction, so a long batch never holds the ledger.

import type { OpResult } from '../../shared/contract/index.ts';
import { DOC_KINDS, DOC_LANGS, type AnyDoc, type DocKind, type DocLang, type DocShop } from '../../shared/documents/view-models.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import type { Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { packingSlipFromOrder, pickListFromOrders, shopFromSettings } from './adapters.ts';
import { creditNoteFromLedger, invoiceFromLedger, labelsFromShipment, sellerShop } from './billing-adapters.ts';
import { purchaseOrderDocs } from './print-purchasing.ts';
import { renderBatch } from './render.ts';

/** Every kind prints from the ledger: orders, invoices and credit notes, shipments, purchase orders. */
export const PRINTABLE_KINDS = DOC_KINDS;
export type PrintableKind = DocKind;

/** What the ids of a print request name, per kind. */
export const ID_OF: Readonly<Record<DocKind, 'order' | 'invoice' | 'credit note' | 'shipment' | 'purchase order'>> = {
  'packing-slip': 'order',
  'pick-list': 'order',
  invoice: 'invoice',
  'credit-note': 'credit note',
  'shipping-label': 'shipment',
  'purchase-order': 'purchase order',
};

export function isPrintableKind(kind: string): kind is PrintableKind {
  return (PRINTABLE_KINDS as readonly string[]).includes(kind);
}

export type PrintRequest = {
  readonly kind: PrintableKind;
  /**
   * Order ids for packing slips and pick lists (several slips print as one PDF; several orders
   * make one merged pick list), invoice or credit note ids, shipment ids for labels.
   */
  readonly ids: readonly string[];
  /** The template's language when left out. */
  readonly lang?: DocLang;
};

export type PrintedDocument = { readonly fileName: string; readonly pdf: Buffer; readonly docs: readonly AnyDoc[] };

export const MAX_BATCH = 5000;

type Reader = { readonly dispatcher: Dispatcher; readonly caller: Caller; readonly lang: DocLang; readonly shop: DocShop; readonly printedAt: string };
type Profile = OpResult<'documents.settings'>['profile'];

export async function printDocuments(dispatcher: Dispatcher, caller: Caller, request: PrintRequest, now: () => Date = () => new Date()): Promise<PrintedDocument> {
  if (request.ids.length === 0) throw invalid('ids', `Name at least one ${ID_OF[request.kind]}`);
  if (request.ids.length > MAX_BATCH) throw invalid('ids', `At most ${MAX_BATCH} documents print in one job`);
  const [settings, docSettings] = await Promise.all([dispatcher.call('settings.get', {}, caller), dispatcher.call('documents.settings', {}, caller)]);
  const template = docSettings.templates[request.kind];
  const lang = request.lang ?? template.lang;
  const r: Reader = { dispatcher, caller, lang, shop: shopFromSettings(settings, docSettings.profile), printedAt: now().toISOString() };
  const { docs, numbers } = await docsFor(r, request.kind, request.ids, docSettings.profile);
  const pdf = await renderBatch(docs, template);
  const fileName = `${request.kind}-${numbers[0]}${numbers.length > 1 ? `-and-${numbers.length - 1}-more` : ''}.pdf`;
  return { fileName, pdf, docs };
}

async function docsFor(r: Reader, kind: DocKind, ids: readonly string[], profile: Profile): Promise<{ docs: AnyDoc[]; numbers: string[] }> {
  switch (kind) {
    case 'packing-slip':
    case 'pick-list':
      return orderDocs(r, kind, ids);
    case 'invoice':
    case 'credit-note':
      return billingDocs(r, kind, ids, profile);
    case 'shipping-label':
      return labelDocs(r, ids, profile);
    case 'purchase-order': {
      const docs = await purchaseOrderDocs(r.dispatcher, r.caller, ids, r.shop, { lang: r.lang, printedAt: r.printedAt });
      return { docs, numbers: docs.map((d) => d.number) };
    }
  }
}

async function orderDocs(r: Reader, kind: 'packing-slip' | 'pick-list', ids: readonly string[]) {
  const orders: OpResult<'orders.get'>[] = [];
  for (const id of ids) orders.push(await r.dispatcher.call('orders.get', { id }, r.caller));
  const names = await namesIn(r, orders.flatMap((o) => o.lines.map((l) => l.productId)));
  const numbers = orders.map((o) => o.number);
  if (kind === 'packing-slip') {
    const docs: AnyDoc[] = [];
    // The delivery methods are the same for every slip of the job: read once, not per order.
    const methods = await r.dispatcher.call('deliveryMethods.list', { includeInactive: true }, r.caller);
    for (const o of orders) {
      const bins = await binsOf(r, o.warehouseId, o.lines.map((l) => l.productId));
      docs.push(packingSlipFromOrder(o, r.shop, { lang: r.lang, printedAt: r.printedAt, names, bins, ...(await slipExtras(r, o, methods)) }));
    }
    return { docs, numbers };
  }
  const warehouses = new Set(orders.map((o) => o.warehouseId));
  if (warehouses.size > 1) throw invalid('ids', 'A pick list covers orders of one warehouse');
  const list = await r.dispatcher.call('warehouses.list', {}, r.caller);
  const warehouse = list.items.find((w) => w.id === orders[0]!.warehouseId);
  const bins = await binsOf(r, orders[0]!.warehouseId, orders.flatMap((o) => o.lines.map((l) => l.productId)));
  return { docs: [pickListFromOrders(orders, r.shop, { lang: r.lang, printedAt: r.printedAt, warehouseName: warehouse?.name ?? '', names, bins })], numbers };
}

async function billingDocs(r: Reader, kind: 'invoice' | 'credit-note', ids: readonly string[], profile: Profile) {
  const { seller } = await r.dispatcher.call('invoices.settings', {}, r.caller);
  const shop = sellerShop(r.shop, seller);
  const docs: AnyDoc[] = [];
  const numbers: string[] = [];
  for (const [i, id] of ids.entries()) {
    const doc = await r.dispatcher.call('invoices.get', { id }, r.caller);
    const isNote = doc.kind === 'credit_note';
    if (isNote !== (kind === 'credit-note')) {
      throw invalid(ids.length > 1 ? `ids.${i}` : 'id', `${doc.number} is ${isNote ? 'a credit note; print it as credit-note' : 'an invoice; print it as invoice'}`);
    }
    const order = await r.dispatcher.call('orders.get', { id: doc.orderId }, r.caller);
    const names = await namesIn(r, doc.lines.flatMap((l) => (l.productId ? [l.productId] : [])));
    const options = { lang: r.lang, shipTo: order.shipTo, paymentTerms: profile.paymentTerms, names };
    if (isNote) {
      const credited = await r.dispatcher.call('invoices.get', { id: doc.creditedInvoiceId! }, r.caller);
      docs.push(creditNoteFromLedger(doc, credited, shop, options));
    } else {
      docs.push(invoiceFromLedger(doc, shop, options));
    }
    numbers.push(doc.number);
  }
  return { docs, numbers };
}

async function labelDocs(r: Reader, ids: readonly string[], profile: Profile) {
  const { seller } = await r.dispatcher.call('invoices.settings', {}, r.caller);
  const sender = r.shop.address ?? seller.address;
  if (!sender) throw invalid('profile.address', 'A shipping label needs the shop address: set it in the document settings');
  const methods = await r.dispatcher.call('deliveryMethods.list', {}, r.caller);
  const docs: AnyDoc[] = [];
  const numbers: string[] = [];
  for (const [i, id] of ids.entries()) {
    const shipment = await r.dispatcher.call('shipments.get', { id }, r.caller);
    const order = await r.dispatcher.call('orders.get', { id: shipment.orderId }, r.caller);
    if (!order.shipTo) {
      throw new AppError({ code: 'conflict', field: ids.length > 1 ? `ids.${i}` : 'id', message: `Order ${order.number} has no ship-to address, so shipment ${shipment.number} has no label` });
    }
    const { delivery } = await r.dispatcher.call('delivery.get', { orderId: order.id }, r.caller);
    const method = delivery ? methods.items.find((m) => m.id === delivery.deliveryMethodId) : undefined;
    docs.push(...labelsFromShipment(shipment, { lang: r.lang, sender, recipient: order.shipTo, orderNumber: order.number, service: method?.name ?? null, timeZone: profile.timeZone }));
    numbers.push(shipment.number);
  }
  return { docs, numbers };
}

/** The HTTP transport's document route: one document, with the kind and language checked. */
export function documentRoute(dispatcher: Dispatcher) {
  return async (kind: string, id: string, lang: string | undefined, caller: Caller): Promise<{ fileName: string; pdf: Buffer }> => {
    if (!isPrintableKind(kind)) throw invalid('kind', `Prints ${PRINTABLE_KINDS.join(', ')}`);
    if (lang !== undefined && !(DOC_LANGS as readonly string[]).includes(lang)) throw invalid('lang', `Use ${DOC_LANGS.join(' or ')}`);
    return printDocuments(dispatcher, caller, { kind, ids: [id], ...(lang ? { lang: lang as DocLang } : {}) });
  };
}

/** Bins of the products in a warehouse (product id → bin); products with no bin are absent. */
/**
 * What the packing station knows about a slip's order: a parcel being packed (the scanned units
 * are this parcel, the rest prints as left for later) and the delivery method with its fee.
 */
async function slipExtras(r: Reader, order: OpResult<'orders.get'>, methods: OpResult<'deliveryMethods.list'>) {
  const [packing, { delivery }] = await Promise.all([
    r.dispatcher.call('packing.get', { orderId: order.id }, r.caller),
    r.dispatcher.call('delivery.get', { orderId: order.id }, r.caller),
  ]);
  const scanned = packing.lines.filter((l) => l.scanned > 0);
  const method = delivery ? methods.items.find((m) => m.id === delivery.deliveryMethodId) : undefined;
  return {
    ...(scanned.length > 0 ? { parcel: new Map(scanned.map((l) => [l.lineId, l.scanned])) } : {}),
    delivery: delivery ? { method: method?.name ?? '', fee: delivery.fee, currency: delivery.currency } : null,
  };
}

async function binsOf(r: Reader, warehouseId: string, productIds: readonly string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const { items } = await r.dispatcher.call('locations.bins', { warehouseId, productIds: [...new Set(productIds)] }, r.caller);
  return new Map(items.map((i) => [i.productId, i.bin]));
}

/**
 * Order and invoice lines keep the name they were entered with; a Chinese document prints the
 * product's alternative (Chinese) name where the catalog has one. One read per distinct product.
 */
async function namesIn(r: Reader, productIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (r.lang !== 'zh') return names;
  for (const id of new Set(productIds)) {
    const product = await r.dispatcher.call('products.get', { id }, r.caller);
    if (product.altName) names.set(id, product.altName);
  }
  return names;
}
