// `shopledger export REPORT --out FILE.xlsx`: the streaming report writer from the command line.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');
const dir = tempDir('shopledger-report-cli-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes the month sales report and the journal as XLSX with number cells', async () => {
  const ledger = join(dir, 'shop.sqlite');
  const app = await openApp({ file: ledger });
  const call = app.dispatcher.call;
  const vat = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
  const wh = await call('warehouses.create', { code: 'MAIN', name: 'Main' }, LOCAL_OWNER);
  const tea = await call('products.create', { sku: 'TEA-001', name: 'Green tea', price: 4999, taxRateId: vat.id, allowBackorder: true }, LOCAL_OWNER);
  const customer = await call('customers.create', { name: 'Li Lei' }, LOCAL_OWNER);
  const o = await call('orders.create', { customerId: customer.id, warehouseId: wh.id, lines: [{ productId: tea.id, quantity: 2 }] }, LOCAL_OWNER);
  await call('orders.confirm', { id: o.id }, LOCAL_OWNER);
  await call('invoices.issue', { orderId: o.id, issueDate: '2025-06-01' }, LOCAL_OWNER);
  await app.close();

  const out = join(dir, 'sales.xlsx');
  const r = spawnSync(process.execPath, [BIN, '--ledger', ledger, 'export', 'sales_by_month', '--from', '2025-01-01', '--to', '2025-12-31', '--out', out], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const row = wb.worksheets[0]!.getRow(2);
  expect(row.getCell(1).value).toEqual(new Date('2025-06-01T00:00:00Z'));
  expect(row.getCell(9).value).toBe(112.98);
  expect(row.getCell(9).numFmt).toBe('#,##0.00');

  const journal = join(dir, 'journal.xlsx');
  const j = spawnSync(process.execPath, [BIN, '--ledger', ledger, 'export', 'journal', '--from', '2025-06-01', '--to', '2025-06-30', '--out', journal], { encoding: 'utf8', timeout: 120_000 });
  expect(j.status, j.stderr).toBe(0);
  const jb = new ExcelJS.Workbook();
  await jb.xlsx.readFile(journal);
  const debits: number[] = [];
  jb.worksheets[0]!.eachRow((row, n) => {
    if (n > 1) debits.push(row.getCell(6).value as number);
  });
  expect(debits.reduce((s, d) => s + d, 0)).toBeCloseTo(112.98, 6);

  const missing = spawnSync(process.execPath, [BIN, '--ledger', ledger, 'export', 'gross_profit', '--from', '2025-01-01', '--to', '2025-12-31'], { encoding: 'utf8', timeout: 120_000 });
  expect(missing.status).not.toBe(0);
  expect(missing.stderr).toContain('--out');
  expect(existsSync(join(dir, 'gross_profit'))).toBe(false);
}, 240_000);
