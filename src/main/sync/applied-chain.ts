import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { GENESIS_HASH } from '../db/journal.ts';

export type AppliedEntry = {
  readonly op_id: string;
  readonly kind: 'remote' | 'derived';
  readonly station_id: string;
  readonly hlc: string;
  readonly operation: string;
  readonly server_seq: number | null;
  readonly after_seq: number;
  readonly changes: string;
};

/** sync_applied is chained like the journal, so an edit of a remote entry is detected by verify. */
export function appliedHash(prevHash: string, pos: number, e: AppliedEntry): string {
  return createHash('sha256')
    .update([prevHash, pos, e.op_id, e.kind, e.station_id, e.hlc, e.operation, e.server_seq ?? '', e.after_seq, e.changes].join('\n'))
    .digest('hex');
}

export type ChainHead = { pos: number; hash: string };

export function appliedHead(prepare: (sql: string) => Statement): ChainHead {
  const last = prepare('SELECT pos, hash FROM sync_applied ORDER BY pos DESC LIMIT 1').get() as ChainHead | undefined;
  return last ?? { pos: 0, hash: GENESIS_HASH };
}

/** Appends one entry after `head` (read once per batch by the caller) and moves head on. */
export function appendApplied(prepare: (sql: string) => Statement, e: AppliedEntry, head: ChainHead = appliedHead(prepare)): ChainHead {
  const pos = head.pos + 1;
  const hash = appliedHash(head.hash, pos, e);
  prepare(
    'INSERT INTO sync_applied (pos, op_id, kind, station_id, hlc, operation, server_seq, after_seq, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(pos, e.op_id, e.kind, e.station_id, e.hlc, e.operation, e.server_seq, e.after_seq, e.changes, head.hash, hash);
  head.pos = pos;
  head.hash = hash;
  return head;
}
