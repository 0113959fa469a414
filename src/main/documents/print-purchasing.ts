// Purchase orders as documents: read through the dispatcher as the caller (purchase order,
// supplier, warehouse, product names), filled into PurchaseOrderDoc, laid out like every other
// kind. print.ts hands the `purchase-order` kind here.

import type { OpResult } from '../../shared/contract/index.ts';
import type { DocLang, DocShop, PurchaseOrderDoc } from '../../shared/documents/view-models.ts';
import type { Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';

export function purchaseOrderDoc(
  po: OpResult<'purchaseOrders.get'>,
  supplier: OpResult<'suppliers.get'>,
  warehouse: { name: string; address: PurchaseOrderDoc['deliverTo']['address'] },
  shop: DocShop,
  options: { lang: DocLang; printedAt: string; names?: ReadonlyMap<string, string> },
): PurchaseOrderDoc {
  return {
    kind: 'purchase-order',
    lang: options.lang,
    number: po.number,
    orderDate: po.orderDate,
    expectedDate: po.expectedDate,
    currency: po.currency,
    buyer: shop,
    supplier: { code: supplier.code, name: supplier.name, address: supplier.address, taxId: null, contact: supplier.contactName, email: supplier.email, phone: supplier.phone },
    deliverTo: { warehouse: warehouse.name, address: warehouse.address },
    paymentTermsDays: supplier.paymentTermsDays,
    lines: po.lines.map((l) => ({ sku: l.sku, supplierSku: l.supplierSku, description: options.names?.get(l.productId) ?? l.name, quantity: l.quantity, unitCost: l.unitCost, amount: l.amount })),
    total: po.total,
    notes: po.notes,
    printedAt: options.printedAt,
  };
}

export async function purchaseOrderDocs(dispatcher: Dispatcher, caller: Caller, ids: readonly string[], shop: DocShop, options: { lang: DocLang; printedAt: string }): Promise<PurchaseOrderDoc[]> {
  const warehouses = (await dispatcher.call('warehouses.list', {}, caller)).items;
  const docs: PurchaseOrderDoc[] = [];
  const names = new Map<string, string>();
  for (const id of ids) {
    const po = await dispatcher.call('purchaseOrders.get', { id }, caller);
    const supplier = await dispatcher.call('suppliers.get', { id: po.supplierId }, caller);
    const w = warehouses.find((x) => x.id === po.warehouseId);
    // A Chinese purchase order prints the products' Chinese names where the catalog has them.
    if (options.lang === 'zh') {
      for (const l of po.lines) {
        if (names.has(l.productId)) continue;
        const p = await dispatcher.call('products.get', { id: l.productId }, caller);
        if (p.altName) names.set(l.productId, p.altName);
      }
    }
    docs.push(purchaseOrderDoc(po, supplier, { name: w ? `${w.code} · ${w.name}` : po.warehouseCode, address: w?.address ?? null }, shop, { ...options, names }));
  }
  return docs;
}
