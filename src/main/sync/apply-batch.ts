import { formatHlc, MAX_DRIFT_MS, parseHlc, receive, type Hlc } from '../../shared/sync/hlc.ts';
import type { PullResponse, SyncOp } from '../../shared/sync/protocol.ts';
import { newId } from '../../shared/ids.ts';
import type { LedgerDb } from '../db/connection.ts';
import { HLC_KEY, type RowChange } from '../db/journal.ts';
import { SearchDeferral } from '../db/search-deferral.ts';
import { AppliedBuffer, appliedHead, type LaterText } from './applied-chain.ts';
import { checkOversell, raiseIssue, recomputeStock, type StockKey } from './after-merge.ts';
import { HeldInserts, type HeldOwner } from './held-inserts.ts';
import { BatchTombstones, isFastInsert, mergeChange, ParkedChange } from './merge-row.ts';
import { getNumber, getState, setState } from './state.ts';
import { isLocalRow, needsClock } from './tables.ts';

export type ApplyResult = { readonly stale: boolean; readonly applied: number; readonly skipped: number; readonly parked: number; readonly oversells: number };

type Prepare = LedgerDb['prepare'];

function lastSeq(prepare: Prepare): number {
  return (prepare('SELECT coalesce(max(seq), 0) AS s FROM journal').get() as { s: number }).s;
}

/** A status change whose starting point is no longer the order's status here is a conflict. */
function checkTransitions(prepare: Prepare, op: SyncOp, changes: readonly RowChange[], now: string, b: BatchState): void {
  for (const c of changes) {
    if (c.t !== 'order_status_change' || c.op !== 'i' || !c.v) continue;
    b.flush();
    const orderId = String(c.v.order_id);
    const from = (c.v.from_status as string | null) ?? null;
    const current = prepare('SELECT status, number FROM sales_order WHERE id = ?').get(orderId) as { status: string; number: string } | undefined;
    if (!current || from === null || current.status === from) continue;
    raiseIssue(
      prepare,
      'transition',
      orderId,
      `Order ${current.number}: ${String(c.v.event)} (${from} → ${String(c.v.to_status)}) at another station, but here it was already ${current.status}`,
      { orderId, number: current.number, localStatus: current.status, from, to: c.v.to_status, event: c.v.event, opId: op.id, station: op.station, hlc: op.hlc },
      now,
    );
  }
}

/** Ops whose changes are parsed (and their tombstones read) together: a batch's first pull reads ~31 windows. */
const PARSE_WINDOW = 64;

/** What stays the same for a whole batch, read once: no local entry is written meanwhile. */
type BatchState = {
  readonly afterSeq: number;
  hlc: Hlc | undefined;
  /** The batch's sync_applied entries, chained as they come and written before it commits. */
  readonly applied: AppliedBuffer;
  readonly inTransaction: () => boolean;
  readonly nowIso: string;
  /** Ops of this batch already in sync_applied (one read per batch), and those applied since. */
  readonly seen: Set<string>;
  /** Tombstones of the rows the batch inserts (one read per batch). */
  readonly tombstones: BatchTombstones;
  /** New rows held back and written many per statement (held-inserts.ts). */
  readonly held: HeldInserts;
  /** Writes the held rows: called before every other statement of the batch. */
  readonly flush: () => void;
  /** Changes of held rows parked when they were written. */
  parkedLater: number;
};

/** An op's row changes, or undefined when they cannot be read (the op is then parked). */
function readChanges(op: SyncOp): RowChange[] | undefined {
  try {
    const changes = JSON.parse(op.changes) as unknown;
    return Array.isArray(changes) ? (changes as RowChange[]) : undefined;
  } catch {
    return undefined;
  }
}

