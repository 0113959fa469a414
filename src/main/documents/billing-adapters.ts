// Adapters for documents that come from invoicing and fulfilment: an invoice or credit note
// from invoices.get, and shipping labels from one shipment (one label per parcel). Pure, like
// the order adapters: print.ts reads the data through the dispatcher and hands it over.

import type { OpResult } from '../../shared/contract/index.ts';
import type { CreditNoteDoc, DocAddress, DocLang, DocShop, InvoiceDoc, InvoiceLineDoc, ShippingLabelDoc } from '../../shared/documents/view-models.ts';

type Invoice = OpResult<'invoices.get'>;
type Seller = OpResult<'invoices.settings'>['seller'];

/**
 * The shop as the invoice shows it: the document profile first, then what invoicing keeps for
 * the seller (tax id, address, bank account, e-mail), so a shop that filled in only one of the
 * two settings still prints its details.
 */
export function sellerShop(shop: DocShop, seller: Seller): DocShop {
  return {
    ...shop,
    address: shop.address ?? seller.address,
    taxId: shop.taxId ?? seller.taxId,
    email: shop.email ?? seller.email,
    bankDetails: shop.bankDetails ?? (seller.iban ? `IBAN ${seller.iban}` : null),
  };
}

function linesOf(invoice: Invoice, names: ReadonlyMap<string, string> | undefined): InvoiceLineDoc[] {
  return invoice.lines.map((l) => ({
    sku: l.sku,
    // The shipping charge line has no product.
    description: (l.productId && names?.get(l.productId)) ?? l.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountBp: l.discountBp,
    taxRateBp: l.taxRateBp,
    net: l.net,
    tax: l.tax,
    gross: l.gross,
  }));
}

type BillingOptions = {
  readonly lang: DocLang;
  /** The order's ship-to address, printed beside the billing address. */
  readonly shipTo: DocAddress | null;
  readonly paymentTerms: string | null;
  readonly names?: ReadonlyMap<string, string>;
};

/** The parts invoices and credit notes share. Line amounts already carry every discount. */
function common(invoice: Invoice, shop: DocShop, options: BillingOptions) {
  return {
    lang: options.lang,
    number: invoice.number,
    issueDate: invoice.issueDate,
    orderNumber: invoice.orderNumber,
    currency: invoice.currency,
    seller: shop,
    buyer: { name: invoice.customerName, address: invoice.billingAddress, taxId: invoice.customerTaxId },
    shipTo: options.shipTo,
    pricesIncludeTax: invoice.pricesIncludeTax,
    lines: linesOf(invoice, options.names),
    taxBreakdown: invoice.taxBreakdown.map((r) => ({ taxRateBp: r.taxRateBp, net: r.net, tax: r.tax, gross: r.gross })),
    subtotal: invoice.netTotal,
    discountTotal: 0,
    netTotal: invoice.netTotal,
    taxTotal: invoice.taxTotal,
    grossTotal: invoice.grossTotal,
  };
}

/**
 * An invoice. Paid is what was paid less what was refunded; credit notes against it lower the
 * amount due, so they are listed in the notes to make paid + credited + due add up on paper.
 */
export function invoiceFromLedger(invoice: Invoice, shop: DocShop, options: BillingOptions): InvoiceDoc {
  if (invoice.kind !== 'invoice' || !invoice.balance) throw new RangeError(`${invoice.number} is not an invoice`);
  const b = invoice.balance;
  const credited = invoice.creditNotes.map((c) => c.number).join(', ');
  return {
    kind: 'invoice',
    ...common(invoice, shop, options),
    dueDate: invoice.dueDate,
    paid: b.paid - b.refunded,
    due: b.amountDue,
    paymentTerms: options.paymentTerms,
    notes: b.credited > 0 ? `${options.lang === 'zh' ? '已开红字发票' : 'Credited by'} ${credited}` : null,
  };
}

/**
 * A credit note. What is refunded and still to refund are read off the invoice it credits: the
 * shop owes the customer when that invoice's amount due is below zero; both are capped at the
 * note's own amount.
 */
export function creditNoteFromLedger(note: Invoice, credited: Invoice, shop: DocShop, options: BillingOptions): CreditNoteDoc {
  if (note.kind !== 'credit_note') throw new RangeError(`${note.number} is not a credit note`);
  const owed = credited.balance ? Math.max(0, -credited.balance.amountDue) : 0;
  const refunded = credited.balance ? Math.min(note.grossTotal, credited.balance.refunded) : 0;
  return {
    kind: 'credit-note',
    ...common(note, shop, options),
    creditedInvoiceNumber: note.creditedInvoiceNumber ?? credited.number,
    reason: note.reason,
    paymentTerms: null,
    notes: null,
    refunded,
    remaining: Math.min(note.grossTotal, owed),
  };
}

/**
 * The labels of one shipment, one per parcel ("parcel n of m"). A parcel without a tracking
 * number carries the shipment number in its barcode, so every label still scans to the parcel.
 */
export function labelsFromShipment(
  shipment: OpResult<'shipments.get'>,
  options: { lang: DocLang; sender: DocAddress; recipient: DocAddress; orderNumber: string; service: string | null; timeZone: string },
): ShippingLabelDoc[] {
  const parcels = shipment.parcels.length > 0 ? shipment.parcels : [{ parcelNo: 1, trackingNumber: null, weightGrams: null }];
  return parcels.map((p) => ({
    kind: 'shipping-label',
    lang: options.lang,
    sender: options.sender,
    recipient: options.recipient,
    carrier: shipment.carrierName ?? (options.lang === 'zh' ? '自送' : 'Own delivery'),
    service: options.service,
    weightGrams: p.weightGrams,
    trackingNumber: p.trackingNumber ?? shipment.number,
    orderNumber: options.orderNumber,
    parcel: parcels.length > 1 ? { index: p.parcelNo, count: parcels.length } : null,
    shipDate: localDate(shipment.shippedAt, options.timeZone),
  }));
}

/** The calendar date of an instant in the shop's zone, as YYYY-MM-DD. */
function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}
