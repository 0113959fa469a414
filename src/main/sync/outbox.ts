import type { SyncOp } from '../../shared/sync/protocol.ts';
import { formatHlc } from '../../shared/sync/hlc.ts';
import type { LedgerDb } from '../db/connection.ts';
import { LATEST_LEDGER_VERSION } from '../db/migrator.ts';
import { getNumber } from './state.ts';

type JournalRow = { seq: number; id: string; at: string; station_id: string; actor: string; operation: string; changes: string; prev_hash: string; hash: string; hlc: string | null };

/** A journal entry as shipped; its hash stays verifiable because the changes text is sent as stored. */
export function toSyncOp(e: JournalRow): SyncOp {
  const legacy = e.hlc === null;
  return {
    id: e.id,
    seq: e.seq,
    station: e.station_id,
    hlc: e.hlc ?? formatHlc({ ms: Math.max(0, Date.parse(e.at) || 0), counter: 0, station: e.station_id }),
    at: e.at,
    actor: e.actor,
    operation: e.operation,
    changes: e.changes,
    prevHash: e.prev_hash,
    hash: e.hash,
    schema: LATEST_LEDGER_VERSION,
    ...(legacy ? { legacy: true } : {}),
  };
}

/** Local entries the server has not acknowledged yet, oldest first. */
export function pendingOps(ledger: LedgerDb, limit: number): SyncOp[] {
  const pushed = getNumber(ledger.prepare, 'pushed_seq');
  const rows = ledger.prepare('SELECT seq, id, at, station_id, actor, operation, changes, prev_hash, hash, hlc FROM journal WHERE seq > ? ORDER BY seq LIMIT ?').all(pushed, limit) as JournalRow[];
  return rows.map(toSyncOp);
}

export function waitingCount(ledger: LedgerDb): number {
  const pushed = getNumber(ledger.prepare, 'pushed_seq');
  return (ledger.prepare('SELECT count(*) AS n FROM journal WHERE seq > ?').get(pushed) as { n: number }).n;
}