/** The synced clocked rows the batch's changes would insert at once: their tombstones are read together. */
function insertedRows(parsed: readonly (RowChange[] | undefined)[]): [string, string][] {
  const rows: [string, string][] = [];
  for (const changes of parsed) {
    for (const c of changes ?? []) {
      if (c === null || typeof c !== 'object' || typeof c.t !== 'string' || typeof c.id !== 'string') continue;
      if (isFastInsert(c) && !isLocalRow(c.t, c.id) && needsClock(c.t, c.id)) rows.push([c.t, c.id]);
    }
  }
  return rows;
}

/** Which of the batch's ops were applied before: one read for the batch instead of one per op. */
function appliedAlready(prepare: Prepare, ops: readonly { op: SyncOp }[]): Set<string> {
  const ids = JSON.stringify(ops.map(({ op }) => op.id));
  return new Set((prepare('SELECT op_id FROM sync_applied WHERE op_id IN (SELECT value FROM json_each(?))').all(ids) as { op_id: string }[]).map((r) => r.op_id));
}

/**
 * What one op's changes did, in its order: filled as they are applied, and a held row's place
 * when the row is written (held-inserts.ts). Its text is asked for when the batch's sync_applied
 * entries are written, after every held row. One object per op, no closures: a first pull makes
 * hundreds of thousands.
 */
class OpEffects implements HeldOwner, LaterText {
  readonly effective: (RowChange | undefined)[] = [];
  /** Whether every change took effect as it came (merge-row.ts hands back the change itself): the op's own text then says what took effect. */
  whole = true;
  /** Its rows held and not written yet (held-inserts.ts); may dip below zero while a row is settled as it is held. */
  pending = 0;

  constructor(
    private readonly prepare: Prepare,
    private readonly op: SyncOp,
    private readonly touched: Map<string, StockKey>,
    private readonly b: BatchState,
  ) {}

  tookEffect(slot: number, c: RowChange, done: RowChange | undefined): void {
    this.effective[slot] = done;
    if (done !== c) this.whole = false;
    if (c.t === 'stock_movement' && done && c.v) {
      const key = { productId: String(c.v.product_id), warehouseId: String(c.v.warehouse_id) };
      this.touched.set(`${key.productId}|${key.warehouseId}`, key);
    }
  }

  /** A change that could not be applied: recorded for a person, never dropped silently. */
  park(c: RowChange, e: unknown): void {
    // A refused statement is undone alone (merge-row.ts writes it first). An error that ended
    // the whole transaction (a full disk) must end the batch, never continue outside it.
    if (!this.b.inTransaction()) throw e;
    const { op } = this;
    const reason = e instanceof ParkedChange ? e.message : e instanceof Error ? e.message : String(e);
    raiseIssue(this.prepare, 'parked', `${c.t}|${c.id}`, `A change from station ${op.station} (${op.operation}) could not be applied: ${reason}`, { opId: op.id, change: c, reason }, this.b.nowIso);
    this.whole = false;
  }

  /** A held row was written (or went its own way): held-inserts.ts. */
  settled(slot: number, c: RowChange, done: RowChange | undefined, error: unknown, failed: boolean): void {
    this.pending--;
    if (!failed) return this.tookEffect(slot, c, done);
    this.park(c, error);
    this.b.parkedLater++;
  }

  /** Asked once the op's changes have all been applied (its entry is appended after them). */
  ready(): boolean {
    return this.pending === 0;
  }

  text(): string {
    return this.whole ? this.op.changes : JSON.stringify(this.effective.filter((e) => e !== undefined));
  }
}

