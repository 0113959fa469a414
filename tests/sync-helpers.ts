import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { join } from 'node:path';
import { connectStation, syncClientFor } from '../src/main/sync/setup.ts';
import type { SyncClient } from '../src/main/sync/client.ts';
import { buildSyncServer } from '../src/server/app.ts';
import { createEnrollment } from '../src/server/devices.ts';
import { openStorage, type Storage } from '../src/server/storage.ts';
import { openTestLedger, tempDir, type TestLedger } from './helpers.ts';

export type TestServer = {
  readonly database: string;
  url: string;
  storage: Storage;
  app: FastifyInstance;
  /** Stops and starts again on the same database and port (a restart or a deploy). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/** The real sync server on loopback, on a SQLite file (default) or a PostgreSQL URL. */
export async function startServer(database = join(tempDir('shopledger-server-'), 'server.sqlite'), options: { perDeviceLimit?: number; perAddressFailures?: number } = {}): Promise<TestServer> {
  const boot = async (port: number) => {
    const storage = await openStorage(database);
    const app = await buildSyncServer({ storage, ...options });
    const address = await app.listen({ host: '127.0.0.1', port });
    return { storage, app, url: address };
  };
  let state = await boot(0);
  const server: TestServer = {
    database,
    ...state,
    async restart() {
      const port = Number(new URL(server.url).port);
      await server.app.close();
      await server.storage.close();
      state = await boot(port);
      Object.assign(server, state);
    },
    async close() {
      await server.app.close();
      await server.storage.close();
    },
  };
  return server;
}

export type TestStation = { readonly t: TestLedger; readonly client: SyncClient; readonly name: string };

export async function addStation(server: TestServer, name: string, stationCode: string, file?: string): Promise<TestStation> {
  const t = await openTestLedger(file ? { file } : {});
  if (!file) {
    await t.call('settings.update', { stationCode });
  }
  const { code } = await createEnrollment(server.storage, 'station');
  await connectStation(t.app.ledger, server.url, code, name);
  const client = syncClientFor(t.app.ledger, { serverUrl: () => server.url })!;
  return { t, client, name };
}

import { JOURNALED_TABLES } from '../src/main/db/schema.ts';
import { isLocalRow } from '../src/main/sync/tables.ts';
import type { LedgerDb } from '../src/main/db/connection.ts';

/**
 * Every shared table, row by row, as one comparable object. Station-local rows (number
 * series, integration credentials, the station's identity) are left out; stock levels are
 * compared by product and warehouse, since each station made its own level rows.
 */
export function ledgerTables(ledger: LedgerDb): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of JOURNALED_TABLES) {
    if (t === 'stock_level') {
      out[t] = ledger.raw.prepare('SELECT product_id, warehouse_id, on_hand, reserved FROM stock_level ORDER BY product_id, warehouse_id').all();
      continue;
    }
    const rows = ledger.raw.prepare(`SELECT * FROM "${t}" ORDER BY id`).all() as { id: string }[];
    const shared = rows.filter((r) => !isLocalRow(t, r.id));
    if (shared.length > 0 || !isLocalRow(t, '')) out[t] = shared;
  }
  return out;
}

/** Runs rounds until a round moves nothing anywhere (every station pushed and pulled all). */
export async function syncAll(stations: readonly TestStation[]): Promise<void> {
  for (let pass = 0; pass < 2; pass++) for (const s of stations) await s.client.syncOnce();
}

/** What a test set up, undone after it (newest first); `station` enrolls one that is closed then. */
export function closedAfterEach() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const station = async (server: TestServer, name: string, code: string): Promise<TestStation> => {
    const s = await addStation(server, name, code);
    cleanups.push(() => s.t.close());
    return s;
  };
  return { cleanups, station };
}

export const stationRows = (s: TestStation, sql: string): unknown[] => s.t.app.ledger.raw.prepare(sql).all();

const SEARCH_DOCUMENTS = {
  products: ['SELECT p.id, f.sku, f.name, f.alt_name FROM product p LEFT JOIN product_fts f ON f.rowid = p.rowid ORDER BY p.id', 'product_fts'],
  customers: ['SELECT c.id, f.code, f.name, f.email, f.phone FROM customer c LEFT JOIN customer_fts f ON f.rowid = c.rowid ORDER BY c.id', 'customer_fts'],
  orders: ['SELECT o.id, f.number, f.customer_name, f.skus FROM sales_order o LEFT JOIN sales_order_fts f ON f.rowid = o.rowid ORDER BY o.id', 'sales_order_fts'],
} as const;

/** Every search document of these kinds by the id of its row (rowids differ between stations), and how many there are. */
export function searchDocuments<K extends keyof typeof SEARCH_DOCUMENTS>(s: TestStation, kinds: readonly K[]): Record<K | 'counts', unknown[]> {
  const out = {} as Record<K | 'counts', unknown[]>;
  for (const k of kinds) out[k] = stationRows(s, SEARCH_DOCUMENTS[k][0]);
  out.counts = stationRows(s, `SELECT ${kinds.map((k) => `(SELECT count(*) FROM ${SEARCH_DOCUMENTS[k][1]}) AS ${k}`).join(', ')}`);
  return out;
}
