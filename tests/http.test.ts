import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { CONTRACT, OP_NAMES } from '../src/shared/contract/index.ts';
import { LOCAL_OWNER, type Caller } from '../src/shared/permissions.ts';

const NOBODY: Caller = { userId: 'nobody', displayName: 'Nobody', permissions: new Set() };

type Json = Record<string, unknown>;
type ErrorReply = {
  error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[]; details?: Json };
};
type Schema = { $ref?: string; type?: string; required?: string[]; properties?: Record<string, Schema> };
type Content = { content: Record<string, { schema: Schema }> };
type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  'x-permission': string;
  requestBody: Content;
  responses: Record<string, Content>;
};
type OpenApiDoc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, { post?: Operation }>;
  components: { schemas: Record<string, Schema> };
};

let dir: string;
let app: App;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shopledger-http-'));
  app = await openApp({ file: join(dir, 'ledger.sqlite'), init: { currency: 'EUR', shopName: 'HTTP test shop' } });
  server = createHttpServer({
    dispatcher: app.dispatcher,
    // The header picks who is calling, so one real server covers owner, no-permission and
    // a caller lookup that blows up with a non-AppError.
    callerFor: (request) => {
      const as = request.headers['x-test-as'];
      if (as === 'nobody') return NOBODY;
      if (as === 'broken') throw new Error('secret internal detail');
      return LOCAL_OWNER;
    },
  });
  base = await listen(server, { port: 0 });
});

afterAll(async () => {
  await server?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call<T = Json>(operation: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: T }> {
  const res = await fetch(`${base}/api/v1/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

describe('HTTP transport', () => {
  it('binds to loopback and reports the real port', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(base).not.toMatch(/:0$/);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const port = new URL(base).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/settings.get', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
    const local = await fetch(`http://localhost:${port}/api/v1/health`);
    expect(local.status).toBe(200);
  });

  it('answers health', async () => {
    const res = await fetch(`${base}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('runs settings.get and returns the currency', async () => {
    const { status, json } = await call('settings.get', {});
    expect(status).toBe(200);
    expect(json.currency).toBe('EUR');
    expect(json.shopName).toBe('HTTP test shop');
  });

  it('treats an empty JSON body as {}', async () => {
    const res = await fetch(`${base}/api/v1/settings.get`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).currency).toBe('EUR');
  });

  it('rejects a bad input with 400, code invalid and the field named, and writes nothing', async () => {
    const { status, json } = await call<ErrorReply>('settings.update', { shopName: 123 });
    expect(status).toBe(400);
    expect(json.error.code).toBe('invalid');
    expect(json.error.field).toBe('shopName');
    expect(json.error.issues?.[0]?.field).toBe('shopName');
    expect((await call('settings.get', {})).json.shopName).toBe('HTTP test shop');
  });

  it('answers an unknown operation with 404 not_found', async () => {
    const { status, json } = await call<ErrorReply>('orders.teleport', {});
    expect(status).toBe(404);
    expect(json.error.code).toBe('not_found');
  });

  it('answers an unknown route with 404 not_found JSON', async () => {
    const res = await fetch(`${base}/nothing/here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorReply).error.code).toBe('not_found');
  });

  it('answers malformed JSON with 400 invalid', async () => {
    const res = await fetch(`${base}/api/v1/settings.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"shopName": "x",',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.code).toBe('invalid');
  });

  it('refuses prototype-poisoning bodies', async () => {
    const res = await fetch(`${base}/api/v1/settings.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"admin": true}}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.code).toBe('invalid');
  });

  it('accepts only JSON', async () => {
    const plain = await fetch(`${base}/api/v1/settings.get`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as ErrorReply).error.code).toBe('invalid');
    const none = await fetch(`${base}/api/v1/settings.get`, { method: 'POST' });
    expect(none.status).toBe(415);
    expect(((await none.json()) as ErrorReply).error).toMatchObject({ code: 'invalid', field: 'content-type' });
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const res = await fetch(`${base}/api/v1/settings.update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shopName: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorReply).error.code).toBe('invalid');
  });

  it('answers 403 forbidden to a caller without the permission', async () => {
    const { status, json } = await call<ErrorReply>('settings.get', {}, { 'x-test-as': 'nobody' });
    expect(status).toBe(403);
    expect(json.error.code).toBe('forbidden');
    expect(json.error.details?.permission).toBe('settings.read');
  });

  it('answers other failures with 500 internal and no internals', async () => {
    const res = await fetch(`${base}/api/v1/settings.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-as': 'broken' },
      body: '{}',
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
  });

  it('serves an OpenAPI 3.1 document with every contract operation', async () => {
    const res = await fetch(`${base}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.info.version).toEqual(expect.any(String));
    const schemas = doc.components.schemas;
    const resolve = (s: Schema | undefined): Schema => {
      expect(s).toBeDefined();
      if (typeof s?.$ref !== 'string') return s ?? {};
      const target = schemas[s.$ref.replace('#/components/schemas/', '')];
      expect(target, s.$ref).toBeDefined();
      return target ?? {};
    };
    expect(schemas.Error?.properties?.error?.required).toEqual(['code', 'message']);

    expect(OP_NAMES.length).toBeGreaterThan(0);
    for (const name of OP_NAMES) {
      const post = doc.paths[`/api/v1/${name}`]?.post;
      if (!post) throw new Error(`no path for ${name}`);
      expect(post.operationId).toBe(name);
      expect(post.summary).toBe(CONTRACT[name].summary);
      expect(post['x-permission']).toBe(CONTRACT[name].permission);
      expect(post.tags).toEqual([name.split('.')[0]]);
      const request = resolve(post.requestBody.content['application/json']?.schema);
      expect(request.type, `${name} request`).toBe('object');
      const response = resolve(post.responses['200']?.content['application/json']?.schema);
      expect(response.type, `${name} response`).toBe('object');
      for (const status of ['400', '401', '403', '404', '409', '429', '500']) {
        expect(post.responses[status]?.content['application/json']?.schema.$ref, `${name} ${status}`).toBe('#/components/schemas/Error');
      }
    }
  });

  it('creates a tax rate and a product over HTTP and reads them back', async () => {
    const rate = await call('taxRates.create', { code: 'STD', name: 'Standard', rateBp: 2000 });
    expect(rate.status).toBe(200);
    expect(rate.json).toMatchObject({ code: 'STD', name: 'Standard', rateBp: 2000, active: true });

    const created = await call('products.create', { sku: 'MUG-01', name: 'Mug', price: 1250, taxRateId: rate.json.id });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ sku: 'MUG-01', name: 'Mug', price: 1250, currency: 'EUR', taxRateId: rate.json.id, taxRateBp: 2000 });

    const read = await call('products.get', { id: created.json.id });
    expect(read.status).toBe(200);
    expect(read.json).toEqual(created.json);

    const rates = await call('taxRates.list', {});
    expect(rates.json.items).toContainEqual(rate.json);
  });

  it('maps a duplicate to 409 conflict and a missing record to 404 not_found', async () => {
    await call('taxRates.create', { code: 'DUP', name: 'Once', rateBp: 500 });
    const again = await call<ErrorReply>('taxRates.create', { code: 'DUP', name: 'Twice', rateBp: 500 });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');

    const missing = await call<ErrorReply>('products.get', { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not_found');
  });
});
