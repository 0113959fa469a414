import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallShop } from './helpers.ts';
import { pgMissingReason, startPgCluster, type PgCluster } from './pg-cluster.ts';
import { convergenceProperty } from './sync-sim.ts';
import { addStation, ledgerTables, startServer, type TestStation } from './sync-helpers.ts';

// The sync suite against a real PostgreSQL: the convergence simulation with the server on
// PostgreSQL, and two server instances sharing one database (as behind a load balancer).

const missing = pgMissingReason();
if (missing) console.warn(`\n*** SKIPPING the PostgreSQL sync tests: ${missing} ***\n`);

describe.skipIf(missing !== undefined)('sync on PostgreSQL', () => {
  let pg: PgCluster;
  let n = 0;
  const databases: string[] = [];
  const freshDatabase = () => databases.shift()!;
  beforeAll(async () => {
    pg = await startPgCluster();
    for (let i = 0; i < 2; i++) {
      const name = `sync_${++n}`;
      await pg.createDatabase(name);
      databases.push(pg.url(name));
    }
  }, 120_000);
  afterAll(() => pg?.stop());

  it('five stations converge with the server on PostgreSQL', async () => {
    await fc.assert(convergenceProperty(freshDatabase, { checkCoverage: false }), { seed: Number(process.env.SYNC_SEED ?? 20261123), numRuns: 1, endOnFailure: true });
  }, 600_000);

  it('two server instances on one database: stations on either converge, pushing at the same time', async () => {
    const database = freshDatabase();
    const one = await startServer(database);
    const two = await startServer(database);
    const stations: TestStation[] = [];
    try {
      for (const [i, code] of ['A', 'B', 'C', 'D'].entries()) stations.push(await addStation(i % 2 === 0 ? one : two, `station ${code}`, code));
      const [a] = stations as [TestStation];
      const shop = await smallShop(a.t);
      await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 50 }] });
      // The shop reaches the server before the others pull it: they sell from it in the rounds.
      await a.client.syncOnce();
      await Promise.all(stations.map((s) => s.client.syncOnce()));
      for (let round = 0; round < 3; round++) {
        await Promise.all(
          stations.map(async (s) => {
            const c = await s.t.call('customers.create', { name: `${s.name} ${round}` });
            const o = await s.t.call('orders.create', { customerId: c.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] });
            await s.t.call('orders.confirm', { id: o.id });
          }),
        );
        await Promise.all(stations.map((s) => s.client.syncOnce()));
      }
      for (let pass = 0; pass < 2; pass++) for (const s of stations) await s.client.syncOnce();
      const seqs = (await one.storage.db.selectFrom('op').select('server_seq').orderBy('server_seq').execute()).map((r) => Number(r.server_seq));
      expect(new Set(seqs).size).toBe(seqs.length);
      const reference = ledgerTables(a.t.app.ledger);
      for (const s of stations) {
        expect((await s.t.call('system.verify', {})).problems).toEqual([]);
        expect(ledgerTables(s.t.app.ledger)).toEqual(reference);
      }
      const levels = await a.t.call('stock.levels', { productId: shop.tea.id });
      expect(levels.items.find((l) => l.warehouseId === shop.main.id)).toMatchObject({ onHand: 50, reserved: 24 });
    } finally {
      for (const s of stations) await s.t.close();
      await one.close();
      await two.close();
    }
  }, 300_000);
});
