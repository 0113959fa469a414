// Invoices, credit notes and shipping labels printed from a real ledger (invoices.get and
// shipments.get through the print entry), bins from product locations on packing slips and
// pick lists, the document route for every kind, its OpenAPI entry, and `shopledger print`
// for the new kinds through the real binary.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from '../src/shared/contract/index.ts';
import { LABELS, money } from '../src/shared/documents/format.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { documentRoute, printDocuments } from '../src/main/documents/print.ts';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { pdfBarcodes, pdfInfo, pdfPages, pdfText } from './pdf-tools.ts';

const OUT = join(import.meta.dirname, '..', 'test-results', 'documents');
const flat = (s: string) => s.replace(/\s+/g, ' ');
const print = (kind: Parameters<typeof printDocuments>[2]['kind'], ids: string[], lang?: 'en' | 'zh') =>
  printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind, ids, ...(lang ? { lang } : {}) });

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let order: OpResult<'orders.get'>;
let invoice: OpResult<'invoices.get'>;
let note: OpResult<'invoices.get'>;
let shipment: OpResult<'shipments.get'>;

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 50 }, { productId: shop.cup.id, quantity: 50 }] });
  await t.call('documents.updateProfile', {
    legalName: '茶韵 Tea House Ltd.',
    address: { name: '茶韵 Tea House', line1: '88 Garden Road', city: 'Hangzhou', country: 'CN', phone: '+86 571 5550 1234' },
    taxId: '91330100MA2B3C4D5E',
    paymentTerms: 'Net 30 days',
  });
  await t.call('invoices.configureSeller', { iban: 'DE89370400440532013000' });
  await t.call('locations.set', { productId: shop.tea.id, warehouseId: shop.main.id, bin: 'A-01-03' });
  await t.call('locations.set', { productId: shop.cup.id, warehouseId: shop.main.id, bin: 'B-07-01' });
  const o = await t.call('orders.create', {
    customerId: shop.customer.id,
    warehouseId: shop.main.id,
    lines: [{ productId: shop.tea.id, quantity: 3 }, { productId: shop.cup.id, quantity: 2 }],
  });
  order = await t.call('orders.confirm', { id: o.id });
  invoice = await t.call('invoices.issue', { orderId: order.id });
  await t.call('payments.record', { customerId: shop.customer.id, method: 'cash', amount: 5000, allocations: [{ invoiceId: invoice.id, amount: 5000 }] });
  const cupLine = invoice.lines.find((l) => l.sku === 'CUP-002')!;
  note = await t.call('invoices.credit', { invoiceId: invoice.id, reason: '瓷杯破损 broken cup', lines: [{ invoiceLineId: cupLine.id, quantity: 1 }] });
  invoice = await t.call('invoices.get', { id: invoice.id });
  const sf = (await t.call('carriers.list', { code: 'SF' })).items[0]!;
  shipment = await t.call('shipments.create', {
    orderId: order.id,
    carrierId: sf.id,
    parcels: [{ trackingNumber: 'SF1234567890123', weightGrams: 1250 }, { trackingNumber: 'SF1234567890124', weightGrams: 400 }],
  });
});

afterAll(async () => {
  await t?.close();
});

