import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

// The sync commands through the real binary: a server on a SQLite file, an enrollment code made
// beside it, two stations connecting and syncing a customer from one to the other.

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shopledger sync commands', () => {
  const dir = tempDir('shopledger-sync-cli-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('server, server-enroll-code, sync-connect, sync-now, sync-status, server-devices and server-revoke', async () => {
    const database = join(dir, 'server.sqlite');
    const child = spawn(process.execPath, [BIN, 'server', '--database', database, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /sync server on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      const [a, b] = [join(dir, 'a.sqlite'), join(dir, 'b.sqlite')];
      for (const [ledger, name] of [
        [a, 'shop PC'],
        [b, 'packing station'],
      ] as const) {
        const code = cli('server-enroll-code', '--database', database);
        expect(code.code, code.err).toBe(0);
        const connect = cli('--ledger', ledger, 'sync-connect', url, code.out.split('\n')[0]!, '--name', name);
        expect(connect.code, connect.err).toBe(0);
        expect(connect.out).toMatch(/Enrolled as device/);
      }
      // A customer made at A (through the import command, a plain CLI write) reaches B.
      const csv = join(dir, 'customers.csv');
      (await import('node:fs')).writeFileSync(csv, 'name,email\nSync Test Customer,sync@example.com\n');
      expect(cli('--ledger', a, 'import', 'customers', csv).code).toBe(0);
      const pushA = cli('--ledger', a, 'sync-now');
      expect(pushA.code, pushA.err).toBe(0);
      const pullB = cli('--ledger', b, 'sync-now');
      expect(pullB.code, pullB.err).toBe(0);
      const status = JSON.parse(cli('--ledger', b, 'sync-status').out) as { configured: boolean; online: boolean; opsWaiting: number; lastSyncAt: string };
      expect(status).toMatchObject({ configured: true, online: true, opsWaiting: 0 });
      const Database = (await import('better-sqlite3-multiple-ciphers')).default;
      const db = new Database(b, { readonly: true });
      expect(db.prepare("SELECT name FROM customer WHERE email = 'sync@example.com'").get()).toEqual({ name: 'Sync Test Customer' });
      db.close();

      const devices = cli('server-devices', '--database', database);
      expect(devices.out).toMatch(/shop PC/);
      expect(devices.out).toMatch(/packing station/);
      const id = /^(\S+)\s+station\s+active\s+shop PC/m.exec(devices.out)![1]!;
      expect(cli('server-revoke', id, '--database', database).code).toBe(0);
      const refused = cli('--ledger', a, 'sync-now');
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/revoked/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 300_000);
});
