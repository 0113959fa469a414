import type Database from 'better-sqlite3-multiple-ciphers';
import { LEDGER_MIGRATIONS, type Migration } from '../../../migrations/ledger/index.ts';

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

export const LATEST_LEDGER_VERSION = LEDGER_MIGRATIONS.length;

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
    applyStep(raw, m);
  }
}

function applyStep(raw: Database.Database, m: Migration): void {
  // foreign_keys cannot change inside a transaction, so it is switched around it.
  const keysWereOn = raw.pragma('foreign_keys', { simple: true }) === 1;
  if (m.rebuilds) raw.pragma('foreign_keys = OFF');
  raw.exec('BEGIN IMMEDIATE');
  try {
    // A concurrent process may have migrated while we waited for the write lock.
    const now = raw.pragma('user_version', { simple: true }) as number;
    if (now >= m.version) {
      raw.exec('ROLLBACK');
      return;
    }
    raw.exec(m.sql);
    if (m.rebuilds) assertKeysHold(raw, m.rebuilds);
    raw.pragma(`user_version = ${m.version}`);
    raw.exec('COMMIT');
  } catch (e) {
    if (raw.inTransaction) raw.exec('ROLLBACK');
    throw new Error(`Ledger migration ${m.version} (${m.name}) failed and was rolled back: ${(e as Error).message}`, { cause: e });
  } finally {
    if (m.rebuilds && keysWereOn) raw.pragma('foreign_keys = ON');
  }
}

/** The rebuilt tables' own references, and every reference to them, still find their rows. */
function assertKeysHold(raw: Database.Database, rebuilt: readonly string[]): void {
  const tables = raw.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE TABLE%'").pluck().all() as string[];
  const referencing = tables.filter((t) => (raw.pragma(`foreign_key_list("${t}")`) as { table: string }[]).some((k) => rebuilt.includes(k.table)));
  for (const table of new Set([...rebuilt, ...referencing])) {
    const broken = raw.pragma(`foreign_key_check("${table}")`) as { table: string; rowid: number; parent: string }[];
    if (broken.length > 0) {
      throw new Error(`${broken.length} row(s) of ${table} refer to missing rows of ${broken[0]!.parent} (rowid ${broken[0]!.rowid})`);
    }
  }
}
