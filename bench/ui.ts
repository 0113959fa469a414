// UI benchmark: the real renderer in Chromium against a large ledger, over browser mode.
//   npm run bench:ui -- --ledger FILE [--runs N]
// FILE defaults to the newest ledger in .bench/ (built by `npm run bench`). The ledger is opened
// read-only and immutable (no lock, no -wal or -shm files), so a shared bench ledger is never
// changed. Prints readable lines and, last, one JSON line of figures.
//
// Figures:
//   firstRows  from navigation to the orders screen until the frame after its first rows are
//              in the DOM has been drawn (ms)
//   keystroke  from a key pressed in the order search until the frame that shows the rows for
//              the new text has been drawn (ms)
// Both are timed inside the page, so the figures hold no round trip to this process.

import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

process.env.SQLITE_USE_URI = '1';

const { chromium } = await import('@playwright/test');
const { ledgerOn } = await import('../src/main/db/connection.ts');
const { default: Database } = await import('better-sqlite3-multiple-ciphers');
const { runRead } = await import('../src/main/db/transaction.ts');
const { createDispatcher } = await import('../src/main/dispatcher.ts');
const { handlers } = await import('../src/main/services/index.ts');
const { readSettings } = await import('../src/main/services/settings.ts');
const { ensureRenderer } = await import('../src/main/build.ts');
const { createHttpServer, listen } = await import('../src/main/transports/http.ts');
const { systemClock } = await import('../src/shared/clock.ts');
const { LOCAL_OWNER } = await import('../src/shared/permissions.ts');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function defaultLedger(): string {
  const dir = resolve('.bench');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite')).map((f) => join(dir, f));
  if (files.length === 0) throw new Error('No ledger in .bench/: run `npm run bench build-ledger` or pass --ledger FILE');
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

/**
 * Nothing of the app shows before its first-run setup, and the bench ledger is built without
 * accounts: it gets its owner once, through the same setup a merchant's first start runs
 * (journaled like any write). Every later run finds it and opens the ledger read-only.
 */
async function ensureOwnerAccount(ledgerFile: string): Promise<void> {
  const { openApp } = await import('../src/main/app.ts');
  const app = await openApp({ file: ledgerFile });
  try {
    const { needsSetup } = await app.dispatcher.call('session.status', {}, LOCAL_OWNER);
    if (needsSetup) {
      await app.dispatcher.call('session.setupOwner', { username: 'owner', displayName: 'Bench owner', password: 'bench owner password 1' }, LOCAL_OWNER);
      console.log('bench ledger: owner account created (first run of the UI bench on this ledger)');
    }
  } finally {
    await app.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

const file = resolve(arg('ledger') ?? defaultLedger());
const runs = Number(arg('runs') ?? 7);
await ensureOwnerAccount(file);
// A relative URI keeps better-sqlite3 from checking the folder of a "file:" name; immutable
// tells SQLite that nobody writes the file while we read it, so it takes no locks and writes nothing.
process.chdir(dirname(file));
// The ledger is opened without the migrator's version check: a bench ledger built by a newer
// branch (additive steps only) is still readable, and nothing here can write to it.
const raw = new Database(`file:${encodeURIComponent(basename(file))}?immutable=1`, { readonly: true });
process.chdir(resolve(import.meta.dirname, '..'));
const schemaVersion = raw.pragma('user_version', { simple: true });
// The same handles, statement cache, page cache and Kysely plugins as the app's own ledger.
const ledger = ledgerOn(raw, file);
const { stationId } = await runRead(ledger, (db) => readSettings(db));
const dispatcher = createDispatcher({ ledger, handlers, clock: systemClock, stationId: () => stationId });
const staticRoot = await ensureRenderer((l) => console.log(l));
const server = createHttpServer({ dispatcher, callerFor: () => LOCAL_OWNER, staticRoot });
const url = await listen(server, { port: 0 });

const sample = await dispatcher.call('orders.list', { limit: 50 }, LOCAL_OWNER);
const withName = sample.items.find((o) => o.customerName.length >= 3) ?? sample.items[0]!;
const terms = [withName.number, withName.customerName.slice(0, 6)];
for (const term of terms) {
  const t0 = performance.now();
  await dispatcher.call('orders.list', { search: term, limit: 100, sort: 'newest' }, LOCAL_OWNER);
  console.log(`orders.list search ${JSON.stringify(term)} through the dispatcher alone: ${(performance.now() - t0).toFixed(1)} ms`);
}
console.log(`ledger ${basename(file)} (schema ${schemaVersion}); first page ${sample.items.length} rows; typing ${JSON.stringify(terms)}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
// Page-side code is passed as text: this file is type-checked for Node, without the DOM.
if (process.env.BENCH_UI_DEBUG) {
  page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
  page.on('requestfailed', (r) => console.log(`[failed] ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => console.log(`[request] ${r.method()} ${r.url()}`));
  page.on('response', (r) => console.log(`[response] ${r.status()} ${r.url()}`));
}
await page.addInitScript(`localStorage.setItem('shopledger.ui', JSON.stringify({ state: { language: 'en', savedViews: [] }, version: 0 }))`);
// The orders screen marks 'rows:orders.list' once an answer's rows are in the DOM, before they
// are painted. Seen as it is made, the frame after it is the one that shows them: record, per
// search text, the time from the key to the end of that frame.
await page.addInitScript(`{
  window.__painted = new Map();
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name === 'rows:orders.list' && window.__keyAt !== undefined) {
      const search = JSON.parse(options.detail).search ?? '';
      const from = window.__keyAt;
      requestAnimationFrame(() => setTimeout(() => window.__painted.set(search, performance.now() - from)));
    }
    return entry;
  };
}`);

// The same first page through the dispatcher alone, for comparison with what the screen adds.
const apiFirstPage: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await dispatcher.call('orders.list', { limit: 100, sort: 'newest' }, LOCAL_OWNER);
  apiFirstPage.push(performance.now() - t0);
}
console.log(`orders.list first page (100 rows) through the dispatcher alone: median ${median(apiFirstPage).toFixed(1)} ms`);

const firstRows: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  await page.goto(`${url}/#/home`);
  const w0 = Date.now();
  await page.waitForSelector('.ant-statistic').catch(async (e: unknown) => {
    if (process.env.BENCH_UI_DEBUG) {
      console.log(`run ${i}: home not seen after ${Date.now() - w0} ms`);
      console.log(await page.evaluate(`JSON.stringify({ n: document.querySelectorAll('.ant-statistic').length, box: [...document.querySelectorAll('.ant-statistic')].slice(0, 2).map((e) => e.getBoundingClientRect()), fonts: document.fonts.status, hidden: document.hidden, vis: document.visibilityState })`));
      console.log(await page.evaluate(`Promise.race([new Promise((r) => requestAnimationFrame(() => r('raf ok'))), new Promise((r) => setTimeout(() => r('raf timeout'), 3000))])`));
    }
    throw e;
  });
  // Timed inside the page, from the navigation to the frame after the first row is in the DOM:
  // a round trip to this process would add its own latency to the figure.
  const ms = (await page.evaluate(
    `new Promise((done) => {
      const t0 = performance.now();
      const seen = () => document.querySelector('[data-testid="orders-table"] .ant-table-row');
      const watch = new MutationObserver(() => {
        if (!seen()) return;
        watch.disconnect();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));
      });
      watch.observe(document.body, { childList: true, subtree: true });
      window.location.hash = '#/orders';
    })`,
  )) as number;
  if (i > 0) firstRows.push(Math.round(ms)); // the first run warms the caches
}
console.log(`orders list, first rows: median ${median(firstRows)} ms, p95 ${p95(firstRows)} ms over ${runs} runs (target ≤ 500 ms)`);