describe('invoices and credit notes from the ledger', () => {
  it('invoices.get prints as an invoice: seller, buyer, lines in Chinese, totals, paid and due, and a QR code of its number', async () => {
    const printed = await print('invoice', [invoice.id], 'zh');
    const text = flat(pdfText(printed.pdf));
    for (const s of [invoice.number, order.number, '茶韵 Tea House Ltd.', '91330100MA2B3C4D5E', '王秀英', '绿茶 250克', '瓷杯', 'TEA-001', LABELS.zh.invoice, 'IBAN DE89370400440532013000', 'Net 30 days', note.number]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Green tea');
    const b = invoice.balance!;
    expect(text).toContain(money(invoice.grossTotal, 'CNY', 'zh'));
    expect(text).toContain(money(b.amountDue, 'CNY', 'zh'));
    expect(text).toContain(money(b.paid, 'CNY', 'zh'));
    expect(printed.fileName).toBe(`invoice-${invoice.number}.pdf`);
    expect(pdfBarcodes(printed.pdf, { saveAs: join(OUT, 'ledger-invoice-zh'), dpi: 300 })).toEqual([invoice.number]);
  });

  it('a credit note prints with the invoice it credits, its reason, its lines and what is left to refund', async () => {
    const printed = await print('credit-note', [note.id], 'en');
    const text = flat(pdfText(printed.pdf));
    for (const s of [LABELS.en.creditNote, note.number, invoice.number, '瓷杯破损 broken cup', 'Porcelain cup', money(note.grossTotal, 'CNY', 'en')]) expect(text).toContain(s);
    expect(text).not.toContain('Green tea');
    pdfBarcodes(printed.pdf, { saveAs: join(OUT, 'ledger-credit-note-en') });
  });

  it('refuses a credit note asked for as an invoice, and the other way round, naming the id', async () => {
    await expect(print('invoice', [note.id])).rejects.toMatchObject({ code: 'invalid', field: 'id' });
    await expect(print('credit-note', [invoice.id])).rejects.toMatchObject({ code: 'invalid', field: 'id' });
  });
});

describe('shipping labels from a shipment', () => {
  it('one 100 × 150 mm label per parcel: sender, recipient, carrier, weight, parcel n of m, tracking as Code 128', async () => {
    const printed = await print('shipping-label', [shipment.id], 'zh');
    const pages = pdfPages(printed.pdf).map(flat);
    expect(pages).toHaveLength(2);
    for (const s of ['88 Garden Road', '王秀英', '南京路 100 号', 'SF Express', '1.25 kg', order.number]) expect(pages[0]).toContain(s);
    expect(pages[0]).toContain(LABELS.zh.parcel(1, 2));
    expect(pages[1]).toContain(LABELS.zh.parcel(2, 2));
    expect(pdfInfo(printed.pdf)['Page size']).toMatch(/^283\.4\d* x 425\.(19|2)/);
    expect(pdfBarcodes(printed.pdf, { saveAs: join(OUT, 'ledger-label-zh') })).toEqual(['SF1234567890123', 'SF1234567890124']);
    expect(printed.fileName).toBe(`shipping-label-${shipment.number}.pdf`);
  });

  it('a label needs a ship-to address and a sender address', async () => {
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, shipTo: null, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    await t.call('orders.confirm', { id: o.id });
    const s = await t.call('shipments.create', { orderId: o.id, parcels: [{ trackingNumber: 'OWN-1' }] });
    await expect(print('shipping-label', [s.id])).rejects.toMatchObject({ code: 'conflict', field: 'id' });
    const profile = (await t.call('documents.settings', {})).profile;
    await t.call('documents.updateProfile', { ...profile, address: null });
    await expect(print('shipping-label', [shipment.id])).rejects.toMatchObject({ code: 'invalid', field: 'profile.address' });
    await t.call('documents.updateProfile', profile);
  });
});

describe('bins from product locations', () => {
  it('the packing slip and the pick list print each line with its bin, in bin order', async () => {
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }, { productId: shop.tea.id, quantity: 2 }] });
    await t.call('orders.confirm', { id: o.id });
    const slip = await print('packing-slip', [o.id], 'en');
    const slipRows = pdfPages(slip.pdf, true).join('\n').split('\n').map(flat);
    expect(slipRows.find((r) => r.includes('TEA-001'))).toContain('A-01-03');
    expect(slipRows.find((r) => r.includes('CUP-002'))).toContain('B-07-01');
    const pick = await print('pick-list', [o.id], 'en');
    const rows = pdfPages(pick.pdf, true).join('\n').split('\n').map(flat);
    const tea = rows.findIndex((r) => r.includes('A-01-03'));
    const cup = rows.findIndex((r) => r.includes('B-07-01'));
    expect(tea).toBeGreaterThan(-1);
    expect(cup).toBeGreaterThan(tea);
    expect(rows[tea]).toContain('TEA-001');
  });
});

describe('the document route for every kind', () => {
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: () => LOCAL_OWNER, pdf: documentRoute(t.app.dispatcher) });
    base = await listen(server, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers invoice, credit note and label PDFs', async () => {
    const cases = [
      ['invoice', invoice.id, invoice.number],
      ['credit-note', note.id, note.number],
      ['shipping-label', shipment.id, 'SF1234567890123'],
      ['pick-list', order.id, order.number],
    ] as const;
    for (const [kind, id, expected] of cases) {
      const res = await fetch(`${base}/api/v1/documents/${kind}/${id}.pdf?lang=en`);
      expect(res.status, kind).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(flat(pdfText(Buffer.from(await res.arrayBuffer())))).toContain(expected);
    }
    const missing = await fetch(`${base}/api/v1/documents/shipping-label/0190f7d2-0000-7000-8000-000000000000.pdf`);
    expect(missing.status).toBe(404);
  });

  it('lists the route in the OpenAPI document with its parameters and a PDF response', async () => {
    type Param = { name: string; in: string; required: boolean; schema: { enum?: string[] } };
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters: Param[]; responses: Record<string, { content: Record<string, unknown> }> } }>;
    };
    const get = doc.paths['/api/v1/documents/{kind}/{id}.pdf']?.get;
    expect(get).toBeDefined();
    expect(get!.parameters.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(['path:kind:true', 'path:id:true', 'query:lang:false']);
    expect(get!.parameters[0]!.schema.enum).toEqual(['invoice', 'credit-note', 'packing-slip', 'pick-list', 'shipping-label', 'purchase-order']);
    expect(Object.keys(get!.responses['200']!.content)).toEqual(['application/pdf']);
    expect(Object.keys(get!.responses['404']!.content)).toEqual(['application/json']);
  });
});

describe('`shopledger print` for invoices, credit notes and labels', () => {
  it('writes each kind from the real binary', async () => {
    const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');
    const cases = [
      ['invoice', invoice.id, invoice.number],
      ['credit-note', note.id, note.number],
      ['label', shipment.id, 'SF1234567890124'],
    ] as const;
    for (const [kind, id, expected] of cases) {
      const out = join(t.dir, 'out', `${kind}.pdf`);
      const r = spawnSync(process.execPath, [BIN, '--ledger', t.file, 'print', kind, id, '--out', out], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr, kind).toBe('');
      expect(r.status).toBe(0);
      expect(flat(pdfText(readFileSync(out)))).toContain(expected);
    }
  }, 180_000);
});
