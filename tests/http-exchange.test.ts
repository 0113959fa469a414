import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { MAX_UPLOAD_BYTES } from '../src/shared/contract/exchange.ts';
import { LOCAL_OWNER, type Caller } from '../src/shared/permissions.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'imports');
const NOBODY: Caller = { userId: 'nobody', displayName: 'Nobody', permissions: new Set() };
// May start imports and read presets, but not create products: each row is refused on its own.
const IMPORTER: Caller = { userId: 'importer', displayName: 'Importer', permissions: new Set(['data.import', 'settings.read', 'catalog.read']) };

let dir: string;
let app: App;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shopledger-http-exchange-'));
  app = await openApp({ file: join(dir, 'ledger.sqlite') });
  await app.dispatcher.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
  await app.dispatcher.call('warehouses.create', { code: 'MAIN', name: 'Main store' }, LOCAL_OWNER);
  server = createHttpServer({
    dispatcher: app.dispatcher,
    callerFor: (request) => ({ nobody: NOBODY, importer: IMPORTER })[String(request.headers['x-test-as'])] ?? LOCAL_OWNER,
  });
  base = await listen(server, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(op: string, body: unknown, as?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/v1/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(as ? { 'x-test-as': as } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const upload = (name: string) => readFileSync(join(FIXTURES, name)).toString('base64');
const count = (table: string) => (app.ledger.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('imports and exports over HTTP', () => {
  it('inspects a file: encoding, columns, first rows and the presets that fit', async () => {
    const { status, json } = await post('imports.inspect', { fileName: 'products_export.csv', content: upload('shopify-products.csv'), rows: 2 });
    expect(status).toBe(200);
    expect(json.file).toMatchObject({ format: 'csv', encoding: 'utf8', delimiter: ',' });
    expect(json.columns).toEqual(expect.arrayContaining(['Handle', 'Title', 'Variant SKU', 'Variant Price']));
    expect(json.rows).toHaveLength(2);
    expect((json.rows as { row: number }[])[0]!.row).toBe(2);
    expect(json.matchingPresets).toContain('shopify-products');
    expect(json.matchingPresets).not.toContain('shopify-orders');
  });

  it('a dry run reports and writes nothing; the import commits; permissions of every row apply', async () => {
    const before = count('journal');
    const input = { kind: 'products', fileName: 'products_export.csv', content: upload('shopify-products.csv'), preset: 'shopify-products' };
    const denied = await post('imports.run', input, 'nobody');
    expect(denied.status).toBe(403);
    const rowsDenied = await post('imports.run', { ...input, mode: 'all-or-nothing' }, 'importer');
    expect(rowsDenied.status).toBe(200);
    expect(rowsDenied.json).toMatchObject({ created: 0, committed: false });
    expect((rowsDenied.json.problems as { message: string }[])[0]!.message).toMatch(/catalog\.write/);

    const dry = await post('imports.run', input);
    expect(dry.json).toMatchObject({ mode: 'dry-run', rows: 5, created: 4, problemCount: 0, committed: false });
    expect(count('journal')).toBe(before);
    const real = await post('imports.run', { ...input, mode: 'all-or-nothing' });
    expect(real.json).toMatchObject({ created: 4, committed: true });
    expect(count('product')).toBe(4);
  });

  it('an unsaved column mapping: problems by row and column, all-or-nothing writes nothing', async () => {
    const csv = ['Order,Mail,Item,Qty', 'W-1,a@example.com,LJ-100,2', 'W-2,b@example.com,NOPE-1,1', 'W-3,c@example.com,LJ-100,two'].join('\r\n');
    const mapping = { kind: 'orders', columns: { externalRef: 'Order', email: 'Mail', sku: 'Item', quantity: 'Qty' }, channel: 'web' };
    const before = count('journal');
    const { status, json } = await post('imports.run', { kind: 'orders', fileName: 'orders.csv', content: Buffer.from(csv).toString('base64'), mapping, mode: 'all-or-nothing' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ committed: false, problemCount: 2 });
    expect(json.problems).toEqual([
      { row: 3, column: 'Item', message: 'unknown SKU NOPE-1' },
      { row: 4, column: 'Qty', message: expect.any(String) },
    ]);
    expect(count('journal')).toBe(before);
    const valid = await post('imports.run', { kind: 'orders', fileName: 'orders.csv', content: Buffer.from(csv).toString('base64'), mapping, mode: 'valid-rows' });
    expect(valid.json).toMatchObject({ created: 1, refused: 2, committed: true });
  });

  it('refuses bad uploads with a typed error naming the field', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Handle,Title\r\n', 'utf16le')]).toString('base64');
    const bad = await post('imports.run', { kind: 'products', fileName: 'p.csv', content: utf16 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid', field: 'content' });
    const notBase64 = await post('imports.inspect', { fileName: 'p.csv', content: 'not base64!' });
    expect(notBase64.json.error).toMatchObject({ code: 'invalid', field: 'content' });
    const exe = await post('imports.inspect', { fileName: 'p.exe', content: 'QUJD' });
    expect(exe.json.error).toMatchObject({ code: 'invalid', field: 'fileName' });
    const tooBig = await post('imports.inspect', { fileName: 'big.csv', content: Buffer.alloc(MAX_UPLOAD_BYTES + 3, 0x41).toString('base64') });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error).toMatchObject({ code: 'invalid', field: 'content' });
  });

  it('exports a list with its filters as CSV or XLSX', async () => {
    const csv = await post('exports.list', { list: 'products', filters: { search: 'LJ' } });
    expect(csv.status).toBe(200);
    expect(csv.json).toMatchObject({ contentType: 'text/csv; charset=utf-8', rows: 2 });
    expect(String(csv.json.fileName)).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.from(String(csv.json.content), 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFSKU,Name')).toBe(true);
    expect(text).toContain('LJ-100');
    expect(text).not.toContain('YX-200');

    const xlsx = await post('exports.list', { list: 'products', format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(String(xlsx.json.content), 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('SKU');
    expect(sheet.rowCount).toBe(1 + 4);
    expect((await post('exports.list', { list: 'products' }, 'nobody')).status).toBe(403);
    const badFilter = await post('exports.list', { list: 'products', filters: { search: 5 } });
    expect(badFilter.status).toBe(400);
  });

  it('documents the operations in OpenAPI', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, { post?: { 'x-kind'?: string } }> };
    expect(doc.paths['/api/v1/imports.run']?.post?.['x-kind']).toBe('job');
    expect(doc.paths['/api/v1/exports.list']?.post).toBeDefined();
  });
});
