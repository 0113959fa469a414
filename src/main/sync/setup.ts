import type { LedgerDb } from '../db/connection.ts';
import { SyncClient, type SyncClientOptions } from './client.ts';
import { enrollDevice, httpTransport } from './http-transport.ts';
import { getState, setState } from './state.ts';

/** This station's id, as written when the ledger was created. */
export function stationIdOf(ledger: LedgerDb): string {
  const row = ledger.prepare("SELECT value FROM setting WHERE id = 'station'").get() as { value: string } | undefined;
  if (!row) throw new Error('The ledger has not been initialised');
  return (JSON.parse(row.value) as { id: string }).id;
}

/** Enrolls this station with a one-time code and keeps the server address and credential. */
export async function connectStation(ledger: LedgerDb, serverUrl: string, code: string, name: string): Promise<{ deviceId: string }> {
  const url = serverUrl.replace(/\/+$/, '');
  if (!/^https:\/\//.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(url)) {
    throw new Error('The sync server must be reached over https (plain http only on this computer)');
  }
  const { deviceId, token } = await enrollDevice(url, { code, name, station: stationIdOf(ledger) });
  await ledger.db.connection().execute(async () => {
    setState(ledger.prepare, 'server_url', url);
    setState(ledger.prepare, 'device_id', deviceId);
    setState(ledger.prepare, 'device_token', token);
  });
  return { deviceId };
}

/** The sync client of an enrolled station, or undefined when the station is not connected. */
export function syncClientFor(ledger: LedgerDb, options: Omit<SyncClientOptions, 'ledger' | 'stationId' | 'transport'> & { serverUrl?: () => string } = {}): SyncClient | undefined {
  const url = getState(ledger.prepare, 'server_url');
  const token = getState(ledger.prepare, 'device_token');
  if (!url || !token) return undefined;
  return new SyncClient({ ...options, ledger, stationId: stationIdOf(ledger), transport: httpTransport(options.serverUrl ?? (() => url), token) });
}
