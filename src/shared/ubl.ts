// EN 16931 e-invoices as UBL 2.1 Invoice / CreditNote XML. Pure: a document in, a string out.
//
// Mapping decisions (docs/ARCHITECTURE.md, "Invoicing"):
// - CustomizationID urn:cen.eu:en16931:2017; type code 380 (invoice) or 381 (credit note); a
//   credit note names its invoice in BillingReference (BT-25, BT-26).
// - Tax category S for a positive rate, Z for a zero rate; the breakdown is the document's own
//   per-rate breakdown (sums of rounded lines), so BT-116/BT-117 equal the line sums exactly.
// - Line net (BT-131) is our tax-exclusive line amount after discounts. The net price (BT-146)
//   is net / quantity when that is exact in the currency's minor unit; otherwise the price is
//   given for the line's whole quantity (base quantity BT-149 = quantity), which keeps
//   quantity × price / base = line net exact instead of rounding a unit price.
// - No document-level allowances or charges (order discounts are already spread over lines), no
//   prepaid amount: the payable amount is the document total at issue.
// - The seller's tax id goes out as a VAT identifier (BT-31) when it starts with a two-letter
//   country prefix, otherwise as a tax registration identifier (BT-32) and as the legal
//   registration identifier (BT-30), which EN 16931 needs to identify the seller (BR-CO-26).

import type { Address } from './contract/common.ts';
import { decimalAmount, percent } from './csv.ts';

export type UblParty = { readonly name: string; readonly taxId: string | null; readonly address: Address; readonly email?: string | null };

export type UblLine = {
  readonly lineNo: number;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly net: number;
  readonly taxRateBp: number;
};

export type UblDocument = {
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly currency: string;
  readonly orderNumber: string;
  readonly note: string | null;
  readonly precedingInvoice: { readonly number: string; readonly issueDate: string } | null;
  readonly seller: UblParty & { readonly iban: string | null };
  readonly buyer: UblParty;
  readonly lines: readonly UblLine[];
  readonly taxBreakdown: readonly { readonly taxRateBp: number; readonly net: number; readonly tax: number }[];
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
};

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  credit_note: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** UN/ECE Recommendation 20 unit codes for the units shops use; anything else is "one" (C62). */
const UNIT_CODES: Record<string, string> = { pcs: 'H87', pc: 'H87', piece: 'H87', kg: 'KGM', g: 'GRM', l: 'LTR', ml: 'MLT', m: 'MTR', cm: 'CMT', box: 'XBX', set: 'SET', pair: 'PR' };

export function unitCode(unit: string): string {
  return UNIT_CODES[unit.trim().toLowerCase()] ?? 'C62';
}

export function escapeXml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const category = (bp: number) => (bp === 0 ? 'Z' : 'S');

