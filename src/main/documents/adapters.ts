// Adapters fill view models from what the contract returns. They are pure: the data was read
// through the dispatcher (see print.ts), so permissions and snapshots are the operations' own.
// Orders and settings exist on this branch; invoices, credit notes and shipments bring their
// own adapters (invoices.get → InvoiceDoc, shipment → ShippingLabelDoc and the packing slip's
// parcel), with the layouts unchanged.

import type { OpResult } from '../../shared/contract/index.ts';
import type { ShopProfile } from '../../shared/contract/documents.ts';
import { mergePickLines, type DocLang, type DocShop, type PackingSlipDoc, type PickListDoc } from '../../shared/documents/view-models.ts';

type Order = OpResult<'orders.get'>;

export function shopFromSettings(settings: OpResult<'settings.get'>, profile: ShopProfile): DocShop {
  const name = profile.legalName ?? settings.shopName;
  return {
    name,
    address: profile.address,
    taxId: profile.taxId,
    email: profile.email,
    phone: profile.phone,
    website: profile.website,
    bankDetails: profile.bankDetails,
    timeZone: profile.timeZone,
  };
}

/**
 * Options common to the order adapters: `bins` (product id → bin, from fulfilment) and `names`
 * (product id → the name in the document's language, see namesIn) replace what the line holds.
 *
 * A packing slip for an order. `parcel` says how many of each line go into this parcel (by line
 * id, as orders.ship takes them); without it the parcel holds everything not yet shipped.
 * What the parcel leaves out is printed as left for a later shipment.
 */
export function packingSlipFromOrder(
  order: Order,
  shop: DocShop,
  options: {
    lang: DocLang;
    printedAt: string;
    parcel?: ReadonlyMap<string, number>;
    bins?: ReadonlyMap<string, string>;
    names?: ReadonlyMap<string, string>;
    delivery?: PackingSlipDoc['delivery'];
  },
): PackingSlipDoc {
  return {
    kind: 'packing-slip',
    lang: options.lang,
    orderNumber: order.number,
    orderDate: order.orderDate,
    printedAt: options.printedAt,
    shop,
    customerName: order.customerName,
    shipTo: order.shipTo,
    shipment: null,
    delivery: options.delivery ?? null,
    lines: order.lines.map((l) => {
      const open = l.quantity - l.shippedQty;
      const now = Math.min(open, options.parcel ? (options.parcel.get(l.id) ?? 0) : open);
      return {
        sku: l.sku,
        name: options.names?.get(l.productId) ?? l.name,
        bin: options.bins?.get(l.productId) ?? null,
        ordered: l.quantity,
        shippedBefore: l.shippedQty,
        inThisShipment: now,
        remaining: open - now,
      };
    }),
    notes: order.notes,
  };
}

/** A pick list of what is still to ship on one or more orders of one warehouse, merged by bin and SKU. */
export function pickListFromOrders(
  orders: readonly Order[],
  shop: DocShop,
  options: { lang: DocLang; printedAt: string; warehouseName: string; number?: string; bins?: ReadonlyMap<string, string>; names?: ReadonlyMap<string, string> },
): PickListDoc {
  if (orders.length === 0) throw new RangeError('a pick list needs at least one order');
  return {
    kind: 'pick-list',
    lang: options.lang,
    number: options.number ?? orders[0]!.number,
    warehouseName: options.warehouseName,
    printedAt: options.printedAt,
    shop,
    orderNumbers: orders.map((o) => o.number),
    lines: mergePickLines(
      orders.flatMap((o) =>
        o.lines.map((l) => ({ bin: options.bins?.get(l.productId) ?? null, sku: l.sku, name: options.names?.get(l.productId) ?? l.name, quantity: l.quantity - l.shippedQty, orderNumber: o.number })),
      ),
    ),
  };
}
