import * as crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { GENESIS_HASH } from '../db/journal.ts';
import { MAX_ROWS_PER_INSERT, valuesList } from '../db/multi-row.ts';

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
  return sha256([prevHash, pos, e.op_id, e.kind, e.station_id, e.hlc, e.operation, e.server_seq ?? '', e.after_seq, e.changes].join('\n'));
}

// The one-shot hash (Node 20.12 and later) costs about 1.6 µs for an op's entry against 2.6 µs
// for a Hash object; the same digest.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = (text: string): string => (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

export type ChainHead = { pos: number; hash: string };

/** An entry whose changes text may be known only later: asked for when the batch is written. */
export type Pending = Omit<AppliedEntry, 'changes'> & { readonly changes: string | { text(): string } };

export function appliedHead(prepare: (sql: string) => Statement): ChainHead {
  const last = prepare('SELECT pos, hash FROM sync_applied ORDER BY pos DESC LIMIT 1').get() as ChainHead | undefined;
  return last ?? { pos: 0, hash: GENESIS_HASH };
}

const COLUMNS = ['pos', 'op_id', 'kind', 'station_id', 'hlc', 'operation', 'server_seq', 'after_seq', 'changes', 'prev_hash', 'hash'] as const;
/** The statement text for n rows, built once per n. */
const texts = new Map<number, string>();
const insertText = (n: number): string => {
  let text = texts.get(n);
  if (text === undefined) texts.set(n, (text = `INSERT INTO sync_applied (${COLUMNS.join(', ')}) VALUES ${valuesList(COLUMNS.length, n)}`));
  return text;
};

/**
 * The entries of one pulled batch, chained in the order they are appended (each hash is the one
 * appendApplied would have given it) and written together before the batch commits, up to
 * MAX_ROWS_PER_INSERT rows per statement: one INSERT per op was a sixth of a first pull's SQL
 * time, most of it the statement's fixed cost (and AUTOINCREMENT's bookkeeping, paid once per
 * statement). Nothing reads sync_applied within the batch after its start (the batch keeps the
 * op ids it applied itself), and the rows are in the same transaction, so a rollback drops them
 * with the rest.
 */
export class AppliedBuffer {
  /** The batch's entries in order; an entry's changes may be known only once its held rows are written (held-inserts.ts). */
  private entries: Pending[] = [];

  constructor(readonly head: ChainHead) {}

  append(e: Pending): void {
    this.entries.push(e);
  }

  /** Chains the entries (each hash the one appendApplied would have given it) and inserts them. */
  flush(prepare: (sql: string) => Statement): void {
    const values: (string | number | null)[] = [];
    for (const p of this.entries) {
      const e: AppliedEntry = typeof p.changes === 'string' ? (p as AppliedEntry) : { ...p, changes: p.changes.text() };
      const pos = this.head.pos + 1;
      const hash = appliedHash(this.head.hash, pos, e);
      values.push(pos, e.op_id, e.kind, e.station_id, e.hlc, e.operation, e.server_seq, e.after_seq, e.changes, this.head.hash, hash);
      this.head.pos = pos;
      this.head.hash = hash;
    }
    this.entries = [];
    const step = MAX_ROWS_PER_INSERT * COLUMNS.length; // 352 values, far below SQLite's limit
    for (let i = 0; i < values.length; i += step) {
      const chunk = values.slice(i, i + step);
      prepare(insertText(chunk.length / COLUMNS.length)).run(...chunk);
    }
  }
}