const keystroke: number[] = [];
const search = page.getByLabel('Search', { exact: true });
for (let round = 0; round < Math.max(1, Math.floor(runs / 2)); round++) {
  for (const term of terms) {
    await search.fill('');
    await page.waitForTimeout(300);
    // The clock starts at the key's first event: keydown for a key, beforeinput for text a key
    // does not type (Chinese arrives as inserted text, with no keydown of its own).
    await page.evaluate(
      `window.__keyTimer || ['keydown', 'beforeinput'].forEach((k) => window.addEventListener(k, (e) => { if (window.__keyAt === undefined) window.__keyAt = e.timeStamp; }, { capture: true })); window.__keyTimer = true;`,
    );
    for (let n = 1; n <= term.length; n++) {
      const typed = term.slice(0, n);
      if (typed.trim() !== typed || typed.length < 2) {
        // The screen searches from two characters (and not on trailing spaces): type, do not time.
        await search.pressSequentially(term[n - 1]!);
        continue;
      }
      // The timeline keeps 250 resource entries and then drops new ones: cleared per key, so the
      // answer time below is this key's and not that of a request long past.
      await page.evaluate('window.__keyAt = undefined; window.__painted.clear(); performance.clearResourceTimings()');
      // A function, not text: the app's content security policy forbids evaluating text in the page.
      const painted = page.waitForFunction((t) => (globalThis as unknown as { __painted: Map<string, number> }).__painted.has(t), typed, { timeout: 30_000 });
      await search.pressSequentially(term[n - 1]!);
      const ok = await painted.then(
        () => true,
        () => false,
      );
      if (!ok) {
        console.log(`  ${JSON.stringify(typed)}: no rows within 30 s`);
        keystroke.push(30_000);
        continue;
      }
      const ms = (await page.evaluate(`window.__painted.get(${JSON.stringify(typed)})`)) as number;
      keystroke.push(ms);
      // Where the time went: until the answer had arrived (request and server), and after it (the screen).
      const answeredAt = (await page.evaluate(
        `(performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/orders.list')).at(-1)?.responseEnd ?? NaN) - window.__keyAt`,
      )) as number;
      console.log(`  round ${round + 1} ${JSON.stringify(typed)}: ${ms.toFixed(0)} ms (answer in ${answeredAt.toFixed(0)} ms)`);
    }
  }
}
console.log(`order search, keystroke to rows: median ${median(keystroke).toFixed(0)} ms, p95 ${p95(keystroke).toFixed(0)} ms over ${keystroke.length} keystrokes (target ≤ 150 ms)`);

await browser.close();
await server.close();
await ledger.close();
console.log(JSON.stringify({ bench: 'ui', ledger: basename(file), apiFirstPageMs: Number(median(apiFirstPage).toFixed(1)), firstRowsMedianMs: median(firstRows), firstRowsP95Ms: p95(firstRows), keystrokeMedianMs: Math.round(median(keystroke)), keystrokeP95Ms: Math.round(p95(keystroke)), runs, keystrokes: keystroke.length }));
