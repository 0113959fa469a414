// Crash harness: SIGKILLs real worker processes in the middle of their work and proves, after
// every kill, that the ledger opens, is intact, verifies, and still holds everything the worker
// acknowledged. "A crash at any point leaves the ledger as it was before the operation or after
// it, never between" (DESIGN.md, Ledger rules) is what this checks, one kill at a time.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../../src/main/app.ts';
import type { RawDatabase } from '../../src/main/db/connection.ts';
import type { RowChange } from '../../src/main/db/journal.ts';
import type { VerifyReport } from '../../src/shared/contract/system.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../src/shared/order-state.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';
import { openTestLedger, smallShop, tempDir } from '../helpers.ts';
import { prng } from './worker.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '../..');
const WORKER = join(HERE, 'worker.ts');

/** The most the harness waits for a worker's first ACK: start-up is slow on a busy 2-core box. */
const FIRST_ACK_TIMEOUT_MS = 60_000;
const MAX_KILL_DELAY_MS = 150;
/** Workers loading ahead of the one being killed: two keep both cores of a small box busy. */
const PRESTARTED_WORKERS = 2;

export type Ack = { readonly op: string; readonly id: string; readonly seq: number; readonly claim: string; readonly line: string };

export type CycleReport = {
  readonly cycle: number;
  readonly workerSeed: number;
  readonly killDelayMs: number;
  readonly acks: number;
  readonly businessErrors: number;
  /** Journal entries after the last ACK: writes that committed while the kill cut off their ACK. */
  readonly committedUnacked: number;
  /** PRAGMA integrity_check after the kill; 'ok' or SQLite's complaints. */
  readonly integrity: string;
  readonly verify: VerifyReport;
  /** Everything else that was wrong: lost ACKs, wrong states, a worker that died on its own. */
  readonly failures: readonly string[];
  /** From GO to the first ACK: what the harness waited on a worker that was already loaded. */
  readonly waitMs: number;
  /** Reopening and checking the ledger after the kill. */
  readonly checkMs: number;
  readonly ms: number;
};

export type CrashReport = {
  readonly seed: number;
  readonly file: string;
  readonly cycles: readonly CycleReport[];
  readonly totalAcks: number;
  readonly elapsedMs: number;
};

export type CrashOptions = {
  readonly kills: number;
  /** Same seed, same kill delays and same operation choices; printed so a failure can be rerun. */
  readonly seed?: number | undefined;
  /** Keep going after a failing cycle (default: stop, and keep the ledger for inspection). */
  readonly keepGoing?: boolean;
  readonly log?: (line: string) => void;
};

