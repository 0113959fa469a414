import type Database from 'better-sqlite3-multiple-ciphers';
import { LEDGER_MIGRATIONS } from '../../../migrations/ledger/index.ts';

export class LedgerVersionError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `This ledger was written by a newer version of ShopLedger (schema ${found}; this version knows up to ${known}). ` +
        'It was not opened or changed. Update ShopLedger to open it.',
    );
    this.name = 'LedgerVersionError';
  }
}

// The highest listed: numbers may skip while branches are open (docs/ARCHITECTURE.md).
export const LATEST_LEDGER_VERSION = Math.max(...LEDGER_MIGRATIONS.map((m) => m.version));

/**
 * Brings the ledger to the latest schema. The version lives in PRAGMA user_version, which is
 * transactional, so each step and its version bump commit together or not at all.
 */
export function assertKnownVersion(raw: Database.Database): number {
  const current = raw.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_LEDGER_VERSION) throw new LedgerVersionError(current, LATEST_LEDGER_VERSION);
  return current;
}

export function migrateLedger(raw: Database.Database, options: { readonly: boolean }): void {
  const current = assertKnownVersion(raw);
  if (current === LATEST_LEDGER_VERSION) return;
  if (options.readonly) {
    throw new Error(`This ledger is at schema ${current} and needs migrating to ${LATEST_LEDGER_VERSION}; open it read-write once.`);
  }
  for (const m of LEDGER_MIGRATIONS) {
    if (m.version <= current) continue;
    raw.exec('BEGIN IMMEDIATE');
    try {
      // A concurrent process may have migrated while we waited for the write lock.
      const now = raw.pragma('user_version', { simple: true }) as number;
      if (now >= m.version) {
        raw.exec('ROLLBACK');
        continue;
      }
      raw.exec(m.sql);
      raw.pragma(`user_version = ${m.version}`);
      raw.exec('COMMIT');
    } catch (e) {
      if (raw.inTransaction) raw.exec('ROLLBACK');
      throw new Error(`Ledger migration ${m.version} (${m.name}) failed and was rolled back: ${(e as Error).message}`, { cause: e });
    }
  }
}
