import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import type { LedgerKey } from '../src/main/db/cipher.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER, type Caller } from '../src/shared/permissions.ts';

export type TestLedger = {
  readonly app: App;
  readonly dir: string;
  readonly file: string;
  call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>>;
  /** The AppError a call fails with; throws when it succeeds, fails otherwise or wrote a journal entry. */
  reject<N extends OpName>(name: N, input: OpInput<N>, caller?: Caller): Promise<AppError>;
  close(): Promise<void>;
};

export function tempDir(prefix = 'shopledger-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real ledger file in a fresh temp folder, removed again by close(). */
export async function openTestLedger(options: { file?: string; key?: LedgerKey } = {}): Promise<TestLedger> {
  const dir = tempDir();
  const file = options.file ?? join(dir, 'ledger.sqlite');
  const app = await openApp({ file, ...(options.key ? { key: options.key } : {}) });
  return {
    app,
    dir,
    file,
    call: (name, input) => app.dispatcher.call(name, input, LOCAL_OWNER),
    reject: async (name, input, caller = LOCAL_OWNER) => {
      const journal = () => app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get() as { n: number };
      const before = journal().n;
      try {
        await app.dispatcher.call(name, input, caller);
      } catch (e) {
        if (!(e instanceof AppError)) throw new Error(`${name} failed without an AppError: ${String(e)}`, { cause: e });
        if (journal().n !== before) throw new Error(`${name} failed but wrote a journal entry`, { cause: e });
        return e;
      }
      throw new Error(`${name} succeeded but should have failed`);
    },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Temp folders and test ledgers for a file whose tests may leave a ledger open: everything they
 * make is removed once the file is done, whatever a test left behind.
 */
export function removedAfterFile() {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return {
    tempDir: (): string => {
      const d = tempDir();
      made.push(d);
      return d;
    },
    openTestLedger: async (options?: Parameters<typeof openTestLedger>[0]): Promise<TestLedger> => {
      const t = await openTestLedger(options);
      made.push(t.dir);
      return t;
    },
  };
}

/** A small shop: one tax rate, two warehouses, three products (one allows backorder), a customer. */
export async function smallShop(t: TestLedger) {
  const vat = await t.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const main = await t.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const back = await t.call('warehouses.create', { code: 'BACK', name: 'Back room' });
  const tea = await t.call('products.create', { sku: 'TEA-001', name: 'Green tea 250 g', altName: '绿茶 250克', price: 4999, taxRateId: vat.id, barcodes: ['4006381333931'] });
  const cup = await t.call('products.create', { sku: 'CUP-002', name: 'Porcelain cup', altName: '瓷杯', price: 1250, taxRateId: vat.id });
  const pot = await t.call('products.create', { sku: 'POT-003', name: 'Clay teapot', altName: '紫砂壶', price: 25800, taxRateId: vat.id, allowBackorder: true });
  const customer = await t.call('customers.create', {
    name: '王秀英',
    email: 'wang@example.com',
    shippingAddress: { name: '王秀英', line1: '南京路 100 号', city: '上海', country: 'CN' },
  });
  return { vat, main, back, tea, cup, pot, customer };
}

/** The small shop with ten teas received and one order of two confirmed. */
export async function shopWithOrder(t: TestLedger) {
  const shop = await smallShop(t);
  await t.call('stock.receive', { warehouseId: shop.main.id, reason: 'opening', lines: [{ productId: shop.tea.id, quantity: 10 }] });
  const order = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, channel: 'pos', lines: [{ productId: shop.tea.id, quantity: 2 }] });
  await t.call('orders.confirm', { id: order.id });
  return { shop, order };
}

/** The password every test user gets (long enough for the contract's rule). */
export const TEST_PASSWORD = 'correct horse battery staple';

/** First-run setup on a test ledger: the owner's account, signed in. */
export async function setupOwner(t: TestLedger, username = 'owner'): Promise<{ token: string; userId: string }> {
  const { ANONYMOUS } = await import('../src/shared/permissions.ts');
  const r = await t.app.dispatcher.call('session.setupOwner', { username, displayName: 'Test Owner', password: TEST_PASSWORD }, ANONYMOUS);
  return { token: r.token, userId: r.me.userId };
}

/** The real HTTP server on loopback over a test ledger, with the production caller lookup. */
export async function serveTestLedger(t: TestLedger): Promise<{ base: string; close(): Promise<void> }> {
  const { createHttpServer, listen } = await import('../src/main/transports/http.ts');
  const { requestCallerFor } = await import('../src/main/transports/http-auth.ts');
  const server = createHttpServer({ dispatcher: t.app.dispatcher, callerFor: requestCallerFor(t.app.ledger, t.app.clock) });
  const base = await listen(server, { port: 0 });
  return { base, close: () => server.close() };
}