/** The statuses an order may have later, once an ACK said it reached `claimed`. */
const STILL_VALID: Readonly<Record<string, readonly OrderStatus[]>> = (() => {
  const afterPicking: OrderStatus[] = ['picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'completed', 'cancelled'];
  return {
    draft: ORDER_STATUSES,
    approved: ORDER_STATUSES.filter((s) => s !== 'draft' && s !== 'pending_approval'),
    pending_approval: ORDER_STATUSES.filter((s) => s !== 'draft'),
    picking: afterPicking,
    packed: afterPicking,
    // Nothing that has shipped can be cancelled (DESIGN: corrections go through returns); a
    // partly shipped order may be picked again. The state machine still lets partially_shipped
    // -> picking -> cancel through: should a cycle do that, this check reports it, rightly.
    partially_shipped: ['partially_shipped', 'picking', 'packed', 'shipped', 'delivered', 'completed'],
    shipped: ['shipped', 'delivered', 'completed'],
    delivered: ['delivered', 'completed'],
    completed: ['completed'],
    cancelled: ['cancelled'],
  };
})();

const ORDER_TRANSITIONS = new Set(['orders.confirm', 'orders.startPicking', 'orders.pack', 'orders.ship', 'orders.deliver', 'orders.complete', 'orders.cancel']);

type Worker = {
  readonly child: ChildProcessWithoutNullStreams;
  readonly acks: Ack[];
  readonly lines: string[];
  readonly stderr: string[];
  readonly firstAck: Promise<void>;
  /** Resolves once the process is gone and every byte it wrote to stdout has been read. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** `ACK <op> <id> <seq> <claim>` as the worker writes it; anything else is not an ACK. */
export function parseAck(line: string): Ack | null {
  const [tag, op, id, seq, claim, ...rest] = line.split(' ');
  if (tag !== 'ACK' || !op || !id || !claim || rest.length > 0 || !/^\d+$/.test(seq ?? '')) return null;
  return { op, id, seq: Number(seq), claim, line };
}

/**
 * The ledger's plain-JavaScript dependencies, loaded before tsx's hooks are registered: through
 * the hooks every one of kysely's ~300 files costs a round trip to tsx's loader thread, which
 * made start-up take twice as long. The worker is the same program; a dependency missing here
 * only loads slower.
 */
const PRELOAD = ['kysely', 'zod', 'better-sqlite3-multiple-ciphers', 'uuid'];

/** Starts a TypeScript program of the repository in its own Node process, piped both ways. */
export function spawnTs(script: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  const nodeArgs = [...PRELOAD.flatMap((m) => ['--import', m]), '--import', 'tsx', script, ...args];
  return spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
}

function spawnWorker(file: string, seed: number): Worker {
  const child = spawnTs(WORKER, [file, String(seed)]);
  const acks: Ack[] = [];
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  let onFirstAck: () => void = () => {};
  let onEarlyEnd: (e: Error) => void = () => {};
  const firstAck = new Promise<void>((res, rej) => {
    onFirstAck = res;
    onEarlyEnd = rej;
  });
  // The caller may never await firstAck (e.g. the last pre-started worker); do not crash on it.
  firstAck.catch(() => {});
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    // A line without its newline is not a promise yet: the worker died while writing it.
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const ack = parseAck(line);
      if (ack) {
        acks.push(ack);
        if (acks.length === 1) onFirstAck();
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.push(chunk));
  child.stdin.on('error', () => {}); // EPIPE when the worker is already gone
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.on('close', (code, signal) => {
      onEarlyEnd(new Error(`worker exited (code ${code}, signal ${signal}) before its first ACK`));
      res({ code, signal });
    });
  });
  return { child, acks, lines, stderr, firstAck, closed };
}

/**
 * A small shop with stock in both warehouses, made before any worker runs (never killed).
 * Returns the last journal seq it wrote.
 */
async function prepareLedger(file: string): Promise<number> {
  const t = await openTestLedger({ file });
  try {
    const shop = await smallShop(t);
    await t.call('customers.create', { name: 'Li Wei', email: 'li.wei@example.com' });
    for (const [warehouse, qty] of [
      [shop.main, 400],
      [shop.back, 150],
    ] as const) {
      await t.call('stock.receive', {
        warehouseId: warehouse.id,
        lines: [
          { productId: shop.tea.id, quantity: qty },
          { productId: shop.cup.id, quantity: qty * 2 },
          { productId: shop.pot.id, quantity: Math.floor(qty / 10) },
        ],
        reason: 'opening stock',
      });
    }
    return (t.app.ledger.raw.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number }).seq;
  } finally {
    await t.close();
  }
}

type JournalRow = { seq: number; operation: string; changes: string };

/**
 * Checks one cycle's ACKs against the reopened ledger; returns what is wrong, in words.
 * `previousMaxSeq` is the journal's last seq before the worker started.
 */
