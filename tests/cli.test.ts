import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_LEDGER_VERSION } from '../src/main/db/migrator.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shopledger CLI', () => {
  const dir = tempDir('shopledger-cli-');
  const ledger = join(dir, 'shop.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists its commands, and every command has --help', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    for (const c of ['serve', 'start', 'seed', 'verify']) {
      expect(help.out).toContain(c);
      const sub = cli(c, '--help');
      expect(sub.code).toBe(0);
      expect(sub.out).toContain(`Usage: shopledger ${c}`);
    }
  });

  it('fails with a message and a non-zero code on a wrong command or option', () => {
    const bad = cli('frobnicate');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain("unknown command 'frobnicate'");
    const port = cli('--ledger', ledger, 'serve', '--port', 'abc');
    expect(port.code).not.toBe(0);
    expect(port.err).toContain('--port must be a number');
  });

  it('seeds a demo shop once, and verify passes on it', () => {
    const seeded = cli('--ledger', ledger, 'seed', '--demo', '--orders', '60');
    expect(seeded.code, seeded.err).toBe(0);
    expect(seeded.err).toContain('demo orders: 100%');
    expect(seeded.out).toMatch(/200 products, 3 warehouses, 500 customers, 60 orders/);
    const again = cli('--ledger', ledger, 'seed', '--demo');
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has products');
    const ok = cli('--ledger', ledger, 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Ledger OK.');
  });

  it('verify names an UPDATE, a DELETE and a journal edit made with the sqlite3 shell', () => {
    const raw = new Database(ledger, { readonly: true });
    const order = raw.prepare('SELECT id FROM sales_order ORDER BY number LIMIT 1').get() as { id: string };
    const movement = raw.prepare("SELECT id FROM stock_movement WHERE kind = 'receipt' LIMIT 1").get() as { id: string };
    raw.close();
    // The same tools a curious employee would use: the sqlite3 shell on the ledger file.
    const shell = spawnSync(
      'sqlite3',
      [
        ledger,
        `UPDATE sales_order SET gross_total = gross_total + 1 WHERE id = '${order.id}';` +
          'DROP TRIGGER stock_movement_no_delete;' +
          `DELETE FROM stock_movement WHERE id = '${movement.id}';` +
          "UPDATE journal SET actor = 'someone-else' WHERE seq = 5;",
      ],
      { encoding: 'utf8' },
    );
    expect(shell.status, shell.stderr).toBe(0);

    const r = cli('--ledger', ledger, 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`sales_order row ${order.id}: gross_total`);
    expect(r.out).toContain(`stock_movement row ${movement.id} is missing`);
    expect(r.out).toMatch(/\[stock_levels\]/);
    expect(r.out).toContain('journal entry 5');
  });

  it('refuses a ledger from a newer version with a clear message', () => {
    const future = join(dir, 'future.sqlite');
    const raw = new Database(future);
    raw.pragma(`user_version = ${LATEST_LEDGER_VERSION + 7}`);
    raw.close();
    const r = cli('--ledger', future, 'verify');
    expect(r.code).toBe(1);
    expect(r.err).toContain('written by a newer version of ShopLedger');
  });

  it('serves the HTTP API on 127.0.0.1', async () => {
    const child = spawn(process.execPath, [BIN, '--ledger', join(dir, 'served.sqlite'), 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const post = (op: string, body: unknown, token?: string) =>
        fetch(`${url}/api/v1/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      // Loopback is no pass: without a session the API answers 401.
      expect((await post('settings.get', {})).status).toBe(401);
      expect(await (await post('session.status', {})).json()).toEqual({ needsSetup: true });
      const setup = (await (await post('session.setupOwner', { username: 'owner', displayName: 'Owner', password: 'cli test password' })).json()) as { token: string };
      const res = await post('settings.get', {}, setup.token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { currency: string }).currency).toBe('CNY');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
