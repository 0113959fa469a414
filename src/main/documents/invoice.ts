// Invoice and credit note: one layout, the credit note differs in title, reference and the
// settlement rows. Amounts in the lines are net when prices exclude tax and gross when they
// include it, so a line reads as the customer was quoted.

import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { date, minusMoney, money, quantity, rate } from '../../shared/documents/format.ts';
import type { CreditNoteDoc, InvoiceDoc } from '../../shared/documents/view-models.ts';
import { barcodeCanvas } from './barcode.ts';
import { addressBlock, keyValues, labels, linesTable, mm, pageDocument, sectionGap, shopBlock } from './style.ts';

export async function invoiceDefinition(doc: InvoiceDoc | CreditNoteDoc, t: DocumentTemplate): Promise<TDocumentDefinitions> {
  const { lang, currency } = doc;
  const L = labels(lang);
  const m = (n: number) => money(n, currency, lang);
  const isCredit = doc.kind === 'credit-note';
  const title = isCredit ? L.creditNote : L.invoice;

  const meta = keyValues([
    [isCredit ? L.creditNoteNumber : L.invoiceNumber, doc.number],
    [L.issueDate, date(doc.issueDate, lang, doc.seller.timeZone)],
    doc.kind === 'invoice' && doc.dueDate ? [L.dueDate, date(doc.dueDate, lang, doc.seller.timeZone)] : null,
    isCredit ? [L.creditedInvoice, doc.creditedInvoiceNumber] : null,
    doc.orderNumber ? [L.orderNumber, doc.orderNumber] : null,
  ]);
  const code: Content[] = t.show.barcode ? [{ ...barcodeCanvas(doc.number, { symbology: 'qrcode', width: mm(22) }), alignment: 'right' }] : [];

  const header: Content = {
    columns: [
      { width: '*', stack: [shopBlock(doc.seller, t, lang)] },
      { width: 'auto', stack: [{ text: title, style: 'title', alignment: 'right' }, { ...meta, margin: [0, 4, 0, 4] } as Content, ...code] },
    ],
    columnGap: mm(6),
  };

  const buyerExtra = t.show.taxIds && doc.buyer.taxId ? [`${L.taxId}: ${doc.buyer.taxId}`] : [];
  const parties: Content = {
    columns: [
      addressBlock(L.billTo, doc.buyer.address ? { ...doc.buyer.address, name: doc.buyer.name } : null, lang, buyerExtra, doc.buyer.name),
      t.show.shipTo && doc.shipTo ? addressBlock(L.shipTo, doc.shipTo, lang) : { text: '' },
    ],
    columnGap: mm(6),
    margin: [0, mm(6), 0, mm(4)],
  };

  const showSku = t.show.sku;
  const showDiscount = t.show.discount && doc.lines.some((l) => l.discountBp > 0);
  const cols: { h: string; w: string | number; right: boolean; cell: (l: InvoiceDoc['lines'][number], i: number) => Content }[] = [
    { h: '#', w: 'auto', right: false, cell: (_l, i) => ({ text: String(i + 1), style: 'muted' }) },
    ...(showSku ? [{ h: L.sku, w: 'auto' as const, right: false, cell: (l: InvoiceDoc['lines'][number]) => ({ text: l.sku, fontSize: 8, noWrap: true }) }] : []),
    { h: L.description, w: '*', right: false, cell: (l) => l.description },
    { h: L.qty, w: 'auto', right: true, cell: (l) => quantity(l.quantity, lang) },
    { h: L.unitPrice, w: 'auto', right: true, cell: (l) => m(l.unitPrice) },
    ...(showDiscount ? [{ h: L.discount, w: 'auto' as const, right: true, cell: (l: InvoiceDoc['lines'][number]) => (l.discountBp > 0 ? rate(l.discountBp, lang) : '') }] : []),
    { h: L.taxRate, w: 'auto', right: true, cell: (l) => rate(l.taxRateBp, lang) },
    { h: L.amount, w: 'auto', right: true, cell: (l) => m(doc.pricesIncludeTax ? l.gross : l.net) },
  ];
  const right = new Set(cols.flatMap((c, i) => (c.right ? [i] : [])));
  const lines = linesTable(
    cols.map((c) => c.w),
    cols.map((c) => c.h),
    doc.lines.map((l, i) => cols.map((c) => c.cell(l, i))),
    right,
  );

  const breakdown: Content[] = t.show.taxBreakdown
    ? [
        { text: L.taxBreakdown, style: 'caption', margin: [0, 0, 0, 2] },
        linesTable(
          ['auto', 'auto', 'auto', 'auto'],
          [L.rate, L.net, L.tax, L.gross],
          doc.taxBreakdown.map((b) => [rate(b.taxRateBp, lang), m(b.net), m(b.tax), m(b.gross)]),
          new Set([0, 1, 2, 3]),
        ),
      ]
    : [];

  const row = (label: string, value: string, strong = false): Content[] => [
    { text: label, style: strong ? 'grandTotal' : 'totalLabel' },
    { text: value, style: strong ? 'grandTotal' : 'num' },
  ];
  const totalsRows: Content[][] = [
    row(L.subtotal, m(doc.subtotal)),
    ...(doc.discountTotal > 0 ? [row(L.orderDiscount, minusMoney(doc.discountTotal, currency, lang))] : []),
    row(L.netTotal, m(doc.netTotal)),
    row(L.taxTotal, m(doc.taxTotal)),
    row(isCredit ? L.creditTotal : L.total, m(doc.grossTotal), true),
    ...(doc.kind === 'invoice'
      ? [row(L.paid, minusMoney(doc.paid, currency, lang)), row(L.due, m(doc.due), true)]
      : [row(L.refunded, minusMoney(doc.refunded, currency, lang)), row(L.remaining, m(doc.remaining), true)]),
  ];
  const totals: Content = {
    columns: [
      { width: '*', stack: breakdown },
      { width: 'auto', table: { widths: ['auto', 'auto'], body: totalsRows }, layout: 'noBorders' },
    ],
    columnGap: mm(8),
    margin: [0, mm(4), 0, 0],
    unbreakable: true,
  };

  const terms = doc.paymentTerms;
  const bank = doc.seller.bankDetails;
  const tail: Content[] = [
    ...(doc.pricesIncludeTax ? [{ text: L.pricesIncludeTax, style: 'muted', margin: [0, 4, 0, 0] } as Content] : []),
    ...(isCredit && doc.reason ? [{ text: [{ text: `${L.reason}: `, bold: true }, doc.reason], margin: [0, 6, 0, 0] } as Content] : []),
    ...(t.show.paymentTerms && terms && !isCredit ? [{ text: [{ text: `${L.paymentTerms}: `, bold: true }, terms], margin: [0, 6, 0, 0] } as Content] : []),
    ...(t.show.bankDetails && bank ? [{ text: [{ text: `${L.bankDetails}: `, bold: true }, bank], margin: [0, 3, 0, 0] } as Content] : []),
    ...(t.show.notes && doc.notes ? [{ text: [{ text: `${L.notes}: `, bold: true }, doc.notes], margin: [0, 3, 0, 0] } as Content] : []),
  ];

  return pageDocument(t, lang, { title: `${title} ${doc.number}` }, [header, parties, lines, totals, sectionGap(), { stack: tail, unbreakable: true }], {
    runningTitle: `${title} ${doc.number}`,
  });
}
