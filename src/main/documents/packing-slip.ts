// Packing slip: no goods prices (the shipping fee charged is shown with the delivery method). The order number as Code 128 (a packing station scans it), the
// ship-to, and per line what was ordered, shipped before, is in this parcel and is left for later.

import type { Content } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { date, dateTime, money, quantity } from '../../shared/documents/format.ts';
import type { PackingSlipDoc } from '../../shared/documents/view-models.ts';
import { barcodeCanvas } from './barcode.ts';
import { addressBlock, keyValues, labels, linesTable, mm, shopBlock } from './style.ts';

/** The content of one slip; a batch puts several one after another, each from a new page. */
export async function packingSlipContent(doc: PackingSlipDoc, t: DocumentTemplate): Promise<Content[]> {
  const { lang } = doc;
  const L = labels(lang);
  const q = (n: number) => quantity(n, lang);
  const code: Content[] = t.show.barcode ? [{ ...barcodeCanvas(doc.orderNumber, { width: mm(60), height: mm(11) }), alignment: 'right', margin: [0, 4, 0, 0] }] : [];
  const meta = keyValues([
    [L.orderNumber, doc.orderNumber],
    [L.orderDate, date(doc.orderDate, lang, doc.shop.timeZone)],
    doc.shipment?.number ? [L.shipment, doc.shipment.number] : null,
    doc.shipment?.carrier ? [L.carrier, doc.shipment.carrier] : null,
    doc.shipment?.trackingNumber ? [L.tracking, doc.shipment.trackingNumber] : null,
    doc.delivery ? [L.deliveryMethod, doc.delivery.method] : null,
    doc.delivery ? [L.shippingFee, money(doc.delivery.fee, doc.delivery.currency, lang)] : null,
    [L.printedAt, dateTime(doc.printedAt, lang, doc.shop.timeZone)],
  ]);
  const header: Content = {
    columns: [
      { width: '*', stack: [shopBlock(doc.shop, t, lang)] },
      { width: 'auto', stack: [{ text: L.packingSlip, style: 'title', alignment: 'right' }, { ...meta, margin: [0, 4, 0, 0] } as Content, ...code] },
    ],
    columnGap: mm(6),
  };
  const shipTo: Content = {
    columns: [
      t.show.shipTo ? addressBlock(L.shipTo, doc.shipTo, lang, [], doc.customerName) : { text: '' },
      doc.shipTo && doc.shipTo.name === doc.customerName ? { text: '' } : addressBlock(L.customer, null, lang, [], doc.customerName),
    ],
    columnGap: mm(6),
    margin: [0, mm(6), 0, mm(4)],
  };
  const showSku = t.show.sku;
  const header2 = [L.bin, ...(showSku ? [L.sku] : []), L.description, L.ordered, L.shippedBefore, L.inThisShipment, L.remainingLater];
  const first = showSku ? 3 : 2;
  const rows = doc.lines.map((l) => [
    { text: l.bin ?? L.noBin, bold: true, noWrap: true },
    ...(showSku ? [{ text: l.sku, fontSize: 8, noWrap: true }] : []),
    l.name,
    q(l.ordered),
    l.shippedBefore > 0 ? q(l.shippedBefore) : '',
    { text: q(l.inThisShipment), bold: true, alignment: 'right' as const },
    l.remaining > 0 ? { text: q(l.remaining), bold: true, alignment: 'right' as const, color: '#b00020' } : '',
  ] as Content[]);
  const widths = ['auto', ...(showSku ? ['auto'] : []), '*', 'auto', 'auto', 'auto', 'auto'];
  const table = linesTable(widths, header2, rows, new Set([first, first + 1, first + 2, first + 3]));
  const later = doc.lines.reduce((s, l) => s + l.remaining, 0);
  const inParcel = doc.lines.reduce((s, l) => s + l.inThisShipment, 0);
  const tail: Content[] = [
    { text: `${L.totalUnits}: ${q(inParcel)}`, bold: true, alignment: 'right', margin: [0, 4, 0, 0] },
    ...(later > 0 ? [{ text: L.leftForLater(later), bold: true, color: '#b00020', margin: [0, 4, 0, 0] } as Content] : []),
    ...(t.show.notes && doc.notes ? [{ text: [{ text: `${L.notes}: `, bold: true }, doc.notes], margin: [0, 4, 0, 0] } as Content] : []),
  ];
  return [header, shipTo, table, ...tail];
}
