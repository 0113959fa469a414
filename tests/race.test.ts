// Two station processes race to confirm their orders for the last unit of a product. The write
// lock (BEGIN IMMEDIATE) must serialise them: exactly one wins, the other is told which SKU ran
// out, and the stock ledger shows exactly one reservation.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import type { RaceOutcome } from './crash/confirm-race.ts';
import { REPO_ROOT, spawnTs } from './crash/crash-harness.ts';
import { openTestLedger, smallShop } from './helpers.ts';

const RACER = join(REPO_ROOT, 'tests/crash/confirm-race.ts');
const ROUNDS = 5;

type Racer = { readonly ready: Promise<void>; readonly outcome: Promise<RaceOutcome>; kill(): void };

function startRacer(file: string, orderId: string, goFile: string): Racer {
  const child = spawnTs(RACER, [file, orderId, goFile]);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  const ready = new Promise<void>((res, rej) => {
    child.stdout.on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('READY\n')) res();
    });
    child.on('close', () => rej(new Error(`racer ended before READY: ${stderr}`)));
  });
  ready.catch(() => {}); // reported through outcome as well
  const outcome = new Promise<RaceOutcome>((res, rej) => {
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) res(JSON.parse(line.slice('RESULT '.length)) as RaceOutcome);
      else rej(new Error(`racer exited with ${code}: ${stderr || stdout}`));
    });
  });
  return { ready, outcome, kill: () => child.kill('SIGKILL') };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

let overlapping = 0;

for (let round = 1; round <= ROUNDS; round++) {
  it(`round ${round}: two processes confirm against the last unit; exactly one wins`, async () => {
    const t = await openTestLedger();
    cleanups.push(() => rmSync(t.dir, { recursive: true, force: true }));
    const shop = await smallShop(t);
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    const draft = () => t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    const orders = [await draft(), await draft()];
    // Only the two racers hold the ledger open while they race.
    await t.app.close();

    const goFile = join(t.dir, 'go');
    const racers = orders.map((o) => startRacer(t.file, o.id, goFile));
    cleanups.push(() => racers.forEach((r) => r.kill()));
    await Promise.all(racers.map((r) => r.ready));
    writeFileSync(goFile, 'go');
    const outcomes = await Promise.all(racers.map((r) => r.outcome));

    const winners = outcomes.filter((o) => o.ok);
    const losers = outcomes.filter((o): o is Extract<RaceOutcome, { ok: false }> => !o.ok);
    expect(winners, JSON.stringify(outcomes)).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const [winner, loser] = [winners[0]!, losers[0]!];
    expect(winner).toMatchObject({ ok: true, status: 'approved' });
    expect(loser).toMatchObject({ ok: false, code: 'insufficient_stock', details: { sku: 'CUP-002', available: 0, requested: 1 } });
    expect(loser.message).toContain('CUP-002');
    // The loser started while the winner was still at work: the lock, not luck, decided it.
    if (loser.startedAt < winner.endedAt && winner.startedAt < loser.endedAt) overlapping++;

    const app = await openApp({ file: t.file });
    try {
      const call = app.dispatcher.call;
      const levels = await call('stock.levels', { productId: shop.cup.id, warehouseId: shop.main.id }, LOCAL_OWNER);
      expect(levels.items).toEqual([expect.objectContaining({ sku: 'CUP-002', onHand: 1, reserved: 1, available: 0 })]);
      const statuses = await Promise.all(orders.map(async (o) => (await call('orders.get', { id: o.id }, LOCAL_OWNER)).status));
      expect(statuses.sort()).toEqual(['approved', 'draft']);
      const report = await call('system.verify', {}, LOCAL_OWNER);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await app.close();
    }
    if (round === ROUNDS) console.log(`race: the two confirms overlapped in time in ${overlapping} of ${ROUNDS} rounds`);
  }, 60_000);
}
