// Documents: one invoice PDF (layout, barcode, font subset, bytes) as latency percentiles, and
// 1,000 packing slips of real orders in one PDF (laid out in chunks, joined by pdf-lib) through the same entry the CLI and HTTP use
// (orders read through the dispatcher, adapters, layout, render), with the process's resident
// memory sampled while it runs, and the peak for batches of growing size, so a leak or
// per-document growth shows.
//
// A small ledger of its own (the demo shop with BENCH_DOC_ORDERS orders, default 1000) in a temp
// folder; the 1M-order ledger is not needed. Knobs: BENCH_DOC_ORDERS, BENCH_INVOICES (default 60).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/main/app.ts';
import { seedDemo } from '../src/main/demo/seed-demo.ts';
import { pdfEngine } from '../src/main/documents/fonts.ts';
import { printDocuments } from '../src/main/documents/print.ts';
import { renderDocument } from '../src/main/documents/render.ts';
import { sampleInvoice } from '../src/main/documents/samples.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { round, roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;

const INVOICE_TARGET_MS = 50;
const BATCH_TARGET_S = 20;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

export async function documentsBench(log: Log): Promise<Record<string, unknown>> {
  const orderCount = Number(process.env.BENCH_DOC_ORDERS ?? 1000);
  const invoiceRuns = Number(process.env.BENCH_INVOICES ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-bench-docs-'));
  try {
    // ---- one invoice ------------------------------------------------------------------
    const invoice = sampleInvoice('zh', 12);
    for (let i = 0; i < 5; i++) await renderDocument(invoice); // font parse, JIT
    const times: number[] = [];
    // CPU time of the process per render as well: on a shared machine wall time includes waiting for a core.
    const cpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i < invoiceRuns; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      bytes = (await renderDocument(invoice)).length;
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    // A new number every time: nothing of the QR code is cached, as for a first print.
    const fresh: number[] = [];
    for (let i = 0; i < Math.min(invoiceRuns, 30); i++) {
      const doc = { ...invoice, number: `INV-B-${String(i).padStart(6, '0')}` };
      const t0 = performance.now();
      await renderDocument(doc);
      fresh.push(performance.now() - t0);
    }
    const invFresh = roundSummary(summarize(fresh), 1);
    log(`invoice, 12 lines, zh, a new number each time (QR not cached): p50 ${invFresh.p50} ms, p95 ${invFresh.p95} ms over ${invFresh.n} renders`);
    const inv = roundSummary(summarize(times), 1);
    const invCpu = roundSummary(summarize(cpu), 1);
    const en = (await renderDocument(sampleInvoice('en', 12))).length;
    const long = await renderDocument(sampleInvoice('zh', 300));
    log(`invoice, 12 lines, zh: p50 ${inv.p50} ms, p95 ${inv.p95} ms (target p50 ≤ ${INVOICE_TARGET_MS} ms; CPU time p50 ${invCpu.p50} ms) over ${inv.n} renders; ${round(bytes / 1024, 1)} KB (en ${round(en / 1024, 1)} KB; 300 lines ${round(long.length / 1024, 1)} KB)`);

    // ---- the ledger -------------------------------------------------------------------
    const app = await openApp({ file: join(dir, 'ledger.sqlite') });
    try {
      let t = performance.now();
      await seedDemo(app, { orders: orderCount, customers: 200 });
      log(`demo ledger with ${orderCount} orders built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await app.dispatcher.call('orders.list', { limit: 500, sort: 'oldest', ...(cursor ? { cursor } : {}) }, LOCAL_OWNER);
        ids.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && ids.length < orderCount);

      // ---- packing slips, growing batches ----------------------------------------------
      const engine = pdfEngine();
      const batches: Record<string, unknown>[] = [];
      for (const size of [100, 250, 500, Math.min(1000, ids.length)]) {
        global.gc?.();
        const base = process.memoryUsage().rss;
        let peak = base;
        const samples: number[] = [];
        let lastSample = 0;
        const sample = () => {
          const rss = process.memoryUsage().rss;
          peak = Math.max(peak, rss);
          return rss;
        };
        engine.setProgressCallback((progress) => {
          if (progress - lastSample >= 0.1 || progress === 1) {
            lastSample = progress;
            samples.push(mb(sample()));
          }
        });
        const timer = setInterval(sample, 50);
        t = performance.now();
        const cpu0 = process.cpuUsage();
        const printed = await printDocuments(app.dispatcher, LOCAL_OWNER, { kind: 'packing-slip', ids: ids.slice(0, size), lang: 'zh' });
        const seconds = (performance.now() - t) / 1000;
        const used = process.cpuUsage(cpu0);
        // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
        const cpuSeconds = (used.user + used.system) / 1e6;
        clearInterval(timer);
        sample();
        engine.setProgressCallback(() => {});
        batches.push({ slips: size, seconds: round(seconds, 2), cpuSeconds: round(cpuSeconds, 2), pdfKB: round(printed.pdf.length / 1024, 0), rssBeforeMB: mb(base), rssPeakMB: mb(peak), rssSamplesMB: samples });
        log(
          `${size} packing slips in one PDF (zh): ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), ${round(printed.pdf.length / 1024 / 1024, 2)} MB, RSS before ${mb(base)} MB, peak ${mb(peak)} MB; ` +
            `RSS while rendering (every 10 %): ${samples.join(' ')} MB`,
        );
      }
      const last = batches.at(-1) as { slips: number; seconds: number; cpuSeconds: number };
      log(`target: 1,000 slips ≤ ${BATCH_TARGET_S} s → ${last.seconds} s (CPU ${last.cpuSeconds} s) for ${last.slips}`);
      return { invoiceMs: inv, invoiceCpuMs: invCpu, invoiceNewNumberMs: invFresh, invoiceKB: round(bytes / 1024, 1), invoiceEnKB: round(en / 1024, 1), invoice300LinesKB: round(long.length / 1024, 1), packingSlipBatches: batches };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
