import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestLedger, serveTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let server: { base: string; close(): Promise<void> };
let base: string;

beforeAll(async () => {
  t = await openTestLedger();
  await smallShop(t);
  server = await serveTestLedger(t);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  await t.close();
});

async function post(op: string, body: unknown, token?: string) {
  const res = await fetch(`${base}/api/v1/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: token }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; field?: string; message: string } } };
}

describe('API tokens over HTTP', () => {
  it('a token acts with its scope only, is journaled under its own name, and stops working when revoked', async () => {
    const created = await t.call('apiTokens.create', { name: 'CRM sync', permissions: ['catalog.read', 'customers.read', 'customers.write'] });
    expect(created.secret).toMatch(/^slt_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.secret.slice(0, 12));
    const bearer = `Bearer ${created.secret}`;

    // The secret is not stored, only its hash, and the journal never sees it.
    const stored = t.app.ledger.raw.prepare('SELECT * FROM api_token').all();
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    const journal = t.app.ledger.raw.prepare('SELECT changes FROM journal').all();
    expect(JSON.stringify(journal)).not.toContain(created.secret);
    const listed = await t.call('apiTokens.list', {});
    expect(listed.items.map((x) => x.id)).toEqual([created.id]);
    expect(listed.items[0]).not.toHaveProperty('secret');

    const products = await post('products.list', {}, bearer);
    expect(products.status).toBe(200);
    const customer = await post('customers.create', { name: 'From the CRM' }, bearer);
    expect(customer.status).toBe(200);
    const entry = t.app.ledger.raw.prepare("SELECT actor FROM journal WHERE operation = 'customers.create' ORDER BY seq DESC LIMIT 1").get() as { actor: string };
    expect(entry.actor).toBe(`token:${created.id}`);

    const denied = await post('products.create', { sku: 'X-1', name: 'x', price: 1, taxRateId: created.id }, bearer);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'forbidden' });
    const mint = await post('apiTokens.create', { name: 'more', permissions: ['catalog.read'] }, bearer);
    expect(mint.status).toBe(403);

    expect((await post('products.list', {}, 'Bearer slt_not-a-real-token')).status).toBe(401);
    expect((await post('products.list', {}, created.secret)).body.error).toMatchObject({ field: 'authorization' });

    await t.call('apiTokens.revoke', { id: created.id });
    const revoked = await post('products.list', {}, bearer);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error?.message).toBe('Unknown or revoked API token');
    await expect(t.call('apiTokens.revoke', { id: created.id })).rejects.toMatchObject({ code: 'conflict', field: 'id' });
    expect((await t.call('apiTokens.list', {})).items).toEqual([]);
    expect((await t.call('apiTokens.list', { includeRevoked: true })).items).toHaveLength(1);
    expect((await t.call('system.verify', {})).ok).toBe(true);
  });

  it('a token cannot be allowed to manage tokens', async () => {
    await expect(t.call('apiTokens.create', { name: 'root', permissions: ['integrations.manage'] })).rejects.toMatchObject({ code: 'invalid', field: 'permissions.0' });
  });

  it('without a token or session, loopback included, only public operations answer', async () => {
    const refused = await post('products.list', {});
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'unauthenticated' });
    expect((await post('session.status', {})).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents bearer tokens and the Idempotency-Key header of write operations', async () => {
    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, { post?: { security?: unknown[]; parameters?: { name: string; in: string }[] } }>;
    };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/orders.create']?.post?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['header:Idempotency-Key']);
    expect(doc.paths['/api/v1/orders.list']?.post?.parameters).toBeUndefined();
    expect(doc.paths['/api/v1/orders.list']?.post?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/session.signIn']?.post?.security).toEqual([{}]);
  });
});
