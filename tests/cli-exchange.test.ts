import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'imports');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shopledger import / export CLI', () => {
  const dir = tempDir('shopledger-cli-exchange-');
  const ledger = join(dir, 'shop.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports with a dry run first, refuses all-or-nothing with problems, then exports and round-trips', () => {
    expect(cli('--ledger', ledger, 'seed', '--demo', '--orders', '3').code).toBe(0);

    const dry = cli('--ledger', ledger, 'import', 'products', join(FIXTURES, 'shopify-products.csv'), '--preset', 'shopify-products', '--dry-run');
    expect(dry.out).toContain('5 rows: would create 4, 0 already in the ledger, 0 refused (0 problems).');
    expect(dry.out).toContain('Dry run: nothing was written.');
    expect(dry.code).toBe(0);
    expect(cli('--ledger', ledger, 'import', 'products', join(FIXTURES, 'shopify-products.csv'), '--preset', 'shopify-products').out).toContain('Imported.');

    const strict = cli('--ledger', ledger, 'import', 'orders', join(FIXTURES, 'shopify-orders.csv'), '--preset', 'shopify-orders');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('row 5, column Currency: the order is in EUR but the ledger keeps CNY; it is not converted');
    expect(strict.out).toContain('Nothing was written');
    const lenient = cli('--ledger', ledger, 'import', 'orders', join(FIXTURES, 'shopify-orders.csv'), '--preset', 'shopify-orders', '--skip-invalid');
    expect(lenient.out).toContain('created 2, 0 already in the ledger, 1 refused');

    expect(cli('--ledger', ledger, 'import', 'things', 'x.csv').err).toContain('kind must be one of');
    expect(cli('--ledger', ledger, 'import', 'orders', join(FIXTURES, 'shopify-orders.csv'), '--preset', 'nope').err).toContain('there is no preset nope');
    const missing = cli('--ledger', ledger, 'import', 'orders', join(FIXTURES, 'customers-gbk.csv'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('has no column for externalRef');

    const csv = join(dir, 'orders.csv');
    const list = cli('--ledger', ledger, 'export-list', 'orders', csv, '--filters', '{"channel":"shopify"}');
    expect(list.out).toContain('Exported 2 rows');
    expect(readFileSync(csv, 'utf8')).toContain('#1001');
    expect(cli('--ledger', ledger, 'export-list', 'orders', csv, '--filters', '{bad').err).toContain('--filters must be a JSON object');

    const exp = join(dir, 'export');
    expect(cli('--ledger', ledger, 'export-ledger', exp).code).toBe(0);
    const copy = join(dir, 'copy.sqlite');
    expect(cli('--ledger', copy, 'import-ledger', exp).code).toBe(0);
    const verify = cli('--ledger', copy, 'verify');
    expect(verify.out).toContain('Ledger OK.');
    expect(verify.code).toBe(0);
    const again = cli('--ledger', copy, 'import-ledger', exp);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    expect(existsSync(copy)).toBe(true);
  }, 300_000);
});
