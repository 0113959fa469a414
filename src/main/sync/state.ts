import type { Statement } from 'better-sqlite3-multiple-ciphers';

// Station sync memory in sync_state (one row per key). Read and written with the ledger's own
// prepared statements, inside the transaction of whatever it belongs to.

export type SyncKey = 'hlc' | 'cursor' | 'pushed_seq' | 'server_url' | 'device_id' | 'device_token' | 'last_sync_at' | 'last_attempt_at' | 'last_error' | 'online' | 'round_started_at' | 'restored_at';

type Prepare = (sql: string) => Statement;

export function getState(prepare: Prepare, key: SyncKey): string | undefined {
  return (prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function getNumber(prepare: Prepare, key: SyncKey): number {
  return Number(getState(prepare, key) ?? 0);
}

export function setState(prepare: Prepare, key: SyncKey, value: string | number): void {
  prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
}

export function clearState(prepare: Prepare, key: SyncKey): void {
  prepare('DELETE FROM sync_state WHERE key = ?').run(key);
}

/**
 * Marks a ledger just restored from a backup, if it is enrolled: it numbers nothing until a pull
 * has caught up (services/restored-station.ts).
 */
export function markRestored(prepare: Prepare, at: string): boolean {
  if (getState(prepare, 'device_id') === undefined) return false;
  setState(prepare, 'restored_at', at);
  return true;
}
