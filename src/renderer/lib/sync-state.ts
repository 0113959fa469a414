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

export type OversellDetails = { readonly sku: string; readonly warehouse: string; readonly onHand: number; readonly reserved: number; readonly available: number; readonly orders: readonly string[] };

/** An oversell alert's details, when they have the shape the merge writes; null otherwise (shown as the ledger's text). */
export function oversellDetails(details: unknown): OversellDetails | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as Record<string, unknown>;
  const nums = ['onHand', 'reserved', 'available'].every((k) => typeof d[k] === 'number');
  if (typeof d.sku !== 'string' || typeof d.warehouse !== 'string' || !nums || !Array.isArray(d.orders)) return null;
  return { sku: d.sku, warehouse: d.warehouse, onHand: d.onHand as number, reserved: d.reserved as number, available: d.available as number, orders: d.orders.map(String) };
}
