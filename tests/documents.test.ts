// Documents read back as a person would: text through pdftotext, barcodes decoded from the
// rendered pixels. Every kind prints in both languages; the PNG pages are kept under
// test-results/documents/ to be looked at.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentTemplate } from '../src/shared/contract/documents.ts';
import { LABELS, money, rate } from '../src/shared/documents/format.ts';
import { mergePickLines, type DocLang } from '../src/shared/documents/view-models.ts';
import { barcodePng } from '../src/main/documents/barcode.ts';
import { BATCH_CHUNK } from '../src/main/documents/batch.ts';
import { renderBatch, renderDocument } from '../src/main/documents/render.ts';
import { sampleCreditNote, sampleInvoice, samplePackingSlip, samplePickList, sampleShippingLabel } from '../src/main/documents/samples.ts';
import { pdfBarcodes, pdfFonts, pdfInfo, pdfPages, pdfText } from './pdf-tools.ts';

const OUT = join(import.meta.dirname, '..', 'test-results', 'documents');
const LANGS: DocLang[] = ['en', 'zh'];
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe.each(LANGS)('documents in %s', (lang) => {
  const L = LABELS[lang];
  const m = (n: number) => money(n, 'CNY', lang);

  it('invoice: parties, lines, per-rate breakdown, totals, paid and due, terms, bank, and a QR code of its number', async () => {
    const doc = sampleInvoice(lang);
    const pdf = await renderDocument(doc);
    const text = flat(pdfText(pdf));
    for (const s of [L.invoice, doc.number, doc.seller.name, doc.seller.taxId!, doc.buyer.name, doc.buyer.taxId!, doc.paymentTerms!, doc.seller.bankDetails!]) expect(text).toContain(s);
    for (const l of doc.lines) {
      expect(text).toContain(l.sku);
      expect(text).toContain(m(l.unitPrice));
      expect(text).toContain(m(l.net));
    }
    const rows = pdfPages(pdf, true).join('\n').split('\n').map(flat);
    for (const b of doc.taxBreakdown) expect(rows.some((r) => r.includes(`${rate(b.taxRateBp, lang)} ${m(b.net)} ${m(b.tax)} ${m(b.gross)}`))).toBe(true);
    expect(text).toContain(`${L.total} ${m(doc.grossTotal)}`);
    expect(text).toContain(`${L.due} ${m(doc.due)}`);
    expect(doc.due).toBe(doc.grossTotal - doc.paid);
    if (lang === 'zh') expect(text).toContain('西湖龙井绿茶');
    expect(pdfBarcodes(pdf, { saveAs: join(OUT, `invoice-${lang}`) })).toEqual([doc.number]);
  });

  it('credit note: title, the invoice it credits, the reason and the amount to refund', async () => {
    const doc = sampleCreditNote(lang);
    const pdf = await renderDocument(doc);
    const text = flat(pdfText(pdf));
    for (const s of [L.creditNote, doc.number, doc.creditedInvoiceNumber, doc.reason!]) expect(text).toContain(s);
    expect(text).toContain(`${L.creditTotal} ${m(doc.grossTotal)}`);
    expect(text).toContain(`${L.remaining} ${m(doc.remaining)}`);
    expect(pdfBarcodes(pdf, { saveAs: join(OUT, `credit-note-${lang}`) })).toEqual([doc.number]);
  });

  it('packing slip: no prices, ship-to, bins, quantities, what is left for later, and the order number as Code 128', async () => {
    const doc = samplePackingSlip(lang);
    const pdf = await renderDocument(doc);
    const text = flat(pdfText(pdf));
    for (const s of [L.packingSlip, doc.orderNumber, '王秀英', '南京东路 100 号 5 楼', doc.shipment!.trackingNumber!]) expect(text).toContain(s);
    for (const l of doc.lines) expect(text).toContain(l.bin!);
    const later = doc.lines.reduce((s, l) => s + l.remaining, 0);
    expect(later).toBeGreaterThan(0);
    expect(text).toContain(L.leftForLater(later));
    expect(text).not.toMatch(/¥|CN¥/);
    expect(pdfBarcodes(pdf, { saveAs: join(OUT, `packing-slip-${lang}`) })).toContain(doc.orderNumber);
  });

  it('pick list: one row per bin and SKU with the summed quantity', async () => {
    const doc = samplePickList(lang);
    const pdf = await renderDocument(doc);
    const pages = pdfPages(pdf, true);
    const rows = pages.join('\n').split('\n');
    for (const l of doc.lines) {
      const row = rows.find((r) => r.includes(l.sku));
      expect(row, l.sku).toBeDefined();
      expect(row!).toMatch(new RegExp(`\\s${l.quantity}\\s`));
      expect(rows.filter((r) => r.includes(` ${l.sku} `)).length).toBe(1);
    }
    expect(flat(pages.join(' '))).toContain(`${L.totalUnits}: ${doc.lines.reduce((s, l) => s + l.quantity, 0)}`);
    expect(pdfBarcodes(pdf, { saveAs: join(OUT, `pick-list-${lang}`) })).toEqual([doc.number]);
  });

  it('shipping label: 100 × 150 mm on one page, sender, recipient, carrier, service, weight, and the tracking number as Code 128', async () => {
    const doc = sampleShippingLabel(lang);
    const pdf = await renderDocument(doc);
    const info = pdfInfo(pdf);
    expect(info['Pages']).toBe('1');
    const [w, h] = info['Page size']!.match(/[\d.]+/g)!.map(Number);
    expect(w! / (72 / 25.4)).toBeCloseTo(100, 0);
    expect(h! / (72 / 25.4)).toBeCloseTo(150, 0);
    const text = flat(pdfText(pdf));
    for (const s of ['王秀英', '88 Garden Road', doc.carrier, doc.service!, '1.25 kg', doc.trackingNumber, L.parcel(1, 2)]) expect(text).toContain(s);
    expect(pdfBarcodes(pdf, { saveAs: join(OUT, `shipping-label-${lang}`) })).toEqual([doc.trackingNumber]);
  });
});

