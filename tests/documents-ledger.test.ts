// Documents from a real ledger: an order's packing slip and pick list through the print entry
// the CLI, HTTP and Electron share, the shop profile and templates through the contract, the
// HTTP document route and the `shopledger print` command.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { LABELS } from '../src/shared/documents/format.ts';
import { LOCAL_OWNER, type Caller } from '../src/shared/permissions.ts';
import { packingSlipFromOrder, shopFromSettings } from '../src/main/documents/adapters.ts';
import { barcodePng } from '../src/main/documents/barcode.ts';
import { documentRoute, printDocuments } from '../src/main/documents/print.ts';
import { renderDocument } from '../src/main/documents/render.ts';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { pdfBarcodes, pdfPages, pdfText } from './pdf-tools.ts';

const OUT = join(import.meta.dirname, '..', 'test-results', 'documents');
const flat = (s: string) => s.replace(/\s+/g, ' ');
const NOBODY: Caller = { userId: 'nobody', displayName: 'Nobody', permissions: new Set() };

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let partial: OpResult<'orders.get'>;
let second: OpResult<'orders.get'>;

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 50 }, { productId: shop.cup.id, quantity: 50 }] });
  await t.call('documents.updateProfile', {
    legalName: '茶韵 Tea House Ltd.',
    address: { name: 'Tea House', line1: '88 Garden Road', city: 'Hangzhou', country: 'CN' },
    taxId: '91330100MA2B3C4D5E',
    bankDetails: 'Bank of Hangzhou 6222 0000 1234 5678',
  });
  const o = await t.call('orders.create', {
    customerId: shop.customer.id,
    warehouseId: shop.main.id,
    lines: [{ productId: shop.tea.id, quantity: 3 }, { productId: shop.cup.id, quantity: 2 }],
  });
  await t.call('orders.confirm', { id: o.id });
  // One tea went out already: the slip prints it as shipped before.
  partial = await t.call('orders.ship', { id: o.id, lines: [{ lineId: o.lines[0]!.id, quantity: 1 }] });
  const o2 = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 4 }] });
  second = await t.call('orders.confirm', { id: o2.id });
});

afterAll(async () => {
  await t?.close();
});

