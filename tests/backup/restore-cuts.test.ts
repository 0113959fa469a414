import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupLedger } from '../../src/main/backup/backup.ts';
import { BackupRefusedError, restoreBackup, type RefusalReason } from '../../src/main/backup/restore.ts';
import type { LedgerKey } from '../../src/main/db/cipher.ts';
import { seededRandom } from '../../src/shared/seeded-random.ts';
import { openTestLedger, smallShop, type TestLedger } from '../helpers.ts';

// 100 backups cut at random byte offsets: every restore is refused with a BackupRefusedError and
// the current ledger is left byte for byte as it was. RESTORE_CUT_SEED explores other offsets.
const SEED = process.env.RESTORE_CUT_SEED ? Number(process.env.RESTORE_CUT_SEED) : 90_210;
const CUTS = 100;

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe.each([
  ['an encrypted', { kind: 'raw', key: randomBytes(32) } as LedgerKey],
  ['a plain', undefined],
] as const)('restoring %s backup cut short', (_name, key) => {
  let t: TestLedger;
  let backup: Buffer;
  beforeAll(async () => {
    t = await openTestLedger(key ? { key } : {});
    const shop = await smallShop(t);
    await t.call('stock.receive', { warehouseId: shop.main.id, reason: 'opening', lines: [{ productId: shop.tea.id, quantity: 50 }] });
    for (let i = 0; i < 20; i++) {
      const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, channel: 'pos', lines: [{ productId: shop.tea.id, quantity: 1 }] });
      await t.call('orders.confirm', { id: o.id });
    }
    backup = readFileSync((await backupLedger(t.app.ledger, join(t.dir, 'backups'))).file);
    // The ledger is closed and checkpointed, so its file is all of it while the restores run.
    await t.app.close();
  }, 120_000);
  afterAll(async () => {
    await t.close().catch(() => undefined);
  });

  it(`refuses all ${CUTS} cuts cleanly and leaves the ledger untouched`, async () => {
    const before = digest(t.file);
    const rng = seededRandom(SEED);
    // Offset 0 (an empty file) and the last byte are always among the cuts.
    const offsets = [0, backup.length - 1, ...Array.from({ length: CUTS - 2 }, () => Math.floor(rng() * backup.length))];
    const reasons: Record<string, number> = {};
    for (const [i, offset] of offsets.entries()) {
      const cut = join(t.dir, `cut-${i}.sqlite`);
      writeFileSync(cut, backup.subarray(0, offset));
      const e = await restoreBackup(cut, t.file, key).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e, `cut at byte ${offset} of ${backup.length} (seed ${SEED}) was restored`).toBeInstanceOf(BackupRefusedError);
      const reason = (e as BackupRefusedError).reason satisfies RefusalReason;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      expect((e as Error).message.length).toBeGreaterThan(10);
      expect(digest(t.file), `the ledger changed after the cut at ${offset}`).toBe(before);
      expect(existsSync(`${t.file}.restoring`)).toBe(false);
    }
    expect(Object.values(reasons).reduce((a, n) => a + n, 0)).toBe(CUTS);
    // Nothing was put aside: no restore got as far as the swap.
    expect(readdirSync(t.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    // The whole backup, by contrast, restores.
    const whole = join(t.dir, 'whole.sqlite');
    writeFileSync(whole, backup);
    const { summary } = await restoreBackup(whole, join(t.dir, 'restored.sqlite'), key);
    expect(summary.orders).toBe(20);
  }, 300_000);
});