export function checkAcks(raw: RawDatabase, acks: readonly Ack[], previousMaxSeq: number): string[] {
  const failures: string[] = [];
  const journalAt = raw.prepare<[number], JournalRow>('SELECT seq, operation, changes FROM journal WHERE seq = ?');
  const orderRow = raw.prepare<[string], { status: OrderStatus; merged_into_id: string | null; split_from_id: string | null }>(
    'SELECT status, merged_into_id, split_from_id FROM sales_order WHERE id = ?',
  );
  const movementRow = raw.prepare<[string], { kind: string }>('SELECT kind FROM stock_movement WHERE id = ?');
  const customerRow = raw.prepare<[string], { id: string }>('SELECT id FROM customer WHERE id = ?');
  const productRow = raw.prepare<[string], { price: number }>('SELECT price FROM product WHERE id = ?');
  const laterPriceChanges = raw.prepare<[number], JournalRow>("SELECT seq, operation, changes FROM journal WHERE seq > ? AND operation = 'products.update'");

  let lastSeq = previousMaxSeq;
  for (const ack of acks) {
    const fail = (what: string) => failures.push(`${ack.line}: ${what}`);
    if (!(ack.seq > lastSeq)) fail(`journal seq ${ack.seq} does not follow ${lastSeq}`);
    lastSeq = Math.max(lastSeq, ack.seq);

    // 1. The acknowledged journal entry exists and is the operation that was acknowledged.
    const entry = journalAt.get(ack.seq);
    if (!entry) {
      fail(`journal entry ${ack.seq} is missing: an acknowledged write was lost`);
      continue;
    }
    if (entry.operation !== ack.op) fail(`journal entry ${ack.seq} is ${entry.operation}`);
    const changes = JSON.parse(entry.changes) as RowChange[];
    const changed = (t: string, op: RowChange['op'], id: string, match: (v: Readonly<Record<string, unknown>>) => boolean = () => true) =>
      changes.some((c) => c.t === t && c.op === op && c.id === id && match(c.v ?? {}));

    // 2. That entry wrote what the ACK claims, and the record is still in a state it can reach.
    const order = ack.op.startsWith('orders.') ? orderRow.get(ack.id) : undefined;
    if (ack.op === 'orders.create' || ack.op === 'orders.split' || ack.op === 'orders.merge') {
      if (!changed('sales_order', 'i', ack.id)) fail(`journal entry ${ack.seq} does not insert order ${ack.id}`);
      if (!order) fail('the created order does not exist');
    }
    if (ack.op === 'orders.create' && order && !STILL_VALID[ack.claim]?.includes(order.status)) fail(`order is ${order.status}, after being ${ack.claim}`);
    if (ORDER_TRANSITIONS.has(ack.op)) {
      if (!changed('sales_order', 'u', ack.id, (v) => v.status === ack.claim)) fail(`journal entry ${ack.seq} does not set order ${ack.id} to ${ack.claim}`);
      if (!order) fail('the order does not exist');
      else if (!STILL_VALID[ack.claim]?.includes(order.status)) fail(`order is ${order.status}, which cannot follow ${ack.claim}`);
    }
    if (ack.op === 'orders.split' && order && order.split_from_id !== ack.claim) fail(`the new order's split_from_id is ${order.split_from_id}`);
    if (ack.op === 'orders.merge') {
      for (const source of ack.claim.split(',')) {
        if (!changed('sales_order', 'u', source, (v) => v.merged_into_id === ack.id)) fail(`journal entry ${ack.seq} does not link ${source} to the merged order`);
        const s = orderRow.get(source);
        if (!s || s.status !== 'cancelled' || s.merged_into_id !== ack.id) fail(`merged source ${source} is ${s ? `${s.status}, merged into ${s.merged_into_id}` : 'missing'}`);
      }
    }
    if (ack.op === 'stock.receive' || ack.op === 'stock.adjust') {
      for (const id of ack.id.split(',')) {
        if (!changed('stock_movement', 'i', id, (v) => v.kind === ack.claim)) fail(`journal entry ${ack.seq} does not insert ${ack.claim} movement ${id}`);
        if (movementRow.get(id)?.kind !== ack.claim) fail(`${ack.claim} movement ${id} does not exist`);
      }
    }
    if (ack.op === 'customers.create') {
      if (!changed('customer', 'i', ack.id)) fail(`journal entry ${ack.seq} does not insert customer ${ack.id}`);
      if (!customerRow.get(ack.id)) fail('the customer does not exist');
    }
    if (ack.op === 'products.update') {
      const price = Number(ack.claim);
      if (!changed('product', 'u', ack.id, (v) => v.price === price)) fail(`journal entry ${ack.seq} does not set the price to ${price}`);
      const now = productRow.get(ack.id)?.price;
      // A later price change (acknowledged, or committed just before the kill) may win.
      const overwritten = laterPriceChanges.all(ack.seq).some((e) => (JSON.parse(e.changes) as RowChange[]).some((c) => c.t === 'product' && c.id === ack.id && c.v?.price !== undefined));
      if (now !== price && !overwritten) fail(`the price is ${now}, and no later change explains it`);
    }
  }
  return failures;
}

