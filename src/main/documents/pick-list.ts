// Pick list: lines merged by bin and SKU (mergePickLines), in walking order, with a box to
// tick and which orders take the units.

import type { Content } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { dateTime, quantity } from '../../shared/documents/format.ts';
import type { PickListDoc } from '../../shared/documents/view-models.ts';
import { barcodeCanvas } from './barcode.ts';
import { keyValues, labels, linesTable, mm, shopBlock } from './style.ts';

export async function pickListContent(doc: PickListDoc, t: DocumentTemplate): Promise<Content[]> {
  const { lang } = doc;
  const L = labels(lang);
  const q = (n: number) => quantity(n, lang);
  const code: Content[] = t.show.barcode ? [{ ...barcodeCanvas(doc.number, { width: mm(60), height: mm(11) }), alignment: 'right', margin: [0, 4, 0, 0] }] : [];
  const header: Content = {
    columns: [
      { width: '*', stack: [shopBlock(doc.shop, t, lang)] },
      {
        width: 'auto',
        stack: [
          { text: L.pickList, style: 'title', alignment: 'right' },
          { ...keyValues([[L.pickList, doc.number], [L.warehouse, doc.warehouseName], [L.orders, doc.orderNumbers.join(', ')], [L.printedAt, dateTime(doc.printedAt, lang, doc.shop.timeZone)]]), margin: [0, 4, 0, 0] } as Content,
          ...code,
        ],
      },
    ],
    columnGap: mm(6),
    margin: [0, 0, 0, mm(6)],
  };
  const many = doc.orderNumbers.length > 1;
  const showSku = t.show.sku;
  const head = [L.bin, ...(showSku ? [L.sku] : []), L.description, L.qty, ...(many ? [L.orders] : []), L.picked];
  const rows = doc.lines.map((l) => [
    { text: l.bin ?? L.noBin, bold: true, fontSize: 10, noWrap: true },
    ...(showSku ? [{ text: l.sku, fontSize: 8, noWrap: true }] : []),
    l.name,
    { text: q(l.quantity), bold: true, fontSize: 10, alignment: 'right' as const },
    ...(many ? [{ stack: l.orders.map((o) => ({ text: `${o.orderNumber} × ${q(o.quantity)}`, fontSize: 7.5, noWrap: true })) }] : []),
    { canvas: [{ type: 'rect', x: 2, y: 1, w: 10, h: 10, lineWidth: 0.8 }] },
  ] as Content[]);
  const widths = ['auto', ...(showSku ? ['auto'] : []), '*', 'auto', ...(many ? ['auto'] : []), 'auto'];
  const qtyCol = showSku ? 3 : 2;
  const total = doc.lines.reduce((s, l) => s + l.quantity, 0);
  return [
    header,
    linesTable(widths, head, rows, new Set([qtyCol])),
    { text: `${L.totalUnits}: ${q(total)}`, bold: true, alignment: 'right', margin: [0, 4, 0, 0] },
  ];
}
