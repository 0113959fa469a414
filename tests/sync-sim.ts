import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { SyncClient } from '../src/main/sync/client.ts';
import { httpTransport } from '../src/main/sync/http-transport.ts';
import { connectStation, stationIdOf } from '../src/main/sync/setup.ts';
import { getState } from '../src/main/sync/state.ts';
import { createEnrollment } from '../src/server/devices.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { seededRandom } from '../src/shared/seeded-random.ts';
import { tempDir } from './helpers.ts';
import { ledgerTables, startServer, type TestServer } from './sync-helpers.ts';
import { SimStation } from './sync-model.ts';

// Convergence (docs/SYNC.md "Proof"): five stations do random work through the real dispatcher
// while partitions come and go, the network loses, repeats, delays and reorders answers, the
// server restarts and a station comes back from an old backup. When the network heals, every
// station's books are equal table by table, equal to a copy built only from the server's ops,
// every op is everywhere, verify passes, and every oversold stock has an open alert.
//
// SYNC_SEED explores other seeds, SYNC_RUNS and SYNC_ACTIONS make it larger (npm run soak).
// tests/sync-postgres.test.ts runs the same property with the server on PostgreSQL.

const envInt = (name: string): number | undefined => (process.env[name] ? Number(process.env[name]) : undefined);
// The default seed is one whose run meets every fault the coverage check asks for. Which seed
// does depends on how many requests the stations make: 20261123 stopped producing a late pull
// once a request whose connection breaks (a server restarting) was sent again instead of failing.
export const SEED = envInt('SYNC_SEED') ?? 20261124;
export const RUNS = envInt('SYNC_RUNS') ?? 1;
export const ACTIONS = envInt('SYNC_ACTIONS') ?? 240;
const STATIONS = ['A', 'B', 'C', 'D', 'E'];

const KINDS = ['product', 'editProduct', 'customer', 'editCustomer', 'receive', 'order', 'order', 'cancel', 'cancel', 'setting'] as const;
type Action =
  | { k: 'op'; s: number; kind: (typeof KINDS)[number]; a: number; b: number }
  | { k: 'sync' | 'partition' | 'backup' | 'restore'; s: number }
  | { k: 'restart' };

const station = fc.integer({ min: 0, max: STATIONS.length - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ k: fc.constant('op' as const), s: station, kind: fc.constantFrom(...KINDS), a: fc.nat(), b: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('sync' as const), s: station }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('partition' as const), s: station }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('backup' as const), s: station }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restore' as const), s: station }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('restart' as const) }) },
);

export type RunStats = { ops: number; oversells: number; oversellAlerts: number; conflicts: number; restores: number; restarts: number; network: Record<string, number> };

async function untilSynced(stations: readonly SimStation[]): Promise<void> {
  for (let pass = 0; pass < 60; pass++) {
    let allOk = true;
    for (const s of stations) allOk = (await s.sync()) && allOk;
    if (!allOk) continue;
    // Quiet when a whole pass moved nothing: nothing waiting, every cursor at the server's head.
    const again = await Promise.all(stations.map((s) => s.client.syncOnce().catch(() => ({ pushed: 1, pulled: 1 }))));
    if (again.every((r) => r.pushed === 0 && r.pulled === 0)) return;
  }
  throw new Error('stations did not settle after 60 passes');
}

