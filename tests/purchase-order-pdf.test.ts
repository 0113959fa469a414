// The purchase order as a PDF from a real ledger, through the print entry the CLI, HTTP and
// Electron share: in English and in Chinese, read back with pdftotext, its PO number decoded
// from the page's pixels, and refused for a caller without purchases.read.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from '../src/shared/contract/index.ts';
import { documentRoute, printDocuments } from '../src/main/documents/print.ts';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER, PERMISSIONS, type Caller } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { pdfBarcodes, pdfText } from './pdf-tools.ts';

const OUT = join(import.meta.dirname, '..', 'test-results', 'documents');
const flat = (s: string) => s.replace(/\s+/g, ' ');

let t: TestLedger;
let po: OpResult<'purchaseOrders.get'>;

beforeAll(async () => {
  t = await openTestLedger();
  const s = await smallShop(t);
  await t.call('documents.updateProfile', { legalName: '茶韵 Tea House Ltd.', address: { name: 'Tea House', line1: '88 Garden Road', city: 'Hangzhou', country: 'CN' }, taxId: '91330100MA2B3C4D5E' });
  await t.call('warehouses.update', { id: s.main.id, address: { name: 'Tea House goods in', line1: '12 Dock Lane', city: 'Hangzhou', country: 'CN' } });
  const sup = await t.call('suppliers.create', {
    code: 'HZTEA',
    name: 'Hangzhou Tea Co.',
    contactName: '陈经理',
    email: 'sales@hztea.example',
    phone: '+86 571 8888 0000',
    address: { name: 'Hangzhou Tea Co.', line1: '8 Longjing Road', city: 'Hangzhou', country: 'CN' },
    paymentTermsDays: 45,
  });
  await t.call('supplierProducts.set', { supplierId: sup.id, productId: s.tea.id, supplierSku: 'LJ-250', lastPrice: 2000 });
  po = await t.call('purchaseOrders.create', {
    supplierId: sup.id,
    warehouseId: s.main.id,
    expectedDate: '2026-12-01',
    notes: 'Deliver mornings only',
    lines: [{ productId: s.tea.id, quantity: 24 }, { productId: s.cup.id, quantity: 12, unitCost: 455 }],
  });
});

afterAll(async () => {
  await t?.close();
});

describe('purchase order PDF', () => {
  it('prints in English with supplier, delivery address, lines, total and a scannable PO number', async () => {
    const out = await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'purchase-order', ids: [po.id], lang: 'en' });
    expect(out.fileName).toBe(`purchase-order-${po.number}.pdf`);
    const text = flat(pdfText(out.pdf));
    for (const s of ['Purchase order', po.number, 'Hangzhou Tea Co.', '陈经理', 'sales@hztea.example', 'SUPPLIER', 'DELIVER TO', '12 Dock Lane', 'Deliver by', '45 days net', 'Order total', 'LJ-250', 'TEA-001', 'Green tea 250 g', 'Porcelain cup', 'Deliver mornings only', '茶韵 Tea House Ltd.']) {
      expect(text, s).toContain(s);
    }
    // 24 × 20.00 + 12 × 4.55 = 534.60
    expect(text).toMatch(/480\.00/);
    expect(text).toMatch(/54\.60/);
    expect(text).toMatch(/534\.60/);
    expect(pdfBarcodes(out.pdf, { saveAs: join(OUT, 'purchase-order-en.png'), firstPageOnly: true })).toContain(po.number);
  });

  it('prints in Chinese with the Chinese product names and labels', async () => {
    const out = await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'purchase-order', ids: [po.id], lang: 'zh' });
    const text = flat(pdfText(out.pdf));
    for (const s of ['采购订单', '采购单号', '供应商', '送货地址', '要求到货日期', '开票后 45 天内付款', '订单合计', '绿茶 250克', '瓷杯', '供应商货号', po.number]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain('Green tea 250 g');
    pdfBarcodes(out.pdf, { saveAs: join(OUT, 'purchase-order-zh.png'), firstPageOnly: true });
  });

  it('is served over HTTP as GET /api/v1/documents/purchase-order/<id>.pdf', async () => {
    const server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: () => LOCAL_OWNER, pdf: documentRoute(t.app.dispatcher) });
    try {
      const base = await listen(server, { port: 0 });
      const res = await fetch(`${base}/api/v1/documents/purchase-order/${po.id}.pdf?lang=zh`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(flat(pdfText(Buffer.from(await res.arrayBuffer())))).toContain('采购订单');
      expect((await fetch(`${base}/api/v1/documents/purchase-order/0190f7d2-0000-7000-8000-000000000000.pdf`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('is refused to a caller who may not read purchases', async () => {
    const clerk: Caller = { userId: 'clerk', displayName: 'Clerk', permissions: new Set(PERMISSIONS.filter((p) => p !== 'purchases.read')) };
    const e = await printDocuments(t.app.dispatcher, clerk, { kind: 'purchase-order', ids: [po.id] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('forbidden');
  });
});
