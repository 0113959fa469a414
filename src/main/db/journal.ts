import * as crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { formatHlc, parseHlc, tick } from '../../shared/sync/hlc.ts';
import { journalHashInput } from '../../shared/sync/protocol.ts';
import { needsClock } from '../sync/tables.ts';
import { MAX_ROWS_PER_INSERT, rowChunks, valuesList } from './multi-row.ts';
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

// crypto.hash (Node 20.12+) skips the Hash object an import made for each of its entries; the
// engines field allows older Node 20, which keeps createHash. Both hash the UTF-8 bytes.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** The chain hashes every stored field, so editing any of them, or removing an entry, breaks it. */
export function entryHash(prevHash: string, e: { seq: number; id: string; at: string; station_id: string; actor: string; operation: string; changes: string; hlc?: string | null }): string {
  const input = journalHashInput(prevHash, e);
  return oneShotHash ? oneShotHash('sha256', input, 'hex') : crypto.createHash('sha256').update(input).digest('hex');
}

export const HLC_KEY = 'hlc';

/** Moves the station's hybrid logical clock on for a new local event (inside the write transaction). */
export function nextLocalHlc(prepare: (sql: string) => Statement, at: string, stationId: string, known?: string): string {
  const next = tickLocalHlc(prepare, at, stationId, known);
  storeLocalHlc(prepare, next);
  return next;
}

function tickLocalHlc(prepare: (sql: string) => Statement, at: string, stationId: string, known?: string): string {
  const current = known ?? (prepare('SELECT value FROM sync_state WHERE key = ?').get(HLC_KEY) as { value: string } | undefined)?.value;
  const physical = Date.parse(at);
  return formatHlc(tick(current !== undefined ? parseHlc(current) : undefined, Number.isFinite(physical) ? physical : Date.now(), stationId));
}

function storeLocalHlc(prepare: (sql: string) => Statement, hlc: string): void {
  prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(HLC_KEY, hlc);
}

const JOURNAL_COLUMNS = 'seq, id, at, station_id, actor, operation, changes, prev_hash, hash, hlc';
type JournalValues = [number, string, string, string, string, string, string, string, string, string];

/**
 * Journal rows a batch has chained but not yet inserted, and the station clock after them. A
 * batch without savepoints (an import's clean run) never undoes a single entry, and nothing it
 * calls reads the journal or the clock back, so its entries go in as multi-row INSERTs and the
 * clock is stored once per flush instead of once per entry. The batch flushes before it commits
 * (or rolls back a dry run), so the same rows and clock stand at the end.
 */
export class JournalBuffer {
  private rows: JournalValues[] = [];
  private hlc: string | undefined;

  add(values: JournalValues, prepare: (sql: string) => Statement): void {
    this.rows.push(values);
    this.hlc = values[9];
    if (this.rows.length >= MAX_ROWS_PER_INSERT) this.flush(prepare);
  }

  flush(prepare: (sql: string) => Statement): void {
    for (const chunk of rowChunks(this.rows, 10)) {
      const params: unknown[] = [];
      for (const row of chunk) for (const v of row) params.push(v);
      prepare(`INSERT INTO journal (${JOURNAL_COLUMNS}) VALUES ${valuesList(10, chunk.length)}`).run(params);
    }
    this.rows = [];
    if (this.hlc !== undefined) storeLocalHlc(prepare, this.hlc);
    this.hlc = undefined;
  }
}

/** Local writes are the newest this station has seen, so their clocks simply replace older ones. */
function recordClocks(prepare: (sql: string) => Statement, changes: readonly RowChange[], hlc: string): void {
  const put = prepare('INSERT OR REPLACE INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?)');
  for (const c of changes) {
    if (!needsClock(c.t, c.id)) continue;
    if (c.op === 'u') for (const col of Object.keys(c.v ?? {})) put.run(c.t, c.id, col, hlc);
    else put.run(c.t, c.id, c.op === 'i' ? '*' : '~', hlc);
  }
}

/** The newest entry of the chain and the station clock after it, as written in this transaction. */
export type ChainHead = { readonly seq: number; readonly hash: string; readonly hlc: string };

/**
 * Where a batch keeps the chain head between its entries: it holds the write lock throughout, so
 * no one else appends, and reading the head back from the tables for every entry is wasted.
 * Whoever undoes written entries (a savepoint rolled back) must empty it.
 */
export type ChainHeadCache = { head?: ChainHead | undefined; readonly buffer?: JournalBuffer };

/**
 * Must run inside the operation's write transaction, so the entry commits with the rows. Every
 * write operation passes here, so it uses prepared statements directly rather than Kysely.
 */
export function appendJournal(prepare: (sql: string) => Statement, entry: JournalEntryInput, cache?: ChainHeadCache): number {
  const buffer = cache?.buffer;
  // Without a head in hand it is read back from the tables, so buffered rows must be there first.
  if (buffer && cache?.head === undefined) buffer.flush(prepare);
  // The chain head and the station clock in one statement: every write operation passes here.
  const last =
    cache?.head ??
    (prepare('SELECT seq, hash, (SELECT value FROM sync_state WHERE key = ?) AS hlc FROM journal ORDER BY seq DESC LIMIT 1').get(HLC_KEY) as
      | { seq: number; hash: string; hlc: string | null }
      | undefined);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const known = last?.hlc ?? undefined;
  const hlc = buffer ? tickLocalHlc(prepare, entry.at, entry.stationId, known) : nextLocalHlc(prepare, entry.at, entry.stationId, known);
  const row = {
    seq,
    id: entry.id,
    at: entry.at,
    station_id: entry.stationId,
    actor: entry.actor,
    operation: entry.operation,
    changes: JSON.stringify(entry.changes),
    hlc,
  };
  const hash = entryHash(prevHash, row);
  const values: JournalValues = [row.seq, row.id, row.at, row.station_id, row.actor, row.operation, row.changes, prevHash, hash, hlc];
  if (buffer) buffer.add(values, prepare);
  else prepare(`INSERT INTO journal (${JOURNAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...values);
  recordClocks(prepare, entry.changes, hlc);
  if (cache) cache.head = { seq, hash, hlc };
  return seq;
}
