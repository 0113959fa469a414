import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { App } from './app.ts';
import type { Storage } from '../server/storage.ts';
import { LOCAL_OWNER } from '../shared/permissions.ts';
import { connectStation, syncClientFor } from './sync/setup.ts';

// CLI commands of sync: the central server (`server`, devices) and a station's side
// (`sync-connect`, `sync-now`, `sync-status`). Registered from cli.ts.

const DEFAULT_DATABASE = 'shopledger-server.sqlite';

type WithApp = <T>(cmd: Command, fn: (app: App) => Promise<T>) => Promise<T>;

async function withStorage<T>(database: string, fn: (storage: Storage) => Promise<T>): Promise<T> {
  const { openStorage } = await import('../server/storage.ts');
  const storage = await openStorage(database);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

export function addSyncCommands(program: Command, withApp: WithApp): void {
  program
    .command('server')
    .description('run the central sync server (SQLite file by default; --database postgres://... for PostgreSQL)')
    .option('--database <file-or-url>', 'SQLite file or PostgreSQL URL', process.env.SHOPLEDGER_SERVER_DATABASE ?? DEFAULT_DATABASE)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port', (v) => Number(v), 8787)
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS (else run behind a TLS reverse proxy or on loopback)')
    .option('--tls-key <file>', 'PEM private key of the certificate')
    .action(async (opts: { database: string; host: string; port: number; tlsCert?: string; tlsKey?: string }) => {
      const { openStorage } = await import('../server/storage.ts');
      const { buildSyncServer } = await import('../server/app.ts');
      if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) throw new Error('--tls-cert and --tls-key go together');
      const storage = await openStorage(opts.database);
      const tls = opts.tlsCert && opts.tlsKey ? { cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) } : undefined;
      const app = await buildSyncServer({ storage, ...(tls ? { tls } : {}) });
      const url = await app.listen({ host: opts.host, port: opts.port });
      console.log(`ShopLedger sync server on ${url} (database ${storage.dialect === 'postgres' ? 'PostgreSQL' : opts.database})`);
      if (!tls && !['127.0.0.1', 'localhost', '::1'].includes(opts.host)) console.log('No TLS: put a TLS reverse proxy in front of this port (docs/SYNC.md).');
      await new Promise<void>((done) => {
        const stop = () => void app.close().then(() => storage.close()).then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('server-enroll-code')
    .description('make a one-time enrollment code for a new station (valid 24 hours)')
    .option('--database <file-or-url>', 'SQLite file or PostgreSQL URL', process.env.SHOPLEDGER_SERVER_DATABASE ?? DEFAULT_DATABASE)
    .option('--owner', 'the device may manage devices (create codes, list, revoke)')
    .action(async (opts: { database: string; owner?: boolean }) => {
      const { createEnrollment } = await import('../server/devices.ts');
      const { code, expiresAt } = await withStorage(opts.database, (s) => createEnrollment(s, opts.owner ? 'owner' : 'station'));
      console.log(`${code}\n(valid until ${expiresAt}; shown once)`);
    });

  program
    .command('server-devices')
    .description('list the devices enrolled with the sync server')
    .option('--database <file-or-url>', 'SQLite file or PostgreSQL URL', process.env.SHOPLEDGER_SERVER_DATABASE ?? DEFAULT_DATABASE)
    .action(async (opts: { database: string }) => {
      const { listDevices } = await import('../server/devices.ts');
      for (const d of await withStorage(opts.database, (s) => listDevices(s))) {
        console.log(`${d.id}  ${d.role.padEnd(7)} ${d.revoked_at ? `revoked ${d.revoked_at}` : 'active'}  ${d.name}  last seen ${d.last_seen_at ?? 'never'}`);
      }
    });

  program
    .command('server-revoke <deviceId>')
    .description('revoke a device: its credential is refused from now on')
    .option('--database <file-or-url>', 'SQLite file or PostgreSQL URL', process.env.SHOPLEDGER_SERVER_DATABASE ?? DEFAULT_DATABASE)
    .action(async (deviceId: string, opts: { database: string }) => {
      const { revokeDevice } = await import('../server/devices.ts');
      if (!(await withStorage(opts.database, (s) => revokeDevice(s, deviceId)))) throw new Error(`No active device ${deviceId}`);
      console.log(`Revoked ${deviceId}`);
    });

  program
    .command('sync-connect <serverUrl> <code>')
    .description('enroll this station with a sync server using a one-time code')
    .option('--name <name>', 'how the server lists this station', 'station')
    .action(async (serverUrl: string, code: string, opts: { name: string }, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const { deviceId } = await connectStation(app.ledger, serverUrl, code, opts.name);
        console.log(`Enrolled as device ${deviceId}`);
      });
    });

  program
    .command('sync-now')
    .description('push and pull once, then print the sync status')
    .action(async (_opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => {
        const client = syncClientFor(app.ledger);
        if (!client) throw new Error('This station is not connected to a sync server (sync-connect)');
        const r = await client.syncOnce();
        console.log(`pushed ${r.pushed}, pulled ${r.pulled}, applied ${r.applied}`);
        console.log(JSON.stringify(await app.dispatcher.call('sync.status', {}, LOCAL_OWNER), null, 2));
      });
    });

  program
    .command('sync-status')
    .description('print the sync status of this station')
    .action(async (_opts: unknown, cmd: Command) => {
      await withApp(cmd, async (app) => console.log(JSON.stringify(await app.dispatcher.call('sync.status', {}, LOCAL_OWNER), null, 2)));
    });
}
