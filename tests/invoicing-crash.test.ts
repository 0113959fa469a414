// Numbering across crashes: a worker process issues invoices, credit notes and payments and is
// SIGKILLed at a random moment, again and again on the same ledger file. After every kill the
// ledger verifies, every number the worker acknowledged is there, and every series still runs
// 1..n without a gap or a duplicate. (A short, focused cousin of tests/crash.test.ts.)

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { seededRandom } from '../src/shared/seeded-random.ts';
import { openTestLedger, smallShop } from './helpers.ts';

const KILLS = Number(process.env.INVOICE_CRASH_KILLS ?? 6);
const WORKER = join(import.meta.dirname, 'crash', 'invoice-worker.ts');

/** Runs one worker until `delayMs` after it is ready, then SIGKILLs it; returns the numbers it acknowledged. */
function runAndKill(file: string, delayMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: string[] = [];
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) {
        if (l === 'READY') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (l.startsWith('ACK ')) acks.push(l.slice(4));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`worker ended on its own: ${err}`))));
  });
}

/** Every number a list holds, page by page: a fast worker acknowledges more than one page. */
async function everyNumber(app: App, op: 'invoices.list' | 'payments.list'): Promise<string[]> {
  const numbers: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { number: string }[]; nextCursor: string | null } = await app.dispatcher.call(op, { limit: 500, ...(cursor ? { cursor } : {}) }, LOCAL_OWNER);
    numbers.push(...page.items.map((d) => d.number));
    cursor = page.nextCursor;
  } while (cursor);
  return numbers;
}

describe('numbering across crashes', () => {
  it(`stays gapless over ${KILLS} kills`, async () => {
    const t = await openTestLedger();
    await smallShop(t);
    const file = t.file;
    await t.app.close();
    try {
      const rand = seededRandom(Number(process.env.INVOICE_CRASH_SEED ?? 20261123));
      const acked: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        acked.push(...(await runAndKill(file, 100 + Math.floor(rand() * 900))));
        const app = await openApp({ file });
        try {
          const report = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
          expect(report.problems).toEqual([]);
          const docs = await everyNumber(app, 'invoices.list');
          const pays = await everyNumber(app, 'payments.list');
          const all = [...docs, ...pays];
          for (const n of acked) expect(all).toContain(n);
          for (const prefix of ['INV', 'CN', 'PAY']) {
            const counters = all.filter((n) => n.startsWith(`${prefix}-`)).map((n) => Number(n.split('-').at(-1))).sort((a, b) => a - b);
            expect(counters).toEqual(counters.map((_, i) => i + 1));
          }
        } finally {
          await app.close();
        }
      }
      expect(acked.length).toBeGreaterThan(KILLS);
    } finally {
      rmSync(t.dir, { recursive: true, force: true });
    }
  }, 300_000);
});
