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

/**
 * appliedHash of an entry being written with these changes: the same text (its fields are never
 * null), without an entry object and an array made for each op.
 */
function hashWith(prevHash: string, pos: number, e: Omit<AppliedEntry, 'changes'>, changes: string): string {
  return sha256(`${prevHash}\n${pos}\n${e.op_id}\n${e.kind}\n${e.station_id}\n${e.hlc}\n${e.operation}\n${e.server_seq ?? ''}\n${e.after_seq}\n${changes}`);
}

// The one-shot hash (Node 20.12 and later) costs about 1.6 µs for an op's entry against 2.6 µs
// for a Hash object; the same digest.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256 = (text: string): string => (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex'));

export type ChainHead = { pos: number; hash: string };

/** An entry's changes text known only once its held rows are written (held-inserts.ts): asked for when it is written. */
export interface LaterText {
  text(): string;
  /** Whether text() can be asked now: every row of the op is written (or went its own way). */
  ready(): boolean;
}

/** An entry whose changes text may be known only later. */
export type Pending = Omit<AppliedEntry, 'changes'> & { readonly changes: string | LaterText };

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
 * appendApplied would have given it) and written MAX_ROWS_PER_INSERT rows per statement: one
 * INSERT per op was a sixth of a first pull's SQL time, most of it the statement's fixed cost
 * (and AUTOINCREMENT's bookkeeping, paid once per statement). Entries are written as soon as a
 * full statement's worth at the front is settled (writeSettled), not all at the end of the batch:
 * kept to the end, every op's parsed changes lived as long as the batch and the collector copied
 * them from generation to generation (about a tenth of a first pull's main-thread CPU was the
 * collector's). Nothing reads sync_applied within the batch after its start (the batch keeps the
 * op ids it applied itself), no trigger of a held table reads it, and the rows are in the same
 * transaction, so a rollback drops them with the rest; the order, and so the chain, is the same.
 */
export class AppliedBuffer {
  /** The batch's entries not written yet, in order. */
  private entries: Pending[] = [];

  constructor(readonly head: ChainHead) {}

  append(e: Pending): void {
    this.entries.push(e);
  }

  /** Writes the full statements' worth of entries at the front whose changes are known. */
  writeSettled(prepare: (sql: string) => Statement): void {
    if (this.entries.length < MAX_ROWS_PER_INSERT) return;
    let ready = 0;
    for (const e of this.entries) {
      if (typeof e.changes !== 'string' && !e.changes.ready()) break;
      ready++;
    }
    const n = ready - (ready % MAX_ROWS_PER_INSERT);
    if (n > 0) this.write(prepare, n);
  }

  /** Chains the rest of the entries and inserts them: before the batch commits. */
  flush(prepare: (sql: string) => Statement): void {
    this.write(prepare, this.entries.length);
  }

  /** Chains the first n entries (each hash the one appendApplied would have given it) and inserts them. */
  private write(prepare: (sql: string) => Statement, n: number): void {
    const step = MAX_ROWS_PER_INSERT * COLUMNS.length; // 352 values, far below SQLite's limit
    let values: (string | number | null)[] = [];
    for (let i = 0; i < n; i++) {
      const p = this.entries[i]!;
      const changes = typeof p.changes === 'string' ? p.changes : p.changes.text();
      const pos = this.head.pos + 1;
      const hash = hashWith(this.head.hash, pos, p, changes);
      values.push(pos, p.op_id, p.kind, p.station_id, p.hlc, p.operation, p.server_seq, p.after_seq, changes, this.head.hash, hash);
      this.head.pos = pos;
      this.head.hash = hash;
      if (values.length === step) {
        prepare(insertText(MAX_ROWS_PER_INSERT)).run(...values);
        values = [];
      }
    }
    if (values.length > 0) prepare(insertText(values.length / COLUMNS.length)).run(...values);
    this.entries = n === this.entries.length ? [] : this.entries.slice(n);
  }
}