function el(name: string, content: string | null | undefined, attrs: Record<string, string> = {}): string {
  if (content === null || content === undefined || content === '') return '';
  const a = Object.entries(attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  return `<${name}${a}>${content}</${name}>`;
}

const text = (name: string, value: string | null | undefined) => el(name, value === null || value === undefined ? null : escapeXml(value));

function address(a: Address): string {
  return el(
    'cac:PostalAddress',
    text('cbc:StreetName', a.line1) + text('cbc:AdditionalStreetName', a.line2) + text('cbc:CityName', a.city) + text('cbc:PostalZone', a.postalCode) + text('cbc:CountrySubentity', a.region) +
      el('cac:Country', text('cbc:IdentificationCode', a.country)),
  );
}

function party(p: UblParty): string {
  const vat = p.taxId !== null && /^[A-Z]{2}[A-Z0-9]/.test(p.taxId);
  const taxScheme = p.taxId ? el('cac:PartyTaxScheme', text('cbc:CompanyID', p.taxId) + el('cac:TaxScheme', text('cbc:ID', vat ? 'VAT' : 'TAX'))) : '';
  return el(
    'cac:Party',
    el('cac:PartyName', text('cbc:Name', p.name)) +
      address(p.address) +
      taxScheme +
      // A national tax number (not a VAT id) is also the legal registration id (BT-30 / BT-47), so
      // the party stays identifiable (BR-CO-26).
      el('cac:PartyLegalEntity', text('cbc:RegistrationName', p.name) + (p.taxId && !vat ? text('cbc:CompanyID', p.taxId) : '')) +
      (p.email ? el('cac:Contact', text('cbc:ElectronicMail', p.email)) : ''),
  );
}

export function buildUbl(d: UblDocument): string {
  const cur = d.currency;
  const amt = (n: number, name: string) => el(name, decimalAmount(n, cur).csvNumber, { currencyID: cur });
  const isInvoice = d.kind === 'invoice';
  const root = isInvoice ? 'Invoice' : 'CreditNote';

  const lines = d.lines.map((l) => {
    const unit = unitCode(l.unit);
    const exact = l.net % l.quantity === 0;
    const price = exact
      ? el('cbc:PriceAmount', decimalAmount(l.net / l.quantity, cur).csvNumber, { currencyID: cur })
      : el('cbc:PriceAmount', decimalAmount(l.net, cur).csvNumber, { currencyID: cur }) + el('cbc:BaseQuantity', String(l.quantity), { unitCode: unit });
    const lineTag = isInvoice ? 'cac:InvoiceLine' : 'cac:CreditNoteLine';
    const qtyTag = isInvoice ? 'cbc:InvoicedQuantity' : 'cbc:CreditedQuantity';
    return el(
      lineTag,
      text('cbc:ID', String(l.lineNo)) +
        el(qtyTag, String(l.quantity), { unitCode: unit }) +
        amt(l.net, 'cbc:LineExtensionAmount') +
        el(
          'cac:Item',
          text('cbc:Name', l.name) +
            el('cac:SellersItemIdentification', text('cbc:ID', l.sku)) +
            el('cac:ClassifiedTaxCategory', text('cbc:ID', category(l.taxRateBp)) + text('cbc:Percent', percent(l.taxRateBp)) + el('cac:TaxScheme', text('cbc:ID', 'VAT'))),
        ) +
        el('cac:Price', price),
    );
  });

  const subtotals = d.taxBreakdown.map((t) =>
    el(
      'cac:TaxSubtotal',
      amt(t.net, 'cbc:TaxableAmount') + amt(t.tax, 'cbc:TaxAmount') + el('cac:TaxCategory', text('cbc:ID', category(t.taxRateBp)) + text('cbc:Percent', percent(t.taxRateBp)) + el('cac:TaxScheme', text('cbc:ID', 'VAT'))),
    ),
  );

  const paymentMeans = el(
    'cac:PaymentMeans',
    text('cbc:PaymentMeansCode', d.seller.iban ? '30' : '1') + text('cbc:PaymentID', d.number) + (d.seller.iban ? el('cac:PayeeFinancialAccount', text('cbc:ID', d.seller.iban)) : ''),
  );
  const terms = el('cac:PaymentTerms', text('cbc:Note', isInvoice ? `Due ${d.dueDate}` : `Credited against invoice ${d.precedingInvoice?.number ?? ''}`));

  const body =
    text('cbc:CustomizationID', 'urn:cen.eu:en16931:2017') +
    text('cbc:ID', d.number) +
    text('cbc:IssueDate', d.issueDate) +
    (isInvoice ? text('cbc:DueDate', d.dueDate) + text('cbc:InvoiceTypeCode', '380') : text('cbc:CreditNoteTypeCode', '381')) +
    text('cbc:Note', d.note) +
    text('cbc:DocumentCurrencyCode', cur) +
    el('cac:OrderReference', text('cbc:ID', 'NA') + text('cbc:SalesOrderID', d.orderNumber)) +
    (d.precedingInvoice ? el('cac:BillingReference', el('cac:InvoiceDocumentReference', text('cbc:ID', d.precedingInvoice.number) + text('cbc:IssueDate', d.precedingInvoice.issueDate))) : '') +
    el('cac:AccountingSupplierParty', party(d.seller)) +
    el('cac:AccountingCustomerParty', party(d.buyer)) +
    paymentMeans +
    terms +
    el('cac:TaxTotal', amt(d.tax, 'cbc:TaxAmount') + subtotals.join('')) +
    el('cac:LegalMonetaryTotal', amt(d.net, 'cbc:LineExtensionAmount') + amt(d.net, 'cbc:TaxExclusiveAmount') + amt(d.gross, 'cbc:TaxInclusiveAmount') + amt(d.gross, 'cbc:PayableAmount')) +
    lines.join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS[d.kind]}" xmlns:cac="${NS.cac}" xmlns:cbc="${NS.cbc}">${body}</${root}>\n`;
}
