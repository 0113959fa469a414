import type { Statement } from 'better-sqlite3-multiple-ciphers';

// Station sync memory in sync_state (one row per key). Read and written with the ledger's own
// prepared statements, inside the transaction of whatever it belongs to.

export type SyncKey = 'hlc' | 'cursor' | 'pushed_seq' | 'server_url' | 'device_id' | 'device_token' | 'last_sync_at' | 'last_attempt_at' | 'last_error' | 'online' | 'round_started_at';

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