/** Stock invariants the services keep on one station, beyond what verify checks. */
export function checkStock(raw: RawDatabase): string[] {
  const failures: string[] = [];
  for (const l of raw.prepare<[], { product_id: string; warehouse_id: string; on_hand: number; reserved: number }>('SELECT product_id, warehouse_id, on_hand, reserved FROM stock_level WHERE on_hand < 0 OR reserved < 0').all()) {
    failures.push(`stock of ${l.product_id} in ${l.warehouse_id} went negative: ${l.on_hand} on hand, ${l.reserved} reserved`);
  }
  // What the levels say is reserved must be what the order lines hold.
  const drift = raw
    .prepare<[], { product_id: string; warehouse_id: string; reserved: number; held: number }>(
      `SELECT l.product_id, l.warehouse_id, l.reserved, coalesce(h.held, 0) AS held
         FROM stock_level l
         LEFT JOIN (SELECT ol.product_id, o.warehouse_id, sum(ol.reserved_qty) AS held
                      FROM sales_order_line ol JOIN sales_order o ON o.id = ol.order_id
                     GROUP BY ol.product_id, o.warehouse_id) h
           ON h.product_id = l.product_id AND h.warehouse_id = l.warehouse_id
        WHERE l.reserved != coalesce(h.held, 0)`,
    )
    .all();
  for (const d of drift) failures.push(`${d.product_id} in ${d.warehouse_id}: level reserves ${d.reserved}, order lines hold ${d.held}`);
  return failures;
}