function applyOne(prepare: Prepare, stationId: string, serverSeq: number, op: SyncOp, parsed: RowChange[] | undefined, touched: Map<string, StockKey>, now: Date, b: BatchState): 'applied' | 'skipped' | number {
  if (op.station === stationId && prepare('SELECT 1 AS x FROM journal WHERE id = ?').get(op.id)) return 'skipped';
  if (b.seen.has(op.id)) return 'skipped';
  const nowIso = b.nowIso;
  const remote = parseHlc(op.hlc);
  if (remote.ms > now.getTime() + MAX_DRIFT_MS) {
    b.flush();
    raiseIssue(prepare, 'clock', op.station, `The clock of station ${op.station} is ahead of this one by ${Math.round((remote.ms - now.getTime()) / 60000)} minutes`, { station: op.station, hlc: op.hlc }, nowIso);
  }
  b.hlc = receive(b.hlc, remote, now.getTime(), stationId);

  const changes = parsed;
  if (changes === undefined) {
    b.flush();
    raiseIssue(prepare, 'parked', op.id, `An op from station ${op.station} could not be read`, { op }, nowIso);
    b.applied.append({ op_id: op.id, kind: 'remote', station_id: op.station, hlc: op.hlc, operation: op.operation, server_seq: serverSeq, after_seq: b.afterSeq, changes: '[]' });
    b.seen.add(op.id);
    return 1;
  }
  checkTransitions(prepare, op, changes, nowIso, b);
  const effects = new OpEffects(prepare, op, touched, b);
  const { effective } = effects;
  let parked = 0;
  for (const c of changes) {
    if (c.t === 'number_series' && op.station === stationId && c.op !== 'd') {
      b.flush();
      // Our own op coming back after a restore from an old copy: never hand out its numbers again.
      const row = prepare('SELECT next_value FROM number_series WHERE id = ?').get(c.id) as { next_value: number } | undefined;
      const wanted = Number(c.v?.next_value ?? 0);
      if (row && wanted > row.next_value) {
        prepare('UPDATE number_series SET next_value = ? WHERE id = ?').run(wanted, c.id);
        effective.push({ t: 'number_series', op: 'u', id: c.id, v: { next_value: wanted } });
      }
      effects.whole = false;
      continue;
    }
    if (isLocalRow(c.t, c.id)) {
      effects.whole = false;
      continue;
    }
    const slot = effective.length;
    effective.push(undefined);
    try {
      if (HeldInserts.holds(c)) {
        b.held.hold(c, op.hlc, effects, slot);
        effects.pending++;
        continue;
      }
      b.flush();
      effects.tookEffect(slot, c, mergeChange(prepare, c, op.hlc, b.tombstones));
    } catch (e) {
      // Held rows came first: theirs are written (and their issues raised) before this one's.
      if (b.inTransaction()) b.flush();
      effects.park(c, e);
      parked++;
    }
  }
  // Its changes text is asked for when the batch's entries are written, after its held rows.
  b.applied.append({ op_id: op.id, kind: 'remote', station_id: op.station, hlc: op.hlc, operation: op.operation, server_seq: serverSeq, after_seq: b.afterSeq, changes: effects });
  b.seen.add(op.id);
  return parked > 0 ? parked : 'applied';
}

/**
 * Applies one pulled batch in one transaction together with the new cursor, so a crash keeps
 * either the whole batch and its cursor or neither. A batch that does not start at our cursor
 * (a late or repeated answer) is refused as stale and changes nothing.
 */
export async function applyPulled(ledger: LedgerDb, stationId: string, batch: Pick<PullResponse, 'after' | 'next' | 'ops'>, now: () => Date): Promise<ApplyResult> {
  const { prepare } = ledger;
  return ledger.db.connection().execute(async () => {
    if (batch.ops.length === 0 && batch.next === batch.after) {
      return { stale: getNumber(prepare, 'cursor') !== batch.after, applied: 0, skipped: 0, parked: 0, oversells: 0 };
    }
    // Multi-row statements inside the batch keep statement journals bigger than SQLite keeps in
    // memory by default (64 KB), and the default temp_store spills them to a temporary file:
    // about 9,000 more writes per 20,000 ops. In memory, as an import does (exchange/import.ts);
    // set before BEGIN, where SQLite reads it; the ledger keeps no TEMP tables for it to drop.
    const tempStore = ledger.raw.pragma('temp_store', { simple: true }) as number;
    ledger.raw.pragma('temp_store = MEMORY');
    let r: ApplyResult;
    try {
      r = applyInTransaction(ledger, stationId, batch, now);
    } finally {
      ledger.raw.pragma(`temp_store = ${tempStore}`);
    }
    // The app's ledger copies its WAL into the file on a worker thread (db/checkpointer.ts), not in
    // the commit of whichever batch crosses SQLite's bound; a batch counts as one commit per op.
    if (!r.stale) {
      try {
        ledger.checkpointer?.committed(batch.ops.length);
      } catch {
        // The batch has committed; without the worker, SQLite checkpoints on this connection as before.
      }
    }
    return r;
  });
}

