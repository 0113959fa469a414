import { afterAll, describe, expect, it } from 'vitest';
import { exclusive, runRead } from '../src/main/db/transaction.ts';
import { openTestLedger } from './helpers.ts';

const t = await openTestLedger();
afterAll(() => t.close());

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe('operations of one process take turns on the connection', () => {
  it('runs turns one at a time, first come first served', async () => {
    const events: string[] = [];
    let inside = 0;
    const turn = (name: string) =>
      exclusive(t.app.ledger, async () => {
        inside += 1;
        expect(inside).toBe(1);
        events.push(`${name} in`);
        await tick();
        events.push(`${name} out`);
        inside -= 1;
        return name;
      });
    const results = await Promise.all(['a', 'b', 'c', 'd'].map(turn));
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out', 'd in', 'd out']);
  });

  it('passes the turn on after a turn that fails, sync or async', async () => {
    const failingSync = exclusive(t.app.ledger, () => {
      throw new Error('sync failure');
    });
    const failingAsync = exclusive(t.app.ledger, async () => {
      await tick();
      throw new Error('async failure');
    });
    const after = exclusive(t.app.ledger, () => 'ran');
    await expect(failingSync).rejects.toThrow('sync failure');
    await expect(failingAsync).rejects.toThrow('async failure');
    await expect(after).resolves.toBe('ran');
  });

  it('leaves no read transaction open between calls', async () => {
    const reads = await Promise.all(Array.from({ length: 20 }, () => runRead(t.app.ledger, async (db) => (await db.selectFrom('journal').select('id').limit(1).execute()).length)));
    expect(reads).toHaveLength(20);
    expect(t.app.ledger.raw.inTransaction).toBe(false);
  });
});
