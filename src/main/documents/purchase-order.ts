// Purchase order to a supplier: the shop as buyer, the supplier, where and by when to deliver,
// per line our SKU, the supplier's reference, quantity, unit cost and amount; the PO number as
// Code 128 so a goods-in desk can scan it from the supplier's delivery note copy.

import type { Content } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { date, money, quantity } from '../../shared/documents/format.ts';
import type { PurchaseOrderDoc } from '../../shared/documents/view-models.ts';
import { barcodeCanvas } from './barcode.ts';
import { addressBlock, keyValues, labels, linesTable, mm, shopBlock } from './style.ts';

export async function purchaseOrderContent(doc: PurchaseOrderDoc, t: DocumentTemplate): Promise<Content[]> {
  const { lang } = doc;
  const L = labels(lang);
  const m = (n: number) => money(n, doc.currency, lang);
  const code: Content[] = t.show.barcode ? [{ ...barcodeCanvas(doc.number, { width: mm(60), height: mm(11) }), alignment: 'right', margin: [0, 4, 0, 0] }] : [];
  const meta = keyValues([
    [L.poNumber, doc.number],
    [L.orderDate, date(doc.orderDate, lang, doc.buyer.timeZone)],
    doc.expectedDate ? [L.expectedBy, date(doc.expectedDate, lang, doc.buyer.timeZone)] : null,
    [L.paymentTerms, L.netDays(doc.paymentTermsDays)],
  ]);
  const header: Content = {
    columns: [
      { width: '*', stack: [shopBlock(doc.buyer, t, lang)] },
      { width: 'auto', stack: [{ text: L.purchaseOrder, style: 'title', alignment: 'right' }, { ...meta, margin: [0, 4, 0, 0] } as Content, ...code] },
    ],
    columnGap: mm(6),
  };
  const s = doc.supplier;
  const supplierExtra = [
    s.contact ? `${L.contact}: ${s.contact}` : null,
    [s.phone, s.email].filter(Boolean).join('  ·  ') || null,
    t.show.taxIds && s.taxId ? `${L.taxId}: ${s.taxId}` : null,
  ].filter((x): x is string => x !== null);
  const parties: Content = {
    columns: [
      addressBlock(L.supplier, s.address ? { ...s.address, name: s.name } : null, lang, supplierExtra, s.name),
      addressBlock(L.deliverTo, doc.deliverTo.address, lang, doc.deliverTo.address ? [doc.deliverTo.warehouse] : [], doc.deliverTo.warehouse),
    ],
    columnGap: mm(6),
    margin: [0, mm(6), 0, mm(4)],
  };
  const showSku = t.show.sku;
  const head = ['#', ...(showSku ? [L.sku] : []), L.supplierSku, L.description, L.qty, L.unitCost, L.amount];
  const first = showSku ? 4 : 3;
  const rows = doc.lines.map((l, i) => [
    String(i + 1),
    ...(showSku ? [{ text: l.sku, fontSize: 8, noWrap: true }] : []),
    { text: l.supplierSku ?? '', fontSize: 8 },
    l.description,
    quantity(l.quantity, lang),
    m(l.unitCost),
    m(l.amount),
  ] as Content[]);
  const widths = ['auto', ...(showSku ? ['auto'] : []), 'auto', '*', 'auto', 'auto', 'auto'];
  const table = linesTable(widths, head, rows, new Set([first, first + 1, first + 2]));
  const tail: Content[] = [
    { columns: [{ text: '', width: '*' }, { width: 'auto', ...keyValues([[L.orderTotal, m(doc.total)]]) } as Content], margin: [0, 6, 0, 0] },
    { text: L.quoteOurNumber, style: 'small', margin: [0, 8, 0, 0] },
    ...(t.show.notes && doc.notes ? [{ text: [{ text: `${L.notes}: `, bold: true }, doc.notes], margin: [0, 4, 0, 0] } as Content] : []),
  ];
  return [header, parties, table, ...tail];
}
