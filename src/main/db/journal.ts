import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { JournaledTable } from './schema.ts';

/** One row touched by an operation: an insert carries the whole row, an update only what changed. */
export type RowChange = {
  readonly t: JournaledTable;
  readonly op: 'i' | 'u' | 'd';
  readonly id: string;
  readonly v?: Readonly<Record<string, unknown>>;
};

export type JournalEntryInput = {
  readonly id: string;
  readonly at: string;
  readonly stationId: string;
  readonly actor: string;
  readonly operation: string;
  readonly changes: readonly RowChange[];
};

export const GENESIS_HASH = '0'.repeat(64);

/** The chain hashes every stored field, so editing any of them, or removing an entry, breaks it. */
export function entryHash(prevHash: string, e: { seq: number; id: string; at: string; station_id: string; actor: string; operation: string; changes: string }): string {
  return createHash('sha256')
    .update([prevHash, e.seq, e.id, e.at, e.station_id, e.actor, e.operation, e.changes].join('\n'))
    .digest('hex');
}

/**
 * Must run inside the operation's write transaction, so the entry commits with the rows. Every
 * write operation passes here, so it uses prepared statements directly rather than Kysely.
 */
export function appendJournal(prepare: (sql: string) => Statement, entry: JournalEntryInput): number {
  const last = prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    seq,
    id: entry.id,
    at: entry.at,
    station_id: entry.stationId,
    actor: entry.actor,
    operation: entry.operation,
    changes: JSON.stringify(entry.changes),
  };
  prepare('INSERT INTO journal (seq, id, at, station_id, actor, operation, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.seq,
    row.id,
    row.at,
    row.station_id,
    row.actor,
    row.operation,
    row.changes,
    prevHash,
    entryHash(prevHash, row),
  );
  return seq;
}