describe('long documents, paper and fonts', () => {
  it('a shipping label with the longest addresses the contract allows still fits one page, and its barcode still decodes', async () => {
    const d = sampleShippingLabel('zh');
    const longest = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);
    const address = (seed: string) => ({ name: longest(seed, 200), line1: longest('南京东路 100 号 ', 200), line2: longest('Building 7, Entrance C, ', 200), city: longest('上海', 100), region: longest('上海市', 100), postalCode: '20000100000000000000', country: 'CN', phone: longest('+86 21 5555 0100 ', 40) });
    const doc = { ...d, sender: address('茶韵'), recipient: address('欧阳') };
    const pdf = await renderDocument(doc);
    expect(pdfInfo(pdf)['Pages']).toBe('1');
    expect(flat(pdfText(pdf))).toContain('欧阳欧阳');
    expect(pdfBarcodes(pdf)).toEqual([doc.trackingNumber]);
  });

  it('a 300-line invoice breaks across pages with the table header and "page n of m" on every page, and totals on the last', async () => {
    const doc = sampleInvoice('zh', 300);
    const pdf = await renderDocument(doc);
    const pages = pdfPages(pdf).map(flat);
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((p, i) => {
      expect(p).toContain(LABELS.zh.description);
      expect(p).toContain(LABELS.zh.page(i + 1, pages.length));
      if (i > 0) expect(p).toContain(`${LABELS.zh.invoice} ${doc.number}`);
    });
    expect(pages.at(-1)).toContain(`${LABELS.zh.due} ${money(doc.due, 'CNY', 'zh')}`);
    // Every line is there exactly once: the last line's number and the first page's first.
    const all = pages.join(' ');
    expect(all).toMatch(/ 300 /);
    expect(pdfBarcodes(pdf, { firstPageOnly: true, dpi: 150 })).toEqual([doc.number]);
  });

  it('prints on A4 or US Letter as the template says', async () => {
    const a4 = pdfInfo(await renderDocument(sampleInvoice('en'), documentTemplate.parse({ paper: 'A4' })))['Page size'];
    const letter = pdfInfo(await renderDocument(sampleInvoice('en'), documentTemplate.parse({ paper: 'LETTER' })))['Page size'];
    expect(a4).toContain('(A4)');
    expect(letter).toContain('(letter)');
  });

  it('embeds Noto Sans SC as a subset, so a bilingual invoice stays small', async () => {
    const pdf = await renderDocument(sampleInvoice('zh'));
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC/);
      expect(f).toMatchObject({ embedded: true, subset: true });
    }
    // The full font file is over 10 MB; a subset of a few hundred glyphs is tens of KB.
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('a batch prints every packing slip from a new page in one PDF', async () => {
    const numbers = ['SO-A-000201', 'SO-A-000202', 'SO-A-000203'];
    const pdf = await renderBatch(numbers.map((n) => samplePackingSlip('en', n)));
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(3);
    pages.forEach((p, i) => expect(p).toContain(numbers[i]));
    expect(pdfBarcodes(pdf, { dpi: 150 })).toEqual(numbers);
  });

  it('a batch longer than a chunk is laid out in chunks and joined into one PDF, every slip in order, pages numbered over the job', async () => {
    const count = BATCH_CHUNK * 2 + 7;
    const numbers = Array.from({ length: count }, (_, i) => `SO-B-${String(i + 1).padStart(6, '0')}`);
    const pdf = await renderBatch(numbers.map((n) => samplePackingSlip('zh', n)));
    const pages = pdfPages(pdf).map((p) => p.replace(/\s+/g, ' '));
    expect(pages).toHaveLength(count);
    pages.forEach((p, i) => {
      expect(p).toContain(numbers[i]);
      expect(p).toContain(`${i + 1} / ${count}`);
      expect(p).toContain('西湖龙井绿茶');
    });
    expect(pdfInfo(pdf).Title).toContain(`(+${count - 1})`);
    // One chunk's font subset each, not one per slip.
    expect(pdfFonts(pdf).filter((f) => f.name.includes('NotoSansSC')).length).toBeLessThanOrEqual(2 * 3);
    const labels = await renderBatch(numbers.slice(0, BATCH_CHUNK + 1).map((n) => sampleShippingLabel('en', n.replace(/-/g, ''))));
    expect(pdfPages(labels)).toHaveLength(BATCH_CHUNK + 1);
    expect(pdfText(labels)).not.toContain(` / ${BATCH_CHUNK + 1}`);
  }, 120_000);
});