export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rand = prng(seed);
  const dir = tempDir('shopledger-crash-');
  const file = join(dir, 'ledger.sqlite');
  log(`crash: seed=${seed} kills=${options.kills} ledger=${file} (rerun with CRASH_SEED=${seed})`);
  const started = Date.now();
  let previousMaxSeq = await prepareLedger(file);

  const cycles: CycleReport[] = [];
  let totalAcks = 0;
  let failed = false;
  // Every cycle's worker seed and kill delay, drawn up front so they depend on the seed alone.
  const plan = Array.from({ length: options.kills }, () => ({ workerSeed: Math.floor(rand() * 2 ** 32), killDelayMs: Math.floor(rand() * (MAX_KILL_DELAY_MS + 1)) }));
  // Loading TypeScript costs a worker far more than a whole check, so the next workers start
  // while the current one runs and the harness checks; they do not touch the ledger before GO.
  const waiting: Worker[] = [];
  let spawned = 0;
  const prestart = () => {
    while (waiting.length < PRESTARTED_WORKERS && spawned < options.kills) waiting.push(spawnWorker(file, plan[spawned++]!.workerSeed));
  };
  prestart();

  try {
    for (let cycle = 0; cycle < options.kills; cycle++) {
      const t0 = Date.now();
      const worker = waiting.shift()!;
      const { workerSeed, killDelayMs } = plan[cycle]!;
      prestart();
      const failures: string[] = [];

      worker.child.stdin.write('GO\n');
      const goAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const acked = await Promise.race([
        worker.firstAck.then(() => true),
        worker.closed.then(() => false),
        new Promise<false>((res) => (timer = setTimeout(() => res(false), FIRST_ACK_TIMEOUT_MS))),
      ]);
      clearTimeout(timer);
      const waitMs = Date.now() - goAt;
      if (acked) await new Promise((res) => setTimeout(res, killDelayMs));
      else failures.push(`the worker made no ACK (waited ${waitMs} ms)`);
      const aliveAtKill = worker.child.exitCode === null && worker.child.signalCode === null;
      worker.child.kill('SIGKILL');

      const exit = await worker.closed;
      if (!aliveAtKill || exit.signal !== 'SIGKILL') {
        failures.push(`the worker ended on its own (code ${exit.code}, signal ${exit.signal}): ${worker.lines.find((l) => l.startsWith('FAIL')) ?? worker.stderr.join('').slice(-2000)}`);
      }

      // Reopening is itself a check: the ledger must open (recovering the WAL) after a crash.
      const checkAt = Date.now();
      let integrity = 'not run';
      let committedUnacked = 0;
      let verify: VerifyReport = { ok: false, journalEntries: 0, rowsChecked: 0, problems: [] };
      try {
        const app = await openApp({ file });
        try {
          integrity = (app.ledger.raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
          verify = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
          failures.push(...checkAcks(app.ledger.raw, worker.acks, previousMaxSeq));
          failures.push(...checkStock(app.ledger.raw));
          const maxSeq = (app.ledger.raw.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number }).seq;
          if (maxSeq < previousMaxSeq) failures.push(`the journal shrank from ${previousMaxSeq} to ${maxSeq} entries`);
          committedUnacked = maxSeq - Math.max(previousMaxSeq, ...worker.acks.map((a) => a.seq));
          previousMaxSeq = maxSeq;
        } finally {
          await app.close();
        }
      } catch (e) {
        failures.push(`reopening or checking the ledger failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }

      const report: CycleReport = {
        cycle,
        workerSeed,
        killDelayMs,
        acks: worker.acks.length,
        businessErrors: worker.lines.filter((l) => l.startsWith('ERR ')).length,
        committedUnacked,
        integrity,
        verify,
        failures,
        waitMs,
        checkMs: Date.now() - checkAt,
        ms: Date.now() - t0,
      };
      cycles.push(report);
      totalAcks += report.acks;
      const bad = integrity !== 'ok' || !verify.ok || failures.length > 0;
      if (bad) {
        failed = true;
        log(`crash: cycle ${cycle} FAILED (seed=${seed}, worker seed=${workerSeed}, kill after ${killDelayMs} ms, ${report.acks} ACKs); ledger kept at ${file}`);
        if (integrity !== 'ok') log(`  integrity_check: ${integrity}`);
        for (const p of verify.problems) log(`  verify ${p.check}: ${p.message}`);
        for (const f of failures) log(`  ${f}`);
        if (!options.keepGoing) break;
      } else if ((cycle + 1) % 25 === 0 || cycle + 1 === options.kills) {
        const recent = cycles.slice(-25);
        const avg = (f: (c: CycleReport) => number) => Math.round(recent.reduce((s, c) => s + f(c), 0) / recent.length);
        log(
          `crash: ${cycle + 1}/${options.kills} kills, ${totalAcks} ACKs, journal at ${previousMaxSeq}, ` +
            `${cycles.filter((c) => c.committedUnacked > 0).length} kills between a commit and its ACK, ${Math.round((Date.now() - started) / 1000)} s ` +
            `(last ${recent.length}: ${avg((c) => c.ms)} ms a cycle, ${avg((c) => c.waitMs)} ms to first ACK, ${avg((c) => c.checkMs)} ms checking)`,
        );
      }
    }
  } finally {
    for (const w of waiting) w.child.kill('SIGKILL');
    await Promise.all(waiting.map((w) => w.closed));
  }
  if (!failed) rmSync(dir, { recursive: true, force: true });
  return { seed, file, cycles, totalAcks, elapsedMs: Date.now() - started };
}
