// The app's ledger copies its WAL back into the ledger file from a worker thread (db/checkpointer.ts),
// so no operation pays for a checkpoint. Shown on real files, plain and encrypted: the file grows
// while the app's own checkpoint bound is far away, the worker's connection is gone before the
// app's closes (so the last close removes the WAL), and the ledger verifies afterwards. Encrypted
// with the current cipher, and with the older one (the worker must read the file as the app does).
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { encryptLedger } from '../src/main/backup/encrypt.ts';
import type { LedgerCipher, LedgerKey } from '../src/main/db/cipher.ts';
import { applyPulled } from '../src/main/sync/apply-batch.ts';
import { newId } from '../src/shared/ids.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import type { SyncOp } from '../src/shared/sync/protocol.ts';
import { removedAfterFile, type TestLedger } from './helpers.ts';

const { openTestLedger, tempDir } = removedAfterFile();

let open: TestLedger | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const walPages = (t: TestLedger): number => Number(t.app.ledger.raw.pragma('wal_autocheckpoint', { simple: true }));

describe('the background checkpoint', () => {
  it('does not start for a session that writes a little', async () => {
    const t = (open = await openTestLedger());
    for (let i = 0; i < 5; i++) await t.call('customers.create', { name: `Customer ${i}` });
    expect(t.app.ledger.checkpointer?.running).toBe(false);
    expect(walPages(t)).toBe(1000);
  });

  it("starts at a new station's first big pulled batch, which counts as one commit per op", async () => {
    const source = await openTestLedger();
    for (let i = 0; i < 70; i++) await source.call('customers.create', { name: `Customer ${i}` });
    type Entry = { id: string; seq: number; station_id: string; hlc: string; at: string; actor: string; operation: string; changes: string; prev_hash: string; hash: string };
    const ops: SyncOp[] = (source.app.ledger.raw.prepare('SELECT * FROM journal ORDER BY seq').all() as Entry[]).map((e) => ({
      id: e.id, seq: e.seq, station: e.station_id, hlc: e.hlc, at: e.at, actor: e.actor, operation: e.operation, changes: e.changes, prevHash: e.prev_hash, hash: e.hash, schema: 1,
    }));
    await source.close();
    expect(ops.length).toBeGreaterThanOrEqual(64);
    const now = () => new Date();
    // A few ops one batch at a time: a session that writes a little.
    const few = (open = await openTestLedger());
    for (const [i, op] of ops.slice(0, 5).entries()) await applyPulled(few.app.ledger, newId(), { after: i, next: i + 1, ops: [{ serverSeq: i + 1, op }] }, now);
    expect(few.app.ledger.checkpointer?.running).toBe(false);
    await few.close();
    // All of them in one batch: the worker runs from that batch on.
    const t = (open = await openTestLedger());
    await applyPulled(t.app.ledger, newId(), { after: 0, next: ops.length, ops: ops.map((op, i) => ({ serverSeq: i + 1, op })) }, now);
    expect(t.app.ledger.checkpointer?.running).toBe(true);
    expect(walPages(t)).toBe(8000);
  });

  /** A new ledger, plain or encrypted with the given cipher. */
  async function ledgerWith(cipher: LedgerCipher | 'plain'): Promise<{ t: TestLedger; key: LedgerKey | undefined }> {
    if (cipher === 'plain') return { t: await openTestLedger(), key: undefined };
    const key: LedgerKey = { kind: 'raw', key: randomBytes(32) };
    if (cipher === 'aegis-256') return { t: await openTestLedger({ key }), key };
    const file = `${tempDir()}/ledger.sqlite`;
    await (await openTestLedger({ file })).close();
    await encryptLedger(file, key, { cipher });
    return { t: await openTestLedger({ file, key }), key };
  }

  for (const cipher of ['plain', 'aegis-256', 'sqlcipher-4'] as const) {
    it(`copies the WAL into the ledger file (${cipher}) from its worker, and closes before the app`, async () => {
      const { t, key } = await ledgerWith(cipher);
      open = t;
      const create = (i: number) => t.call('customers.create', { name: `Customer ${i} ${'x'.repeat(150)}`, email: `c${i}@example.com`, notes: 'y'.repeat(300) });
      for (let i = 0; i < 70; i++) await create(i);
      expect(t.app.ledger.checkpointer?.running).toBe(true);
      // The app's own connection now checkpoints only past 8,000 pages; what follows writes far fewer.
      expect(walPages(t)).toBe(8000);
      const sizeBefore = statSync(t.file).size;
      for (let i = 70; i < 200; i++) await create(i);
      await until(() => statSync(t.file).size > sizeBefore, 'the ledger file grows');
      open = undefined;
      await t.app.close();
      // The last connection to close removes the WAL: the worker's had closed before the app's.
      expect(existsSync(`${t.file}-wal`)).toBe(false);

      const again = await openApp({ file: t.file, ...(key ? { key } : {}) });
      try {
        expect((await again.dispatcher.call('system.verify', {}, LOCAL_OWNER)).ok).toBe(true);
        expect((await again.dispatcher.call('customers.list', { search: 'Customer 199 ', limit: 5 }, LOCAL_OWNER)).items).toHaveLength(1);
      } finally {
        await again.close();
      }
    });
  }
});
