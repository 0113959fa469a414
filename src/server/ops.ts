import { createHash } from 'node:crypto';
import { journalHashInput, type PushRequest, type PushResponse, type SyncOp } from '../shared/sync/protocol.ts';
import type { Device } from './devices.ts';
import type { OpsSignal } from './live.ts';
import type { Storage } from './storage.ts';

// Push and pull: the server keeps every op once, under its own gapless-in-commit-order sequence.

export class RefusedBatch extends Error {
  constructor(
    readonly status: 400 | 403 | 409,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A push older or newer than this is refused: with the batch id it bounds replays. */
export const PUSH_WINDOW_MS = 10 * 60_000;
const MAX_PULL_BYTES = 4 * 1024 * 1024;

function checkOp(device: Device, op: SyncOp): void {
  if (op.station !== device.station_id) throw new RefusedBatch(403, 'foreign_station', `op ${op.id} claims station ${op.station}; this device syncs ${device.station_id}`);
  const text = journalHashInput(op.prevHash, { ...op, station_id: op.station, hlc: op.legacy ? null : op.hlc });
  if (createHash('sha256').update(text).digest('hex') !== op.hash) throw new RefusedBatch(400, 'tampered', `op ${op.id} does not match its hash`);
}

/** Checks everything first, then writes the batch, its id and the device's progress in one transaction. */
export async function push(storage: Storage, device: Device, req: PushRequest, now = new Date()): Promise<PushResponse> {
  if (req.station !== device.station_id) throw new RefusedBatch(403, 'foreign_station', `this device syncs station ${device.station_id}`);
  if (Math.abs(Date.parse(req.sentAt) - now.getTime()) > PUSH_WINDOW_MS) throw new RefusedBatch(400, 'stale', 'The batch was sent too long ago (or the station clock is wrong)');
  for (const op of req.ops) checkOp(device, op);
  const at = now.toISOString();
  return storage.pushTransaction(async (trx) => {
    const seen = await trx.selectFrom('push_batch').select('batch_id').where('batch_id', '=', req.batchId).executeTakeFirst();
    if (seen) throw new RefusedBatch(409, 'replayed', `batch ${req.batchId} was already received`);
    await trx.insertInto('push_batch').values({ batch_id: req.batchId, device_id: device.id, received_at: at }).execute();
    const ids = req.ops.map((o) => o.id);
    const known = new Set(ids.length === 0 ? [] : (await trx.selectFrom('op').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
    const fresh: SyncOp[] = [];
    for (const o of req.ops) {
      if (known.has(o.id)) continue;
      known.add(o.id);
      fresh.push(o);
    }
    for (let i = 0; i < fresh.length; i += 100) {
      await trx
        .insertInto('op')
        .values(fresh.slice(i, i + 100).map((o) => ({ id: o.id, station_id: o.station, station_seq: o.seq, hlc: o.hlc, body: JSON.stringify(o), device_id: device.id, received_at: at })))
        .execute();
    }
    const top = Math.max(0, ...req.ops.map((o) => o.seq));
    const row = await trx.selectFrom('device').select('acked_seq').where('id', '=', device.id).executeTakeFirstOrThrow();
    const ackedSeq = Math.max(Number(row.acked_seq), top);
    await trx.updateTable('device').set({ acked_seq: ackedSeq, last_seen_at: at }).where('id', '=', device.id).execute();
    return { accepted: fresh.length, duplicates: req.ops.length - fresh.length, ackedSeq, serverTime: at };
  });
}

/** A device's last_seen_at is rewritten at most this often by pulls: a pull stays a read. */
const SEEN_EVERY_MS = 60_000;

type Page = { readonly rows: { server_seq: number; body: string }[]; readonly more: boolean };

async function page(storage: Storage, after: number, limit: number): Promise<Page> {
  // The primary key walks the range (the rowid on SQLite, the serial's index on PostgreSQL).
  const rows = await storage.db.selectFrom('op').select(['server_seq', 'body']).where('server_seq', '>', after).orderBy('server_seq').limit(limit + 1).execute();
  const kept: Page['rows'] = [];
  let bytes = 0;
  for (const r of rows.slice(0, limit)) {
    if (kept.length > 0 && bytes + r.body.length > MAX_PULL_BYTES) break;
    bytes += r.body.length;
    kept.push(r);
  }
  return { rows: kept, more: rows.length > kept.length };
}

export type LiveWait = { readonly ms: number; readonly signal: OpsSignal; readonly abandoned: AbortSignal };

/**
 * Ops after `after`, as the JSON text of a PullResponse. Stored bodies are the server's own
 * JSON of checked ops, so they are spliced in as they are instead of parsed and written again.
 * With `wait`, an empty answer is held back until ops arrive or the wait is over (a live pull).
 */
export async function pull(storage: Storage, device: Device, after: number, limit: number, now: () => Date = () => new Date(), wait?: LiveWait): Promise<string> {
  let p = await page(storage, after, limit);
  if (wait && wait.ms > 0) {
    const until = Date.now() + wait.ms;
    while (p.rows.length === 0 && Date.now() < until && !wait.signal.isClosed && !wait.abandoned.aborted) {
      await wait.signal.wake(device.id, wait.abandoned);
      p = await page(storage, after, limit);
    }
  }
  const at = now();
  const seen = device.last_seen_at ? Date.parse(device.last_seen_at) : NaN;
  if (!(at.getTime() - seen < SEEN_EVERY_MS)) await storage.db.updateTable('device').set({ last_seen_at: at.toISOString() }).where('id', '=', device.id).execute();
  const next = p.rows.length > 0 ? Number(p.rows[p.rows.length - 1]!.server_seq) : after;
  const ops = p.rows.map((r) => `{"serverSeq":${Number(r.server_seq)},"op":${r.body}}`).join(',');
  return `{"after":${after},"ops":[${ops}],"next":${next},"more":${p.more},"serverTime":${JSON.stringify(at.toISOString())}}`;
}
