import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { CONTENT_SECURITY_POLICY } from '../src/shared/csp.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

let t: TestLedger;
let server: FastifyInstance;
let base: string;

beforeAll(async () => {
  t = await openTestLedger();
  const root = join(t.dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'not for the web');
  server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: () => LOCAL_OWNER, staticRoot: root });
  base = await listen(server, { port: 0 });
});

afterAll(async () => {
  await server.close();
  await t.close();
});

describe('browser mode: the renderer and the API from one server', () => {
  it('serves the app page with the strict Content-Security-Policy', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves assets, and the app page for any other path outside the API', async () => {
    expect(await (await fetch(`${base}/assets/app.js`)).text()).toBe('console.log(1)');
    const deep = await fetch(`${base}/orders/123`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>app</title>');
  });

  it('keeps API errors as JSON and the API working beside the files', async () => {
    const missing = await fetch(`${base}/api/v1/nope/deeper`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const settings = await fetch(`${base}/api/v1/settings.get`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await settings.json()) as { currency: string }).currency).toBe('CNY');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text(), path).not.toContain('not for the web');
    }
  });
});
