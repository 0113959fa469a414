// Shipping label, 100 × 150 mm: sender, recipient in large type, carrier and service, weight,
// and the tracking number as a large Code 128 with its text under it.

import type { Content } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { addressLines, date, weight } from '../../shared/documents/format.ts';
import type { ShippingLabelDoc } from '../../shared/documents/view-models.ts';
import { barcodeCanvas } from './barcode.ts';
import { labels, LABEL_SIZE, mm } from './style.ts';

export const LABEL_MARGIN = mm(4);

export async function shippingLabelContent(doc: ShippingLabelDoc, t: DocumentTemplate): Promise<Content[]> {
  const { lang } = doc;
  const L = labels(lang);
  const inner = LABEL_SIZE.width - 2 * LABEL_MARGIN;
  // pdfmake annotates the nodes it lays out, so every rule is a fresh node.
  const rule = (): Content => ({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: inner, y2: 0, lineWidth: 1.2 }], margin: [0, 3, 0, 3] });
  const sender = addressLines(doc.sender, lang);
  const recipient = addressLines(doc.recipient, lang);
  const facts: [string, string][] = [
    ...(doc.weightGrams !== null ? [[L.weight, weight(doc.weightGrams, lang)] as [string, string]] : []),
    [L.shipDate, date(doc.shipDate, lang)],
    ...(doc.orderNumber ? [[L.orderNumber, doc.orderNumber] as [string, string]] : []),
    ...(doc.parcel ? [['', L.parcel(doc.parcel.index, doc.parcel.count)] as [string, string]] : []),
  ];
  // Everything fits one 100 × 150 mm page: the sender in small type, the recipient large, the
  // facts in two columns, the tracking barcode across the full width at the bottom.
  const half = Math.ceil(facts.length / 2);
  // Type shrinks with the length of the addresses so the longest the contract allows still fits.
  const recipientChars = recipient.join('').length;
  const [nameSize, lineSize] = recipientChars <= 90 ? [14, 10.5] : recipientChars <= 180 ? [11, 9] : recipientChars <= 400 ? [8.5, 7] : [6.5, 5.5];
  // The sender is a return address: past two lines at small size it is cut, never the recipient.
  const senderText = sender.join(', ');
  const senderLine = senderText.length <= 160 ? senderText : `${senderText.slice(0, 159)}…`;
  const senderSize = senderLine.length <= 110 ? 7 : 6;
  const barcodeHeight = recipientChars <= 180 ? mm(34) : recipientChars <= 400 ? mm(24) : mm(15);
  const factTable = (rows: [string, string][]): Content => ({
    table: { widths: ['auto', '*'], body: rows.map(([k, v]) => [{ text: k, style: 'muted', noWrap: true }, { text: v, bold: true, fontSize: 8.5 }]) },
    layout: 'noBorders',
  });
  return [
    { columns: [{ text: doc.carrier, fontSize: 15, bold: true, color: t.accentColor, width: '*' }, { text: doc.service ?? '', fontSize: 11, bold: true, alignment: 'right', margin: [0, 3, 0, 0], width: 'auto' }], columnGap: 6 },
    rule(),
    { text: [{ text: `${L.from}  `, style: 'caption' }, { text: senderLine, fontSize: senderSize }] },
    rule(),
    { text: L.to, style: 'caption' },
    { text: recipient[0] ?? '', fontSize: nameSize, bold: true },
    { text: recipient.slice(1).join('\n'), fontSize: lineSize, lineHeight: 1.1 },
    rule(),
    { columns: [factTable(facts.slice(0, half)), factTable(facts.slice(half))], columnGap: mm(3) },
    rule(),
    { text: L.tracking, style: 'caption' },
    { ...barcodeCanvas(doc.trackingNumber, { width: inner, height: barcodeHeight }), alignment: 'center', margin: [0, 2, 0, 1] },
    { text: doc.trackingNumber, fontSize: 12, bold: true, alignment: 'center', characterSpacing: 1 },
  ];
}
