// One side of the two-process confirm race (tests/race.test.ts): opens the ledger, says READY,
// waits for the shared go file, then confirms its order at once and prints the outcome.
// Run: node --import tsx tests/crash/confirm-race.ts LEDGER ORDER_ID GO_FILE
import { existsSync } from 'node:fs';
import { openApp } from '../../src/main/app.ts';
import { isAppError } from '../../src/shared/errors.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';

export type RaceOutcome =
  | { readonly ok: true; readonly status: string; readonly startedAt: number; readonly endedAt: number }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly details: Record<string, unknown> | null; readonly startedAt: number; readonly endedAt: number };

const GO_TIMEOUT_MS = 60_000;

const [file, orderId, goFile] = process.argv.slice(2);
if (!file || !orderId || !goFile) {
  process.stderr.write('usage: node --import tsx tests/crash/confirm-race.ts LEDGER ORDER_ID GO_FILE\n');
  process.exit(64);
}

const app = await openApp({ file });
// Read the order once so both sides reach the go line with statements prepared and pages cached:
// the race is then about the confirm itself, not about who finished loading first.
await app.dispatcher.call('orders.get', { id: orderId }, LOCAL_OWNER);
process.stdout.write('READY\n');

// Poll every quarter of a millisecond, blocking the thread in between (no timers, whose ~1 ms
// granularity would let one side start late): both sides start within a fraction of a
// millisecond of each other, without burning the CPU the other side still needs to load.
const nap = new Int32Array(new SharedArrayBuffer(4));
const deadline = Date.now() + GO_TIMEOUT_MS;
while (!existsSync(goFile)) {
  if (Date.now() > deadline) {
    process.stderr.write('no go signal\n');
    process.exit(3);
  }
  Atomics.wait(nap, 0, 0, 0.25);
}

// Wall-clock milliseconds with sub-millisecond precision, comparable across the two processes.
const clock = () => performance.timeOrigin + performance.now();
const startedAt = clock();
let outcome: RaceOutcome;
try {
  const order = await app.dispatcher.call('orders.confirm', { id: orderId }, LOCAL_OWNER);
  outcome = { ok: true, status: order.status, startedAt, endedAt: clock() };
} catch (e) {
  if (!isAppError(e)) throw e;
  outcome = { ok: false, code: e.code, message: e.message, details: e.details ?? null, startedAt, endedAt: clock() };
}
await app.close();
process.stdout.write(`RESULT ${JSON.stringify(outcome)}\n`);
