import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, listen } from '../src/main/transports/http.ts';
import { createHttpClient } from '../src/shared/http-client.ts';
import { unwrapEnvelope } from '../src/shared/client.ts';
import type { LedgerClient } from '../src/shared/client.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let server: FastifyInstance;
let client: LedgerClient;
let shop: Awaited<ReturnType<typeof smallShop>>;

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: () => LOCAL_OWNER });
  const base = await listen(server, { port: 0 });
  client = createHttpClient(base, (url, init) => fetch(url, init));
});

afterAll(async () => {
  await server.close();
  await t.close();
});

describe('the HTTP client of the contract', () => {
  it('returns the typed result of an operation', async () => {
    const products = await client.call('products.list', { search: 'TEA-001' });
    expect(products.items.map((p) => p.sku)).toEqual(['TEA-001']);
    expect(products.items[0]!.price).toBe(4999);
  });

  it('rejects with an AppError naming the field', async () => {
    const error = await client.call('products.create', { sku: 'X 1', name: '', price: 1, taxRateId: shop.vat.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid');
    expect((error as AppError).field).toBe('name');
  });

  it('carries insufficient_stock with its details', async () => {
    const order = await client.call('orders.create', {
      customerId: shop.customer.id,
      warehouseId: shop.main.id,
      lines: [{ productId: shop.cup.id, quantity: 3 }],
    });
    const error = (await client.call('orders.confirm', { id: order.id }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('insufficient_stock');
    expect(error.details).toMatchObject({ sku: 'CUP-002' });
  });

  it('reports an unreachable ledger as a network failure, not a crash', async () => {
    const dead = createHttpClient('http://127.0.0.1:9', (url, init) => fetch(url, init));
    const error = (await dead.call('settings.get', {}).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.details).toMatchObject({ network: true });
  });
});

describe('IPC envelopes', () => {
  it('unwraps a value and rebuilds a failure as an AppError', () => {
    expect(unwrapEnvelope({ ok: true, value: 7 })).toBe(7);
    const thrown = (() => {
      try {
        unwrapEnvelope({ ok: false, error: { code: 'conflict', message: 'no', field: 'id' } });
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(thrown).toBeInstanceOf(AppError);
    expect([thrown.code, thrown.field]).toEqual(['conflict', 'id']);
    expect(() => unwrapEnvelope('garbage')).toThrow(AppError);
  });
});

describe('orders.timeline', () => {
  it('lists the journal entries of one order, oldest first, and only its rows', async () => {
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }] });
    const other = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
    const order = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] });
    await t.call('orders.confirm', { id: order.id });
    await t.call('orders.confirm', { id: other.id });
    await t.call('orders.cancel', { id: order.id, reason: 'customer called' });

    const timeline = await client.call('orders.timeline', { id: order.id });
    expect(timeline.items.map((e) => e.operation)).toEqual(['orders.create', 'orders.confirm', 'orders.cancel']);
    expect(timeline.truncated).toBe(false);
    const confirm = timeline.items[1]!;
    expect(confirm.rows.map((r) => r.table).sort()).toEqual(['order_status_change', 'sales_order', 'sales_order_line', 'stock_movement']);
    expect(confirm.rows.find((r) => r.table === 'sales_order')!.columns).toContain('status');
    const limited = await client.call('orders.timeline', { id: order.id, limit: 2 });
    expect(limited.items).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    const missing = (await client.call('orders.timeline', { id: shop.tea.id }).catch((e: unknown) => e)) as AppError;
    expect(missing.code).toBe('not_found');
  });
});
