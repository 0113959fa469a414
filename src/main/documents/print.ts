// One entry for every way a document is asked for (CLI, HTTP, Electron): read the data through
// the dispatcher as the caller (so permissions apply), fill the view models, then lay out and
// render outside any transaction, so a long batch never holds the ledger.

import type { OpResult } from '../../shared/contract/index.ts';
import { DOC_LANGS, type AnyDoc, type DocLang } from '../../shared/documents/view-models.ts';
import { invalid } from '../../shared/errors.ts';
import type { Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { packingSlipFromOrder, pickListFromOrders, shopFromSettings } from './adapters.ts';
import { purchaseOrderDocs } from './print-purchasing.ts';
import { renderBatch } from './render.ts';

/** The kinds this branch has data for; invoices, credit notes and labels join with their sources. */
export const PRINTABLE_KINDS = ['packing-slip', 'pick-list', 'purchase-order'] as const;
export type PrintableKind = (typeof PRINTABLE_KINDS)[number];

export function isPrintableKind(kind: string): kind is PrintableKind {
  return (PRINTABLE_KINDS as readonly string[]).includes(kind);
}

export type PrintRequest = {
  readonly kind: PrintableKind;
  /** Order ids: several packing slips print as one PDF; several orders make one merged pick list. */
  readonly ids: readonly string[];
  /** The template's language when left out. */
  readonly lang?: DocLang;
};

export type PrintedDocument = { readonly fileName: string; readonly pdf: Buffer; readonly docs: readonly AnyDoc[] };

export const MAX_BATCH = 5000;

export async function printDocuments(dispatcher: Dispatcher, caller: Caller, request: PrintRequest, now: () => Date = () => new Date()): Promise<PrintedDocument> {
  if (request.ids.length === 0) throw invalid('ids', 'Name at least one order');
  if (request.ids.length > MAX_BATCH) throw invalid('ids', `At most ${MAX_BATCH} documents print in one job`);
  const [settings, docSettings] = await Promise.all([
    dispatcher.call('settings.get', {}, caller),
    dispatcher.call('documents.settings', {}, caller),
  ]);
  const template = docSettings.templates[request.kind];
  const lang = request.lang ?? template.lang;
  const shop = shopFromSettings(settings, docSettings.profile);
  const printedAt = now().toISOString();
  if (request.kind === 'purchase-order') {
    const docs = await purchaseOrderDocs(dispatcher, caller, request.ids, shop, { lang, printedAt });
    const pdf = await renderBatch(docs, template);
    return { fileName: `purchase-order-${docs[0]!.number}${docs.length > 1 ? `-and-${docs.length - 1}-more` : ''}.pdf`, pdf, docs };
  }
  const orders: OpResult<'orders.get'>[] = [];
  for (const id of request.ids) orders.push(await dispatcher.call('orders.get', { id }, caller));

  const names = await namesIn(dispatcher, caller, lang, orders);
  let docs: AnyDoc[];
  if (request.kind === 'packing-slip') {
    docs = orders.map((o) => packingSlipFromOrder(o, shop, { lang, printedAt, names }));
  } else {
    const warehouses = new Set(orders.map((o) => o.warehouseId));
    if (warehouses.size > 1) throw invalid('ids', 'A pick list covers orders of one warehouse');
    const list = await dispatcher.call('warehouses.list', {}, caller);
    const warehouse = list.items.find((w) => w.id === orders[0]!.warehouseId);
    docs = [pickListFromOrders(orders, shop, { lang, printedAt, warehouseName: warehouse?.name ?? '', names })];
  }
  const pdf = await renderBatch(docs, template);
  const first = orders[0]!.number;
  const fileName = `${request.kind}-${first}${orders.length > 1 ? `-and-${orders.length - 1}-more` : ''}.pdf`;
  return { fileName, pdf, docs };
}

/** The HTTP transport's document route: one order's document, with the kind and language checked. */
export function documentRoute(dispatcher: Dispatcher) {
  return async (kind: string, id: string, lang: string | undefined, caller: Caller): Promise<{ fileName: string; pdf: Buffer }> => {
    if (!isPrintableKind(kind)) throw invalid('kind', `Prints ${PRINTABLE_KINDS.join(', ')}`);
    if (lang !== undefined && !(DOC_LANGS as readonly string[]).includes(lang)) throw invalid('lang', `Use ${DOC_LANGS.join(' or ')}`);
    return printDocuments(dispatcher, caller, { kind, ids: [id], ...(lang ? { lang: lang as DocLang } : {}) });
  };
}

/**
 * Order lines keep the name they were entered with; a Chinese document prints the product's
 * alternative (Chinese) name where the catalog has one. One read per distinct product.
 */
async function namesIn(dispatcher: Dispatcher, caller: Caller, lang: DocLang, orders: readonly OpResult<'orders.get'>[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (lang !== 'zh') return names;
  const ids = new Set(orders.flatMap((o) => o.lines.map((l) => l.productId)));
  for (const id of ids) {
    const product = await dispatcher.call('products.get', { id }, caller);
    if (product.altName) names.set(id, product.altName);
  }
  return names;
}
