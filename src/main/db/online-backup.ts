import { createRequire } from 'node:module';
import type { LedgerKey } from './cipher.ts';
import { cipherOf, keyedUri } from './cipher.ts';
import type { LedgerDb } from './connection.ts';
import { exclusive } from './transaction.ts';

type NativeBackup = { transfer(pages: number): { totalPages: number; remainingPages: number }; close(): void };
type NativeDb = { backup(db: LedgerDb['raw'], schema: string, destination: string, unlinkOnFailure: boolean): NativeBackup };

// The driver's own backup() checks that the destination's folder exists by taking the text's
// dirname, which a URI with the cipher and key in its query fails; the native call underneath
// takes the URI as it is. The symbol is the driver's, from the same module instance it uses.
const require = createRequire(import.meta.url);
const { cppdb } = require('better-sqlite3-multiple-ciphers/lib/util') as { cppdb: symbol };

export type OnlineBackupOptions = {
  /**
   * Pages copied per step, the event loop free between steps. Writes through this same
   * connection are carried into the copy as they happen; a write by another connection restarts
   * the copy, so a copy beside another process's writer must run in one step ('all'), which in
   * WAL mode is one read snapshot and does not block that writer.
   */
  readonly pagesPerStep: number | 'all';
};

/**
 * SQLite's online backup of a ledger into a new file, encrypted with `key` (the ledger's own
 * cipher and key) when given. Page for page, so rowids are kept (no VACUUM). Every step holds
 * the ledger's turn (`exclusive`), so it never runs inside one of the app's transactions and
 * copies only committed pages.
 */
export async function onlineBackup(ledger: LedgerDb, destination: string, key: LedgerKey | undefined, options: OnlineBackupOptions): Promise<{ pages: number }> {
  const raw = ledger.raw;
  const locked = <T>(fn: () => T): Promise<T> =>
    exclusive(ledger, () => {
      if (raw.inTransaction) throw new Error('online backup started inside a transaction');
      return fn();
    });
  const native = (raw as unknown as Record<symbol, NativeDb>)[cppdb]!;
  const backup = await locked(() => native.backup(raw, 'main', keyedUri(destination, key, key ? cipherOf(raw) : undefined), true));
  const step = options.pagesPerStep === 'all' ? -1 : Math.max(1, options.pagesPerStep);
  try {
    for (;;) {
      const progress = await locked(() => backup.transfer(step));
      if (progress.remainingPages === 0) return { pages: progress.totalPages };
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    backup.close();
  }
}
