import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import type { App } from '../src/main/app.ts';
import { buildSyncServer } from '../src/server/app.ts';
import { openStorage } from '../src/server/storage.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { LATEST_LEDGER_VERSION } from '../src/main/db/migrator.ts';
import { fillServer } from './sync-fill.ts';
import { startProfile } from './sync-profile.ts';
import { startServerProcess } from './sync-server-process.ts';
import { startSqlProfile } from './sync-sql-profile.ts';
import { crowd, liveRoundTrips, openStation, type Station } from './sync-live.ts';

// Sync figures on loopback (docs/SYNC.md). Sizes are knobs, small by default for a shared
// machine; the issue's full figures are BENCH_SYNC_OPS=1000000 BENCH_SYNC_STATIONS=50.
// BENCH_SYNC_PROFILE=FILE writes a CPU profile of the first pull alone; BENCH_SYNC_SQL=1 prints
// its SQL time by statement.
// The server runs as in real use: `shopledger server` in a process of its own on the benchmark's
// server file (bench/sync-server-process.ts), so its page queries, JSON and HTTP work no longer
// take turns with the station's apply on one thread; the figures (CPU too) are the station's.
// BENCH_SYNC_SERVER=inline runs it inside this process as before. The many-stations part keeps
// its server inside (bench/sync-live.ts).
//   BENCH_SYNC_OPS       ops written at one station, pushed, then pulled by a new station (20000)
//   BENCH_SYNC_TRIPS     order round trips A -> B (50; 0 stops after the first pull)
//   BENCH_SYNC_STATIONS  stations syncing at once in the background, each writing BENCH_SYNC_STATION_OPS ops (50, 20; 0 skips them)

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const TEMPLATE_SKU = 'BENCH-TEMPLATE';
/**
 * CPU seconds of this process's main thread (Linux; 0 elsewhere): the thread that applies the
 * pull. process.cpuUsage() adds every thread (the checkpoint worker, zlib, the collector's helpers).
 */
function mainThreadCpuSeconds(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}
const maxSeq = (app: App): number => (app.ledger.raw.prepare('SELECT coalesce(max(seq), 0) AS s FROM journal').get() as { s: number }).s;

