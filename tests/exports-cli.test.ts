// `shopledger export`: CSV datasets and UBL e-invoices from the command line, on a real ledger.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shopledger export', () => {
  const dir = tempDir('shopledger-export-');
  const ledger = join(dir, 'shop.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a CSV dataset and an invoice as UBL, and refuses what it cannot do', async () => {
    const app = await openApp({ file: ledger });
    const call = app.dispatcher.call;
    const vat = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
    const wh = await call('warehouses.create', { code: 'MAIN', name: 'Main' }, LOCAL_OWNER);
    const tea = await call('products.create', { sku: 'TEA-001', name: 'Green tea', price: 4999, taxRateId: vat.id, allowBackorder: true }, LOCAL_OWNER);
    const customer = await call('customers.create', { name: 'Li Lei', billingAddress: { name: 'Li Lei', line1: '1 Road', city: 'Beijing', country: 'CN' } }, LOCAL_OWNER);
    await call('invoices.configureSeller', { taxId: 'CN91110000000000000X', address: { name: 'Tea House', line1: '2 Road', city: 'Hangzhou', country: 'CN' } }, LOCAL_OWNER);
    const o = await call('orders.create', { customerId: customer.id, warehouseId: wh.id, lines: [{ productId: tea.id, quantity: 2 }] }, LOCAL_OWNER);
    await call('orders.confirm', { id: o.id }, LOCAL_OWNER);
    const inv = await call('invoices.issue', { orderId: o.id, issueDate: '2025-06-01' }, LOCAL_OWNER);
    await app.close();

    const csv = cli('--ledger', ledger, 'export', 'invoices', '--from', '2025-06-01', '--to', '2025-06-30');
    expect(csv.err).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFFnumber,type,')).toBe(true);
    expect(csv.out).toContain(`${inv.number},invoice,2025-06-01,`);
    expect(csv.out).toContain(',99.98,13.00,112.98\r\n');

    const out = join(dir, 'inv.xml');
    const ubl = cli('--ledger', ledger, 'export', 'ubl', '--number', inv.number, '-o', out);
    expect(ubl.code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain(`<cbc:ID>${inv.number}</cbc:ID>`);
    expect(xml).toContain('<cbc:CompanyID>CN91110000000000000X</cbc:CompanyID>');

    const missing = cli('--ledger', ledger, 'export', 'ubl', '--number', 'INV-A-1999-000001');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No invoice or credit note has the number INV-A-1999-000001');
    const badDate = cli('--ledger', ledger, 'export', 'payments', '--from', '2025-13-01', '--to', '2025-12-31');
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain('invalid (dateFrom)');
    const what = cli('--ledger', ledger, 'export', 'everything', '--from', '2025-01-01', '--to', '2025-12-31');
    expect(what.code).toBe(1);
    expect(what.err).toContain('export what?');
  }, 60_000);
});
