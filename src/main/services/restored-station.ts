import { conflict } from '../../shared/errors.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { ReadDb } from './context.ts';

// A station brought back from a backup may have handed out numbers after that backup was taken,
// in work the server still holds. Until its first complete pull brings that work back (which
// moves its series past those numbers, sync/apply-batch.ts), a new number could be one a customer
// already has: `shopledger restore` marks an enrolled station (`restored_at` in sync_state) and
// the sync client clears the mark once a pull has caught up.

const restoredAt = preparedQuery((db) => db.selectFrom('sync_state').select('value').where('key', '=', 'restored_at'));

/** When the station was restored and has not caught up with the server since; null otherwise. */
export async function restoredAwaitingPull(db: ReadDb): Promise<string | null> {
  return (await restoredAt(db, {}))[0]?.value ?? null;
}

/** Refuses to number anything while a restored station has not caught up with the server. */
export async function assertMayNumber(db: ReadDb, series: string): Promise<void> {
  const at = await restoredAwaitingPull(db);
  if (at === null) return;
  throw conflict(
    `This station was restored from a backup (${at}) and has not synced since: it must sync with the server once before it hands out new ${series.replaceAll('_', ' ')} numbers, so that numbers it gave out after that backup are not given out again.`,
    { reason: 'restored_awaiting_pull', restoredAt: at, series },
    'station',
  );
}
