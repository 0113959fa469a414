// Batch import benchmark: a Shopify orders export of BENCH_IMPORT_LINES line items (default
// 100,000; one to five lines per order, 2,000 customers, 500 SKUs) imported all-or-nothing into
// a fresh ledger through the contract operations, in one transaction. Prints the seconds and the
// peak resident memory (the process's maximum RSS, and the largest RSS seen while importing).

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/main/app.ts';
import { importFile } from '../src/main/exchange/import.ts';
import { builtInPreset } from '../src/shared/imports/presets.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { seededRandom } from '../src/shared/seeded-random.ts';

const HEADER = ['Name', 'Email', 'Financial Status', 'Currency', 'Discount Amount', 'Shipping', 'Created at', 'Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Billing Name', 'Shipping Name', 'Shipping Address1', 'Shipping City', 'Shipping Zip', 'Shipping Country', 'Notes', 'Lineitem discount'];

async function writeExport(file: string, lines: number, skus: number, customers: number): Promise<number> {
  const rnd = seededRandom(8);
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`${HEADER.join(',')}\n`);
  let written = 0;
  let order = 0;
  while (written < lines) {
    order++;
    const n = Math.min(1 + Math.floor(rnd() * 5), lines - written);
    const c = Math.floor(rnd() * customers);
    const day = String(1 + (order % 28)).padStart(2, '0');
    for (let i = 0; i < n; i++) {
      const sku = `SKU-${String(Math.floor(rnd() * skus)).padStart(4, '0')}`;
      const first = i === 0;
      const cells = [
        `#${100000 + order}`,
        `customer${c}@example.com`,
        first ? 'paid' : '',
        first ? 'CNY' : '',
        first ? '0.00' : '',
        first ? '10.00' : '',
        `2024-05-${day} 10:00:00 +0800`,
        String(1 + Math.floor(rnd() * 3)),
        `"Product ${sku}"`,
        '19.90',
        sku,
        first ? `"顾客 ${c}"` : '',
        first ? `"顾客 ${c}"` : '',
        first ? `"人民路 ${c} 号"` : '',
        first ? '上海' : '',
        first ? '200000' : '',
        first ? 'CN' : '',
        '',
        '0.00',
      ];
      await write(`${cells.join(',')}\n`);
    }
    written += n;
  }
  out.end();
  await once(out, 'finish');
  return order;
}

export async function importBench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const lines = Number(process.env.BENCH_IMPORT_LINES ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-import-bench-'));
  try {
    const app = await openApp({ file: join(dir, 'ledger.sqlite') });
    try {
      const call = app.dispatcher.call;
      const vat = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
      await call('warehouses.create', { code: 'MAIN', name: 'Main' }, LOCAL_OWNER);
      const skus = 500;
      await app.dispatcher.batch(LOCAL_OWNER, () => true, async (b) => {
        for (let i = 0; i < skus; i++) await b.call('products.create', { sku: `SKU-${String(i).padStart(4, '0')}`, name: `Product ${i}`, price: 1990, taxRateId: vat.id });
      });
      const file = join(dir, 'orders_export.csv');
      const orders = await writeExport(file, lines, skus, 2000);
      log(`  file: ${lines} line items in ${orders} orders`);
      let peakRss = process.memoryUsage().rss;
      const t0 = performance.now();
      // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
      const cpu0 = process.cpuUsage();
      const report = await importFile(app, file, {
        kind: 'orders',
        preset: builtInPreset('shopify-orders'),
        mode: 'all-or-nothing',
        progressEvery: 5000,
        onProgress: () => {
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
        },
      });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(1));
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (!report.committed || report.problemCount > 0) throw new Error(`import failed: ${JSON.stringify(report.problems.slice(0, 5))}`);
      const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
      const rssMB = Math.round(peakRss / (1024 * 1024));
      log(`  imported ${report.created} orders (${report.rows} rows) in ${seconds.toFixed(1)} s: ${Math.round(report.rows / seconds)} lines/s (${cpuSeconds} s of CPU); peak RSS while importing ${rssMB} MB, process max RSS ${maxRssMB} MB`);
      return { lines: report.rows, orders: report.created, seconds: Number(seconds.toFixed(1)), cpuSeconds, linesPerSecond: Math.round(report.rows / seconds), peakRssMB: rssMB, maxRssMB };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