describe('documents from the ledger', () => {
  it('an order prints as a packing slip: shop profile, Chinese ship-to, what is still to ship, and its number as Code 128', async () => {
    const printed = await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'packing-slip', ids: [partial.id], lang: 'zh' });
    const text = flat(pdfText(printed.pdf));
    for (const s of ['茶韵 Tea House Ltd.', partial.number, '王秀英', '南京路 100 号', 'TEA-001', 'CUP-002', '绿茶 250克', '瓷杯', LABELS.zh.packingSlip]) expect(text).toContain(s);
    expect(text).not.toContain('Porcelain cup');
    const rows = pdfPages(printed.pdf, true).join('\n').split('\n').map(flat);
    // ordered 3, shipped before 1, in this parcel 2
    expect(rows.find((r) => r.includes('TEA-001'))).toMatch(/ 3 1 2$/);
    expect(rows.find((r) => r.includes('CUP-002'))).toMatch(/ 2 2$/);
    expect(printed.fileName).toBe(`packing-slip-${partial.number}.pdf`);
    expect(pdfBarcodes(printed.pdf, { saveAs: join(OUT, 'ledger-packing-slip-zh') })).toEqual([partial.number]);
  });

  it('a parcel that leaves units out prints them as left for a later shipment', async () => {
    const [settings, docSettings, order] = await Promise.all([t.call('settings.get', {}), t.call('documents.settings', {}), t.call('orders.get', { id: partial.id })]);
    const doc = packingSlipFromOrder(order, shopFromSettings(settings, docSettings.profile), {
      lang: 'en',
      printedAt: '2026-11-20T10:00:00.000Z',
      parcel: new Map([[order.lines[0]!.id, 1]]),
    });
    expect(doc.lines.map((l) => [l.inThisShipment, l.remaining])).toEqual([[1, 1], [0, 2]]);
    const text = flat(pdfText(await renderDocument(doc)));
    expect(text).toContain(LABELS.en.leftForLater(3));
  });

  it('two orders make one pick list with their tea merged into one row', async () => {
    const printed = await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'pick-list', ids: [partial.id, second.id], lang: 'en' });
    const rows = pdfPages(printed.pdf, true).join('\n').split('\n').map(flat);
    const tea = rows.filter((r) => r.includes('TEA-001'));
    expect(tea).toHaveLength(1);
    // 2 still to ship on the first order + 4 on the second
    expect(tea[0]).toMatch(/ 6 /);
    expect(flat(rows.join(' '))).toContain('Main store');
    expect(flat(rows.join(' '))).toContain('Green tea 250 g');
    expect(pdfBarcodes(printed.pdf, { saveAs: join(OUT, 'ledger-pick-list-en') })).toEqual([partial.number]);
  });

  it('prints in the template language unless asked, and refuses orders of two warehouses on one pick list', async () => {
    await t.call('documents.updateTemplate', { kind: 'packing-slip', template: { lang: 'zh', footer: '谢谢惠顾' } });
    const zh = flat(pdfText((await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'packing-slip', ids: [second.id] })).pdf));
    expect(zh).toContain(LABELS.zh.packingSlip);
    expect(zh).toContain('谢谢惠顾');
    const back = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.back.id, lines: [{ productId: shop.pot.id, quantity: 1 }] });
    await expect(printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'pick-list', ids: [second.id, back.id] })).rejects.toMatchObject({ code: 'invalid', field: 'ids' });
    await t.call('documents.updateTemplate', { kind: 'packing-slip', template: {} });
  });

  it("shows dates in the shop's time zone", async () => {
    const late = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, orderDate: '2026-11-19T20:30:00Z', lines: [{ productId: shop.cup.id, quantity: 1 }] });
    const profile = (await t.call('documents.settings', {})).profile;
    const print = async () => flat(pdfText((await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'packing-slip', ids: [late.id], lang: 'en' })).pdf));
    expect(await print()).toContain('19 Nov 2026');
    await t.call('documents.updateProfile', { ...profile, timeZone: 'Asia/Shanghai' });
    expect(await print()).toContain('20 Nov 2026');
    await expect(t.call('documents.updateProfile', { ...profile, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'invalid', field: 'timeZone' });
    await t.call('documents.updateProfile', profile);
  });

  it('reads orders as the caller: no permission, no document', async () => {
    await expect(printDocuments(t.app.dispatcher, NOBODY, { kind: 'packing-slip', ids: [partial.id] })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('document settings through the contract', () => {
  it('starts from defaults, and keeps a profile and a template once saved', async () => {
    const fresh = await openTestLedger();
    try {
      const before = await fresh.call('documents.settings', {});
      expect(before.templates.invoice).toMatchObject({ paper: 'A4', lang: 'en', logo: null, footer: null });
      expect(before.profile.taxId).toBeNull();
      const logo = await barcodePng('LOGO', { symbology: 'qrcode', scale: 2 });
      const after = await fresh.call('documents.updateTemplate', { kind: 'invoice', template: { paper: 'LETTER', logo, accentColor: '#aa0000', show: { bankDetails: false } } });
      expect(after.templates.invoice).toMatchObject({ paper: 'LETTER', logo, accentColor: '#aa0000' });
      expect(after.templates.invoice.show).toMatchObject({ bankDetails: false, sku: true });
      expect(after.templates['packing-slip'].paper).toBe('A4');
      expect((await fresh.call('system.verify', {})).ok).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a logo that is not a readable image and a colour that is not one, naming the field', async () => {
    const notPng = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\nthis is not an image at all').toString('base64')}`;
    const err = await t.call('documents.updateTemplate', { kind: 'invoice', template: { logo: notPng } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid', field: 'template.logo' });
    await expect(t.call('documents.updateTemplate', { kind: 'invoice', template: { accentColor: 'red' } })).rejects.toMatchObject({ code: 'invalid', field: 'template.accentColor' });
    expect((await t.call('documents.settings', {})).templates.invoice.logo).toBeNull();
  });
});

describe('HTTP document route and the print command', () => {
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: () => LOCAL_OWNER, pdf: documentRoute(t.app.dispatcher) });
    base = await listen(server, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GET /api/v1/documents/packing-slip/<id>.pdf answers with the PDF to open', async () => {
    const res = await fetch(`${base}/api/v1/documents/packing-slip/${partial.id}.pdf?lang=zh`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`packing-slip-${partial.number}.pdf`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(flat(pdfText(pdf))).toContain('王秀英');
  });

  it('answers a wrong kind, language or order with the contract error codes', async () => {
    const kind = await fetch(`${base}/api/v1/documents/receipt/${partial.id}.pdf`);
    expect(kind.status).toBe(400);
    expect(await kind.json()).toMatchObject({ error: { code: 'invalid', field: 'kind' } });
    expect((await fetch(`${base}/api/v1/documents/pick-list/${partial.id}.pdf?lang=fr`)).status).toBe(400);
    const missing = await fetch(`${base}/api/v1/documents/pick-list/0190f7d2-0000-7000-8000-000000000000.pdf`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${base}/api/v1/documents/pick-list/not-an-id.pdf`)).status).toBe(400);
  });

  it('`shopledger print packing-slip ID --out FILE --lang zh` writes the PDF', async () => {
    // The CLI opens the same ledger file as a second process, as it would beside a running app.
    const file = t.file;
    const out = join(t.dir, 'out', 'slip.pdf');
    const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');
    const r = spawnSync(process.execPath, [BIN, '--ledger', file, 'print', 'packing-slip', second.id, '--out', out, '--lang', 'zh'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 document(s)');
    const text = flat(pdfText(readFileSync(out)));
    expect(text).toContain(second.number);
    expect(text).toContain(LABELS.zh.packingSlip);
    const bad = spawnSync(process.execPath, [BIN, '--ledger', file, 'print', 'receipt', second.id, '--out', out], { encoding: 'utf8', timeout: 120_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('Unknown document kind receipt');
  });
});