function applyInTransaction(ledger: LedgerDb, stationId: string, batch: Pick<PullResponse, 'after' | 'next' | 'ops'>, now: () => Date): ApplyResult {
  const { prepare } = ledger;
  prepare('BEGIN IMMEDIATE').run();
  try {
    if (getNumber(prepare, 'cursor') !== batch.after) {
      prepare('ROLLBACK').run();
      return { stale: true, applied: 0, skipped: 0, parked: 0, oversells: 0 };
    }
    prepare('PRAGMA defer_foreign_keys = ON').run();
    // New rows' search documents are written together before the commit, not one FTS5 segment
    // per row (db/search-deferral.ts); the batch's merges never search.
    const search = new SearchDeferral(prepare);
    search.begin();
    const at = now();
    const touched = new Map<string, StockKey>();
    const stored = getState(prepare, HLC_KEY);
    const tombstones = new BatchTombstones(prepare);
    const inTransaction = () => ledger.raw.inTransaction;
    const held = new HeldInserts(prepare, tombstones, inTransaction);
    const b: BatchState = {
      afterSeq: lastSeq(prepare),
      hlc: stored ? parseHlc(stored) : undefined,
      applied: new AppliedBuffer(appliedHead(prepare)),
      inTransaction,
      nowIso: at.toISOString(),
      seen: appliedAlready(prepare, batch.ops),
      tombstones,
      held,
      flush: () => held.flush(),
      parkedLater: 0,
    };
    let applied = 0;
    let skipped = 0;
    let parked = 0;
    // The ops' changes are parsed a window at a time, and their tombstones read together, so each
    // window's objects are garbage soon after it is applied (applied-chain.ts writes its entries).
    let parsed: (RowChange[] | undefined)[] = [];
    const { ops } = batch;
    for (let i = 0; i < ops.length; i++) {
      const w = i % PARSE_WINDOW;
      if (w === 0) {
        parsed = ops.slice(i, i + PARSE_WINDOW).map(({ op }) => readChanges(op));
        tombstones.ask(insertedRows(parsed));
      }
      const { serverSeq, op } = ops[i]!;
      const r = applyOne(prepare, stationId, serverSeq, op, parsed[w], touched, at, b);
      if (r === 'skipped') skipped++;
      else {
        applied++;
        if (typeof r === 'number') parked += r;
      }
      b.applied.writeSettled(prepare);
    }
    b.flush();
    parked += b.parkedLater;
    const { changes: derived, levels } = recomputeStock(prepare, touched.values());
    if (derived.length > 0) {
      const hlc = formatHlc(b.hlc ?? { ms: at.getTime(), counter: 0, station: stationId });
      b.applied.append({ op_id: newId(), kind: 'derived', station_id: stationId, hlc, operation: 'sync.recomputeStock', server_seq: null, after_seq: b.afterSeq, changes: JSON.stringify(derived) });
    }
    b.applied.flush(prepare);
    const oversells = checkOversell(prepare, touched.values(), at.toISOString(), levels);
    search.end();
    if (b.hlc) setState(prepare, HLC_KEY, formatHlc(b.hlc));
    setState(prepare, 'cursor', Math.max(batch.next, batch.after));
    prepare('COMMIT').run();
    return { stale: false, applied, skipped, parked, oversells };
  } catch (e) {
    if (ledger.raw.inTransaction) prepare('ROLLBACK').run();
    throw e;
  }
}