export async function runSimulation(database: string | undefined, actions: readonly Action[], netSeed: number, check: (stats: RunStats) => void): Promise<void> {
  const dir = tempDir('shopledger-sync-sim-');
  const server: TestServer = await startServer(database ?? join(dir, 'server.sqlite'));
  const random = seededRandom(netSeed);
  const stations = STATIONS.map((code) => new SimStation(code, dir, server, random));
  const stats: RunStats = { ops: 0, oversells: 0, oversellAlerts: 0, conflicts: 0, restores: 0, restarts: 0, network: {} };
  let replica: Awaited<ReturnType<typeof openApp>> | undefined;
  try {
    for (const s of stations) {
      await s.open();
      await s.enroll();
    }
    const [a] = stations as [SimStation];
    const vat = await a.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
    const main = await a.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
    await untilSynced(stations);

    const counters = new Map<string, number>();
    const next = (key: string) => {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    };
    const pick = <T>(rows: T[], n: number): T | undefined => (rows.length === 0 ? undefined : rows[n % rows.length]);

    for (const act of actions) {
      if (act.k === 'restart') {
        await server.restart();
        stats.restarts++;
        continue;
      }
      const s = stations[act.s]!;
      if (act.k === 'sync') await s.sync();
      else if (act.k === 'partition') s.net.partitioned = !s.net.partitioned;
      else if (act.k === 'backup') await s.takeBackup();
      else if (act.k === 'restore') {
        if (!s.backup) continue;
        await s.restore();
        stats.restores++;
        // The app numbers nothing on a restored station until it has pulled its lost work back
        // (docs/SYNC.md, "Restored stations"); the simulation gives it no work until then.
        if (!s.net.partitioned) await s.sync();
      } else if (act.k === 'op') {
        if (await s.mustRecover()) continue;
        stats.ops++;
        const products = s.rows<{ id: string }>('SELECT id FROM product ORDER BY id');
        const customers = s.rows<{ id: string }>('SELECT id FROM customer ORDER BY id');
        const product = pick(products, act.a);
        const customer = pick(customers, act.b);
        switch (act.kind) {
          case 'product':
            await s.call('products.create', { sku: `${s.code}-P${next(`${s.code}p`)}`, name: `Product ${act.a % 1000}`, price: 100 + (act.b % 9000), taxRateId: vat.id });
            break;
          case 'editProduct':
            if (product) await s.call('products.update', { id: product.id, price: 100 + (act.b % 9000), ...(act.a % 2 ? { name: `Renamed ${act.b % 100}` } : {}) });
            break;
          case 'customer':
            await s.call('customers.create', { name: `Customer ${s.code}${next(`${s.code}c`)}` });
            break;
          case 'editCustomer':
            if (customer) await s.call('customers.update', { id: customer.id, ...(act.a % 2 ? { name: `Name ${act.b % 100}` } : { phone: `555-${act.b % 10000}` }) });
            break;
          case 'receive':
            if (product) await s.call('stock.receive', { warehouseId: main.id, lines: [{ productId: product.id, quantity: 1 + (act.b % 4) }] });
            break;
          case 'order': {
            // Orders take what this station believes is available (often all of it), so two
            // stations selling the same units while apart oversell once they merge.
            const stocked = pick(s.rows<{ id: string; available: number }>('SELECT product_id AS id, on_hand - reserved AS available FROM stock_level WHERE on_hand - reserved > 0 ORDER BY product_id'), act.b);
            if (!stocked || !customer) break;
            const quantity = act.a % 2 === 0 ? stocked.available : 1 + (act.a % Math.max(1, stocked.available));
            const order = await s.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: [{ productId: stocked.id, quantity }] });
            await s.attempt('orders.confirm', { id: order.id });
            break;
          }
          case 'cancel': {
            const open = s.rows<{ id: string }>("SELECT id FROM sales_order WHERE status IN ('draft', 'pending_approval', 'approved') ORDER BY id");
            const order = pick(open, act.a);
            if (order) await s.attempt('orders.cancel', { id: order.id, reason: 'changed mind' });
            break;
          }
          case 'setting':
            await s.call('settings.update', { shopName: `Shop ${act.b % 50}` });
            break;
        }
      }
    }

    for (const s of stations) s.net.partitioned = false;
    await untilSynced(stations);

    // Every station verifies: its chain and synced entries replay to its rows, stock = movements.
    for (const s of stations) expect((await s.call('system.verify', {})).problems, `verify at ${s.code}`).toEqual([]);
    // Equal table by table.
    const reference = ledgerTables(stations[0]!.app.ledger);
    for (const s of stations.slice(1)) expect(ledgerTables(s.app.ledger), `tables at ${s.code}`).toEqual(reference);
    // Equal to the server's copy: a ledger built only from the server's ops. Its own creation
    // is dated 1970, so every value written by the stations is newer than its defaults.
    replica = await openApp({ file: join(dir, 'replica.sqlite'), clock: fixedClock(new Date(0)) });
    const { code } = await createEnrollment(server.storage, 'station');
    await connectStation(replica.ledger, server.url, code, 'replica');
    const replicaClient = new SyncClient({ ledger: replica.ledger, stationId: stationIdOf(replica.ledger), transport: httpTransport(() => server.url, getState(replica.ledger.prepare, 'device_token')!) });
    await replicaClient.pull();
    expect(ledgerTables(replica.ledger), 'the server copy').toEqual(reference);

    // Every op is in: each station's own entries reached the server, and every server op reached every station.
    const serverOps = await server.storage.db.selectFrom('op').select(['id', 'server_seq']).orderBy('server_seq').execute();
    const serverIds = new Set(serverOps.map((o) => o.id));
    expect(serverOps.map((o) => Number(o.server_seq)), 'server sequence without gaps').toEqual(serverOps.map((_, i) => i + 1));
    for (const s of stations) {
      const own = s.rows<{ id: string }>('SELECT id FROM journal').map((r) => r.id);
      expect(own.filter((id) => !serverIds.has(id)), `unpushed at ${s.code}`).toEqual([]);
      const here = new Set([...own, ...s.rows<{ op_id: string }>("SELECT op_id FROM sync_applied WHERE kind = 'remote'").map((r) => r.op_id)]);
      expect([...serverIds].filter((id) => !here.has(id)), `missing at ${s.code}`).toEqual([]);
    }

    // Every oversold stock has an open alert at every station, naming a reserving order.
    for (const s of stations) {
      const negative = s.rows<{ product_id: string; warehouse_id: string }>(
        'SELECT l.product_id, l.warehouse_id FROM stock_level l JOIN product p ON p.id = l.product_id WHERE l.reserved < 0 OR l.on_hand < 0 OR (p.allow_backorder = 0 AND l.on_hand - l.reserved < 0)',
      );
      const alerts = new Set(s.rows<{ subject: string }>("SELECT subject FROM sync_issue WHERE kind = 'oversell' AND resolved_at IS NULL").map((r) => r.subject));
      for (const n of negative) expect(alerts.has(`${n.product_id}|${n.warehouse_id}`), `oversell alert at ${s.code}`).toBe(true);
      if (s === stations[0]) stats.oversells = negative.length;
    }
    stats.oversellAlerts = stations[0]!.rows<{ n: number }>("SELECT count(*) AS n FROM sync_issue WHERE kind = 'oversell'")[0]!.n;
    stats.conflicts = stations[0]!.rows<{ n: number }>("SELECT count(*) AS n FROM sync_issue WHERE kind = 'transition'")[0]!.n;
    for (const s of stations) for (const [k, v] of Object.entries(s.net.counts)) stats.network[k] = (stats.network[k] ?? 0) + v;
    check(stats);
  } finally {
    for (const s of stations) {
      await s.client?.stop();
      await s.app?.close();
    }
    await replica?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function convergenceProperty(database: () => string | undefined, options: { checkCoverage: boolean }) {
  return fc.asyncProperty(fc.array(action, { minLength: ACTIONS, maxLength: ACTIONS }), fc.integer(), async (actions, netSeed) => {
    await runSimulation(database(), actions, netSeed, (stats) => {
      console.log(`sync convergence: ${JSON.stringify(stats)}`);
      expect(stats.ops).toBeGreaterThan(0);
      if (options.checkCoverage && process.env.SYNC_SEED === undefined && process.env.SYNC_ACTIONS === undefined) {
        // The default run must exercise what it claims to (fixed seed, so this cannot fail by chance).
        expect(stats.restores, 'a restore from backup').toBeGreaterThan(0);
        expect(stats.restarts, 'a server restart').toBeGreaterThan(0);
        // Oversells and transition conflicts happen in some runs only; tests/sync.test.ts makes
        // each of them on purpose and checks the alert and the conflict record.
        expect(stats.network.lostAnswers! * stats.network.duplicatePushes! * stats.network.latePulls! * stats.network.partitionRefusals!).toBeGreaterThan(0);
      }
    });
  });
}

