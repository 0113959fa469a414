import type { SyncStatus } from '../../shared/contract/sync.ts';

export type SyncLight = 'off' | 'syncing' | 'up_to_date' | 'offline' | 'error';

/**
 * The one word the app shell shows for sync. Offline wins over an error (an unreachable server
 * is the normal state of a station on the road); a server that answered with a failure is an
 * error a person should look at.
 */
export function syncLight(s: Pick<SyncStatus, 'configured' | 'online' | 'lastError' | 'syncing' | 'lastAttemptAt'>): SyncLight {
  if (!s.configured) return 'off';
  if (s.syncing || s.lastAttemptAt === null) return 'syncing';
  if (!s.online) return 'offline';
  if (s.lastError !== null) return 'error';
  return 'up_to_date';
}
