// Kills a real worker process mid-work again and again (SOAK_KILLS times, 100 by default) and
// checks the ledger after every kill; `npm run soak` runs 1000. CRASH_SEED=n reruns one sequence.
import { expect, it } from 'vitest';
import { newId } from '../src/shared/ids.ts';
import { checkAcks, checkStock, parseAck, runCrashCycles } from './crash/crash-harness.ts';
import { openTestLedger, smallShop } from './helpers.ts';

const kills = Number(process.env.SOAK_KILLS ?? 100);
const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : undefined;

// Without this, a checker that never complains would make the soak below pass vacuously.
it('the after-crash checks notice lost, wrong and drifted writes', async () => {
  const t = await openTestLedger();
  try {
    const shop = await smallShop(t);
    const before = (t.app.ledger.raw.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number }).seq;
    const order = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.pot.id, quantity: 2 }] });
    const seq = before + 1;
    const check = (line: string, previous = before) => checkAcks(t.app.ledger.raw, [parseAck(line)!], previous);

    expect(check(`ACK orders.create ${order.id} ${seq} draft`)).toEqual([]);
    expect(check(`ACK orders.create ${newId()} ${seq + 1} draft`, seq)).toEqual([expect.stringContaining(`journal entry ${seq + 1} is missing`)]);
    expect(check(`ACK orders.create ${newId()} ${seq} draft`)).toEqual(expect.arrayContaining([expect.stringContaining('the created order does not exist')]));
    expect(check(`ACK orders.confirm ${order.id} ${seq} approved`)).toEqual(expect.arrayContaining([expect.stringContaining('journal entry')]));
    expect(check(`ACK orders.create ${order.id} ${seq} draft`, seq)).toEqual([expect.stringContaining('does not follow')]);

    await t.call('orders.confirm', { id: order.id });
    expect(checkStock(t.app.ledger.raw)).toEqual([]);
    t.app.ledger.raw.prepare('UPDATE sales_order_line SET reserved_qty = 1 WHERE order_id = ?').run(order.id);
    expect(checkStock(t.app.ledger.raw)).toEqual([expect.stringContaining('level reserves 2, order lines hold 1')]);
  } finally {
    await t.close();
  }
});

it(
  `survives ${kills} SIGKILLs mid-write with every acknowledged write intact`,
  async () => {
    const report = await runCrashCycles({ kills, seed });
    for (const c of report.cycles) {
      const where = `cycle ${c.cycle} (seed ${report.seed}, worker seed ${c.workerSeed}, killed ${c.killDelayMs} ms after the first ACK)`;
      expect(c.integrity, where).toBe('ok');
      expect(c.verify.problems, where).toEqual([]);
      expect(c.verify.ok, where).toBe(true);
      expect(c.failures, where).toEqual([]);
    }
    expect(report.cycles).toHaveLength(kills);
    // More ACKs than kills: the workers really worked between start-up and the kill.
    expect(report.totalAcks).toBeGreaterThan(kills);
    console.log(`crash: ${kills} kills, ${report.totalAcks} ACKs in ${(report.elapsedMs / 1000).toFixed(1)} s (seed ${report.seed})`);
  },
  Math.max(15 * 60_000, kills * 10_000),
);