export async function syncBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-bench-sync-'));
  const storage = await openStorage(join(dir, 'server.sqlite'));
  const inline = process.env.BENCH_SYNC_SERVER === 'inline';
  const server = inline ? await buildSyncServer({ storage, perDeviceLimit: 1_000_000 }) : undefined;
  const serverProcess = inline ? undefined : await startServerProcess(join(dir, 'server.sqlite'));
  const url = server ? await server.listen({ host: '127.0.0.1', port: 0 }) : serverProcess!.url;
  let n = 0;
  const station = (code: string): Promise<Station> => openStation(join(dir, `station-${++n}.sqlite`), storage, url, code);
  const stations: Station[] = [];
  try {
    // 1. First pull of N ops by a new station. The server is filled through its push path in
    // big batches from a generator station (bench/sync-fill.ts): the pull is what is measured.
    const opsWanted = env('BENCH_SYNC_OPS', 20_000);
    const source = await station('SRC');
    stations.push(source);
    const tax = await source.app.dispatcher.call('taxRates.create', { code: 'VAT13', name: 'VAT', rateBp: 1300 }, LOCAL_OWNER);
    const wh = await source.app.dispatcher.call('warehouses.create', { code: 'MAIN', name: 'Main' }, LOCAL_OWNER);
    const seqBefore = maxSeq(source.app);
    await source.app.dispatcher.batch(LOCAL_OWNER, () => true, async (calls) => {
      const p = await calls.call('products.create', { sku: TEMPLATE_SKU, name: 'Template product', price: 1000, taxRateId: tax.id });
      await calls.call('stock.receive', { warehouseId: wh.id, lines: [{ productId: p.id, quantity: 5 }] });
    });
    const templates = (source.app.ledger.raw.prepare('SELECT operation, changes FROM journal WHERE seq > ? ORDER BY seq').all(seqBefore) as { operation: string; changes: string }[]).map((t) => ({
      ...t,
      schema: LATEST_LEDGER_VERSION,
    }));
    const pushedBySource = await source.client.push();
    let t0 = process.hrtime.bigint();
    const fill = await fillServer(storage, templates, TEMPLATE_SKU, Math.max(0, opsWanted - pushedBySource));
    const fillMs = ms(t0);
    // The fill kept the event loop busy past the server's keep-alive timeout: let the closed
    // pooled connections be noticed before the next request would pick one.
    await new Promise((r) => setTimeout(r, 100));
    const fresh = await station('NEW');
    stations.push(fresh);
    const profile = await startProfile();
    const sqlProfile = startSqlProfile(fresh.app.ledger.raw);
    const load = loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuSeconds();
    t0 = process.hrtime.bigint();
    const pulled = await fresh.client.pull();
    const pullMs = ms(t0);
    const cpu = process.cpuUsage(cpu0);
    const mainCpu = mainThreadCpuSeconds() - main0;
    const pullCpuMs = (cpu.user + cpu.system) / 1000;
    await profile.stop();
    sqlProfile.stop(log);
    const serverMB = Number((statSync(join(dir, 'server.sqlite')).size / 1e6).toFixed(1));
    log(`first pull: ${pulled.pulled} ops in ${(pullMs / 1000).toFixed(2)} s (${Math.round(pulled.pulled / (pullMs / 1000))} ops/s); server filled with ${fill.ops} ops through push() in ${(fillMs / 1000).toFixed(2)} s; server file ${serverMB} MB`);
    // CPU time of this process (the station, and the server when inline), so it can be compared on a busy machine.
    log(`first pull CPU (${inline ? 'station and server' : 'station only; server in its own process'}): ${(pullCpuMs / 1000).toFixed(2)} s (${Math.round(pulled.pulled / (pullCpuMs / 1000))} ops per CPU second); main thread ${mainCpu.toFixed(2)} s; load average ${load.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
    t0 = process.hrtime.bigint();
    const verified = await fresh.app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
    const verifyMs = ms(t0);
    log(`verify at the new station: ${verified.ok ? 'ok' : `FAILED: ${JSON.stringify(verified.problems.slice(0, 3))}`} (${(verifyMs / 1000).toFixed(2)} s)`);
    if (!verified.ok) throw new Error('the pulled ledger does not verify');

    // 2. One order's round trip A -> B (A confirms and pushes, B pulls and has it); 0 skips it.
    const trips = env('BENCH_SYNC_TRIPS', 50);
    const report = { server: inline ? 'inline' : 'process', firstPullOps: pulled.pulled, firstPullSeconds: Number((pullMs / 1000).toFixed(2)), firstPullCpuSeconds: Number((pullCpuMs / 1000).toFixed(2)), firstPullMainThreadCpuSeconds: Number(mainCpu.toFixed(2)), firstPullOpsPerSecond: Math.round(pulled.pulled / (pullMs / 1000)), loadAverage: Number(load.toFixed(2)), fillSeconds: Number((fillMs / 1000).toFixed(2)), verifySeconds: Number((verifyMs / 1000).toFixed(2)) };
    if (trips <= 0) return report;
    const [a, b] = [source, fresh];
    const customer = await a.app.dispatcher.call('customers.create', { name: 'Bench customer' }, LOCAL_OWNER);
    const product = (a.app.ledger.raw.prepare('SELECT id FROM product LIMIT 1').get() as { id: string }).id;
    await a.client.syncOnce();
    await b.client.syncOnce();
    const roundTrips: number[] = [];
    for (let i = 0; i < trips; i++) {
      t0 = process.hrtime.bigint();
      const order = await a.app.dispatcher.call('orders.create', { customerId: customer.id, warehouseId: wh.id, lines: [{ productId: product, quantity: 1 }] }, LOCAL_OWNER);
      await a.app.dispatcher.call('orders.confirm', { id: order.id }, LOCAL_OWNER);
      await a.client.syncOnce();
      await b.client.syncOnce();
      const there = await b.app.dispatcher.call('orders.get', { id: order.id }, LOCAL_OWNER);
      if (there.status !== 'approved') throw new Error('the order did not arrive');
      roundTrips.push(ms(t0));
      await a.app.dispatcher.call('orders.cancel', { id: order.id, reason: 'bench' }, LOCAL_OWNER);
    }
    log(`order round trip A -> B (create + confirm at A, push, pull at B): p50 ${pct(roundTrips, 50).toFixed(1)} ms, p95 ${pct(roundTrips, 95).toFixed(1)} ms over ${trips}`);
    const live = await liveRoundTrips(a, b, { customerId: customer.id, warehouseId: wh.id, productId: product }, trips);
    log(`order round trip A -> B in the background (push on commit, live pull; interval 60 s): p50 ${pct(live.whole, 50).toFixed(1)} ms, p95 ${pct(live.whole, 95).toFixed(1)} ms; after A's confirm: p50 ${pct(live.afterConfirm, 50).toFixed(1)} ms, p95 ${pct(live.afterConfirm, 95).toFixed(1)} ms`);

    // 3. Many stations syncing at once, in the background, on a server of their own; 0 skips it.
    const many = env('BENCH_SYNC_STATIONS', 50);
    const perStation = env('BENCH_SYNC_STATION_OPS', 20);
    const roundTripReport = {
      ...report,
      roundTripP50Ms: Number(pct(roundTrips, 50).toFixed(1)),
      roundTripP95Ms: Number(pct(roundTrips, 95).toFixed(1)),
      liveRoundTripP50Ms: Number(pct(live.whole, 50).toFixed(1)),
      liveRoundTripP95Ms: Number(pct(live.whole, 95).toFixed(1)),
      liveAfterConfirmP50Ms: Number(pct(live.afterConfirm, 50).toFixed(1)),
      liveAfterConfirmP95Ms: Number(pct(live.afterConfirm, 95).toFixed(1)),
    };
    if (many <= 0) return roundTripReport;
    const c = await crowd(dir, many, perStation, log);
    log(`${many} stations with ${perStation} new ops each, syncing in the background: all hold all ${many * perStation} in ${c.seconds.toFixed(2)} s; converged: ${c.converged}; all verify: ${c.verified}`);

    return {
      ...roundTripReport,
      stations: many,
      stationOps: perStation,
      stationsSeconds: Number(c.seconds.toFixed(2)),
      converged: c.converged && c.verified,
    };
  } finally {
    for (const s of stations) await s.app.close();
    await server?.close();
    await serverProcess?.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
