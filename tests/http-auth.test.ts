import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { requestCallerFor } from '../src/main/transports/http-auth.ts';
import { openTestLedger, setupOwner, smallShop, TEST_PASSWORD, type TestLedger } from './helpers.ts';

/** The HTTP server refuses anyone without a valid session or token, and says so in its headers. */

let t: TestLedger;
let base: string;
let close: () => Promise<void>;
let static_: string;
let shop: Awaited<ReturnType<typeof smallShop>>;

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  await setupOwner(t, 'mei');
  static_ = mkdtempSync(join(tmpdir(), 'shopledger-static-'));
  writeFileSync(join(static_, 'index.html'), '<!doctype html><title>app</title>');
  const server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: requestCallerFor(t.app.ledger, t.app.clock), staticRoot: static_ });
  base = await listen(server, { port: 0 });
  close = () => server.close();
});
afterAll(async () => {
  await close?.();
  await t?.close();
  rmSync(static_, { recursive: true, force: true });
});

const journal = () => t.app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get();
async function post(op: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { res, body: (await res.json()) as { token?: string; error?: { code: string; message: string; field?: string } } };
}
const signIn = async () => (await post('session.signIn', { username: 'mei', password: TEST_PASSWORD })).body.token!;
const newProduct = (sku: string) => ({ sku, name: 'Tea', price: 100, taxRateId: shop.vat.id });

describe('HTTP without a valid session or token', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 401 from loopback too, and writes nothing', async () => {
    const before = journal();
    const { res, body } = await post('products.create', newProduct('NO-AUTH-1'));
    expect(res.status).toBe(401);
    expect(body.error).toMatchObject({ code: 'unauthenticated', field: 'authorization' });
    expect((await post('products.list', {})).res.status).toBe(401);
    expect(journal()).toEqual(before);
    // Malformed headers and made-up tokens are refused before any operation runs.
    for (const authorization of ['Basic bWVpOnB3', 'Bearer', 'Bearer sls_made-up', 'Bearer slt_made-up']) {
      expect((await post('products.create', newProduct('NO-AUTH-2'), { authorization })).res.status, authorization).toBe(401);
    }
    expect(journal()).toEqual(before);
  });

  it('refuses expired and idle sessions', async () => {
    const token = await signIn();
    expect((await post('products.list', {}, { authorization: `Bearer ${token}` })).res.status).toBe(200);
    const rows = () => t.app.ledger.raw.prepare('SELECT id FROM user_session ORDER BY created_at DESC LIMIT 1').get() as { id: string };
    const id = rows().id;
    t.app.ledger.raw.prepare('UPDATE user_session SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), id);
    const expired = await post('products.create', newProduct('EXPIRED-1'), { authorization: `Bearer ${token}` });
    expect(expired.res.status).toBe(401);
    expect(expired.body.error?.message).toMatch(/expired/);

    const idleToken = await signIn();
    t.app.ledger.raw.prepare('UPDATE user_session SET last_seen_at = ? WHERE id = ?').run(new Date(Date.now() - 16 * 60_000).toISOString(), rows().id);
    const idle = await post('products.list', {}, { authorization: `Bearer ${idleToken}` });
    expect(idle.res.status).toBe(401);
    expect(idle.body.error?.message).toMatch(/idle/);
    expect((await t.call('products.list', {})).items.map((p) => p.sku)).not.toContain('EXPIRED-1');
  });

  it('a browser session lives in an HttpOnly, SameSite=Strict cookie that sign-out clears; a stale one still lets you sign in', async () => {
    const { res } = await post('session.signIn', { username: 'mei', password: TEST_PASSWORD });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sl_session=sls_[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const pair = cookie.split(';')[0]!;
    expect((await post('session.me', {}, { cookie: pair })).body).toMatchObject({ username: 'mei', roleName: 'Owner' });
    const out = await post('session.signOut', {}, { cookie: pair });
    expect(out.res.headers.get('set-cookie')).toMatch(/^sl_session=; .*Max-Age=0$/);
    expect((await post('session.me', {}, { cookie: pair })).res.status).toBe(401);
    // Public operations still answer with the stale cookie, and it is cleared.
    const again = await post('session.signIn', { username: 'mei', password: TEST_PASSWORD }, { cookie: pair });
    expect(again.res.status).toBe(200);
  });

  it('wrong passwords answer 401, then 429 while slowed down', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await post('session.signIn', { username: 'someone', password: 'guess' })).res.status);
    // Three free tries, then waits doubling from 1 s (a slow machine may outlast the first wait).
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toContain(429);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});

describe('HTTP headers and limits', () => {
  it('API answers are never cached, never sniffed, never framed; CORS stays closed', async () => {
    const token = await signIn();
    const answers = [
      await fetch(`${base}/api/v1/products.list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: 'https://evil.example' }, body: '{}' }),
      await fetch(`${base}/api/v1/products.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await fetch(`${base}/api/v1/openapi.json`),
      await fetch(`${base}/api/v1/nope`),
    ];
    for (const r of answers) {
      expect(r.headers.get('cache-control'), r.url).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
    }
    const preflight = await fetch(`${base}/api/v1/products.create`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.ok).toBe(false);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('the app page carries the CSP', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('refuses bodies over 1 MB and non-JSON bodies, writing nothing', async () => {
    const token = await signIn();
    const before = journal();
    const big = await post('products.create', { ...newProduct('BIG-1'), name: 'x'.repeat(1_100_000) }, { authorization: `Bearer ${token}` });
    expect(big.res.status).toBe(413);
    const form = await fetch(`${base}/api/v1/products.create`, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` }, body: JSON.stringify(newProduct('FORM-1')) });
    expect(form.status).toBe(415);
    expect(journal()).toEqual(before);
  });
});