describe('templates', () => {
  let logo: string;
  beforeAll(async () => {
    logo = await barcodePng('LOGO', { symbology: 'qrcode', scale: 2 });
  });

  it('hides the fields the template turns off and prints its footer', async () => {
    const doc = sampleInvoice('en');
    const shown = flat(pdfText(await renderDocument(doc)));
    expect(shown).toContain(doc.seller.bankDetails!);
    expect(shown).toContain('SKU');
    const t = documentTemplate.parse({ show: { bankDetails: false, sku: false, taxBreakdown: false, paymentTerms: false }, footer: 'Thank you for shopping with us' });
    const pdf = await renderDocument(doc, t);
    const hidden = flat(pdfText(pdf));
    expect(hidden).not.toContain(doc.seller.bankDetails!);
    expect(hidden).not.toContain(doc.lines[0]!.sku);
    expect(hidden).not.toContain(LABELS.en.taxBreakdown);
    expect(hidden).not.toContain(doc.paymentTerms!);
    expect(hidden).toContain('Thank you for shopping with us');
  });

  it('prints the logo, and no barcode when barcodes are off', async () => {
    const doc = samplePackingSlip('en');
    const withLogo = await renderDocument(doc, documentTemplate.parse({ logo }));
    expect(pdfBarcodes(withLogo, { dpi: 150 }).sort()).toEqual(['LOGO', doc.orderNumber].sort());
    const none = await renderDocument(doc, documentTemplate.parse({ show: { barcode: false, logo: false }, logo }));
    expect(pdfBarcodes(none, { dpi: 150 })).toEqual([]);
  });
});

describe('view model helpers', () => {
  it('mergePickLines sums a bin and SKU over orders, keeps each order share, and walks bins in order with unbinned last', () => {
    const merged = mergePickLines([
      { bin: 'B-02', sku: 'X', name: 'x', quantity: 2, orderNumber: 'O1' },
      { bin: null, sku: 'Z', name: 'z', quantity: 1, orderNumber: 'O1' },
      { bin: 'A-01', sku: 'Y', name: 'y', quantity: 1, orderNumber: 'O2' },
      { bin: 'B-02', sku: 'X', name: 'x', quantity: 3, orderNumber: 'O2' },
      { bin: 'B-02', sku: 'X', name: 'x', quantity: 1, orderNumber: 'O2' },
      { bin: 'A-01', sku: 'Y', name: 'y', quantity: 0, orderNumber: 'O3' },
    ]);
    expect(merged).toEqual([
      { bin: 'A-01', sku: 'Y', name: 'y', quantity: 1, orders: [{ orderNumber: 'O2', quantity: 1 }] },
      { bin: 'B-02', sku: 'X', name: 'x', quantity: 6, orders: [{ orderNumber: 'O1', quantity: 2 }, { orderNumber: 'O2', quantity: 4 }] },
      { bin: null, sku: 'Z', name: 'z', quantity: 1, orders: [{ orderNumber: 'O1', quantity: 1 }] },
    ]);
  });
});
