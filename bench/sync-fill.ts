import { createHash } from 'node:crypto';
import { newId } from '../src/shared/ids.ts';
import { formatHlc } from '../src/shared/sync/hlc.ts';
import { journalHashInput, type SyncOp } from '../src/shared/sync/protocol.ts';
import { enroll, createEnrollment } from '../src/server/devices.ts';
import { push } from '../src/server/ops.ts';
import type { Storage } from '../src/server/storage.ts';

// Fills the sync server with N ops quickly for the first-pull benchmark. Writing a million ops
// through a station's dispatcher takes longer than pulling them, so a generator station clones
// real journal entries (one products.create and one stock.receive, taken from a real station)
// with fresh ids, chains and hashes them like a journal, and hands them to the server's own
// push path in big batches: the server checks every op's hash and stores it as any push.

type Template = { readonly operation: string; readonly changes: string; readonly schema: number };

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Every id that names a row of the template (c.id), so each clone gets its own rows. */
function rowIds(templates: readonly Template[]): string[] {
  const ids = new Set<string>();
  for (const t of templates) for (const c of JSON.parse(t.changes) as { id: string }[]) ids.add(c.id);
  return [...ids];
}

export async function fillServer(
  storage: Storage,
  templates: readonly Template[],
  sku: string,
  opsWanted: number,
  batchOps = 5_000,
  freshIds = true,
): Promise<{ ops: number; station: string }> {
  const { code } = await createEnrollment(storage, 'station');
  const station = newId();
  const { deviceId } = await enroll(storage, { code, name: 'bench generator', station });
  const device = await storage.db.selectFrom('device').select(['id', 'name', 'station_id', 'role', 'token_hash']).where('id', '=', deviceId).executeTakeFirstOrThrow();
  const ids = freshIds ? rowIds(templates) : [];
  let prevHash = '0'.repeat(64);
  let seq = 0;
  // Clocks in the recent past, one millisecond apart: never ahead of the puller's clock.
  const t0 = Date.now() - opsWanted - 1_000;
  let batch: SyncOp[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await push(storage, device, { batchId: crypto.randomUUID(), sentAt: new Date().toISOString(), station, ops: batch });
    batch = [];
  };
  for (let n = 0; seq < opsWanted; n++) {
    // One clone of the whole template: fresh row ids and a fresh SKU, the same shape of rows.
    const fresh = new Map(ids.map((id) => [id, newId()]));
    for (const t of templates) {
      if (seq >= opsWanted) break;
      let changes = t.changes.replaceAll(sku, `${sku}-${n}`);
      for (const [from, to] of fresh) changes = changes.replaceAll(from, to);
      seq++;
      const at = new Date(t0 + seq).toISOString();
      const e = { seq, id: newId(), at, station_id: station, actor: 'bench', operation: t.operation, changes, hlc: formatHlc({ ms: t0 + seq, counter: 0, station }) };
      const hash = sha256(journalHashInput(prevHash, e));
      batch.push({ id: e.id, seq, station, hlc: e.hlc, at, actor: e.actor, operation: e.operation, changes, prevHash, hash, schema: t.schema });
      prevHash = hash;
      if (batch.length >= batchOps) await flush();
    }
  }
  await flush();
  return { ops: seq, station };
}
