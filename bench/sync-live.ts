import { join } from 'node:path';
import { openApp, type App } from '../src/main/app.ts';
import type { SyncClient } from '../src/main/sync/client.ts';
import { connectStation, syncClientFor } from '../src/main/sync/setup.ts';
import { buildSyncServer } from '../src/server/app.ts';
import { createEnrollment } from '../src/server/devices.ts';
import { openStorage, type Storage } from '../src/server/storage.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';

// The background parts of the sync benchmark: stations running their sync client as `serve`
// does (push on commit, live pull), with the interval set to a minute so that nothing measured
// here can come from polling.

export type Station = { app: App; client: SyncClient };
const INTERVAL_MS = 60_000;

export async function openStation(file: string, storage: Storage, url: string, code: string, background = false): Promise<Station> {
  const app = await openApp({ file });
  await app.dispatcher.call('settings.update', { stationCode: code }, LOCAL_OWNER);
  const { code: enrollment } = await createEnrollment(storage, 'station');
  await connectStation(app.ledger, url, enrollment, code);
  return { app, client: syncClientFor(app.ledger, background ? { intervalMs: INTERVAL_MS } : {})! };
}

/** Resolves when check() holds, looking every millisecond (a local read, no network). */
async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('the benchmark waited too long');
    await new Promise((r) => setTimeout(r, 1));
  }
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Round trips with both clients in the background: A creates and confirms an order; B has it
 * approved without anyone calling sync. Returns the whole trip and the part after A's confirm.
 */
export async function liveRoundTrips(a: Station, b: Station, input: { customerId: string; warehouseId: string; productId: string }, trips: number) {
  a.client.start();
  b.client.start();
  const whole: number[] = [];
  const afterConfirm: number[] = [];
  const status = b.app.ledger.raw.prepare('SELECT status FROM sales_order WHERE id = ?').pluck();
  try {
    for (let i = 0; i < trips; i++) {
      const t0 = process.hrtime.bigint();
      const order = await a.app.dispatcher.call('orders.create', { customerId: input.customerId, warehouseId: input.warehouseId, lines: [{ productId: input.productId, quantity: 1 }] }, LOCAL_OWNER);
      await a.app.dispatcher.call('orders.confirm', { id: order.id }, LOCAL_OWNER);
      const t1 = process.hrtime.bigint();
      await until(() => status.get(order.id) === 'approved');
      whole.push(ms(t0));
      afterConfirm.push(ms(t1));
      await a.app.dispatcher.call('orders.cancel', { id: order.id, reason: 'bench' }, LOCAL_OWNER);
      await until(() => status.get(order.id) === 'cancelled');
    }
  } finally {
    await a.client.stop();
    await b.client.stop();
  }
  return { whole, afterConfirm };
}

/**
 * Many stations on a server of their own, all syncing in the background: each writes its ops,
 * and the time is until every station holds every station's ops.
 */
export async function crowd(dir: string, many: number, perStation: number, log: (line: string) => void) {
  const storage = await openStorage(join(dir, 'crowd-server.sqlite'));
  const server = await buildSyncServer({ storage, perDeviceLimit: 1_000_000, enrollLimit: many + 10 });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  const stations: Station[] = [];
  try {
    let t0 = process.hrtime.bigint();
    for (let i = 0; i < many; i++) stations.push(await openStation(join(dir, `crowd-${i}.sqlite`), storage, url, `C${i}`, true));
    log(`${many} stations opened and enrolled in ${(ms(t0) / 1000).toFixed(1)} s`);
    const counts = stations.map((s) => s.app.ledger.raw.prepare('SELECT count(*) FROM customer').pluck());
    for (const s of stations) s.client.start();
    t0 = process.hrtime.bigint();
    await Promise.all(
      stations.map((s, i) =>
        s.app.dispatcher.batch(LOCAL_OWNER, () => true, async (calls) => {
          for (let k = 0; k < perStation; k++) await calls.call('customers.create', { name: `C${i} customer ${k}` });
        }),
      ),
    );
    const total = many * perStation;
    await until(() => counts.every((c) => c.get() === total), 300_000);
    const seconds = ms(t0) / 1000;
    const verified = await Promise.all(stations.map((s) => s.app.dispatcher.call('system.verify', {}, LOCAL_OWNER)));
    return { seconds, converged: counts.every((c) => c.get() === total), verified: verified.every((v) => v.ok) };
  } finally {
    for (const s of stations) await s.client.stop();
    for (const s of stations) await s.app.close();
    await server.close();
    await storage.close();
  }
}
