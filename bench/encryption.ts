// The cost of encryption at rest on the core benchmark: confirm throughput and order-list /
// search p95 on the cached ledger as built (plain) and on an encrypted copy of it (SQLCipher 4
// layout, the raw 32-byte key the desktop shell keeps in the keychain; a passphrase costs only
// its KDF at open, not per query). Same machine, same data, the two taking turns (A B, B A, ...)
// so that drift on a shared box falls on both; BENCH_ENC_ROUNDS runs of each, medians.
// Figures: plain over encrypted throughput, and encrypted over plain p95 per search case;
// target <= 1.3x each.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { encryptLedger } from '../src/main/backup/encrypt.ts';
import { removeDatabaseFiles } from '../src/main/backup/files.ts';
import type { LedgerKey } from '../src/main/db/cipher.ts';
import { BENCH_DIR, ensureLedger } from './build-ledger.ts';
import { confirmBench, type BenchVariant } from './confirm.ts';
import { listSearchBench } from './list-search.ts';
import { percentile, round } from './stats.ts';

type Log = (line: string) => void;
type ConfirmFigures = { dispatcher: { confirmsPerSec: number } };
type SearchFigures = { cases: Record<string, { dispatcherMs: { p95: number } }> };

const TARGET = 1.3;
/** A fixed key: the bench's encrypted copy is cached beside the plain ledger and reused. */
const BENCH_KEY: LedgerKey = { kind: 'raw', key: createHash('sha256').update('shopledger bench key').digest() };

async function encryptedCopy(log: Log): Promise<string> {
  const ledger = await ensureLedger(log);
  const file = join(BENCH_DIR, `${ledger.key}.encrypted.sqlite`);
  // Rebuilt whenever the plain cache is newer (a rebuild or a migration applied to it).
  if (existsSync(file) && statSync(file).mtimeMs >= statSync(ledger.file).mtimeMs) return file;
  const tmp = `${file}.building`;
  removeDatabaseFiles(tmp);
  const t0 = performance.now();
  copyFileSync(ledger.file, tmp);
  await encryptLedger(tmp, BENCH_KEY);
  renameSync(tmp, file);
  log(`encryption: encrypted copy of the ${ledger.orders.toLocaleString('en')}-order ledger made (and verified) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

export async function encryptionBench(log: Log): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const plain: BenchVariant = {};
  const encrypted: BenchVariant = { file: await encryptedCopy(log), key: BENCH_KEY };
  const quiet: Log = () => undefined;
  // BENCH_ENC_ROUNDS pairs, alternating who goes first: A B, B A, A B ...
  const rounds = Number(process.env.BENCH_ENC_ROUNDS ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ENC_ROUNDS must be a positive integer, got ${process.env.BENCH_ENC_ROUNDS}`);
  const order = Array.from({ length: rounds }, (_, r) => (r % 2 === 0 ? [plain, encrypted] : [encrypted, plain])).flat();
  const confirms = new Map<BenchVariant, number[]>([
    [plain, []],
    [encrypted, []],
  ]);
  const searches = new Map<BenchVariant, SearchFigures[]>([
    [plain, []],
    [encrypted, []],
  ]);
  for (const [i, v] of order.entries()) {
    const label = v === plain ? 'plain' : 'encrypted';
    const c = (await confirmBench(quiet, v)) as ConfirmFigures;
    confirms.get(v)!.push(c.dispatcher.confirmsPerSec);
    const s = (await listSearchBench(quiet, v)) as SearchFigures;
    searches.get(v)!.push(s);
    log(`encryption: run ${i + 1}/${order.length} (${label}): ${c.dispatcher.confirmsPerSec} confirms/s`);
  }
  // The median of the runs: on a shared machine one disturbed run should not decide the figure.
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  const plainRate = median(confirms.get(plain)!);
  const encRate = median(confirms.get(encrypted)!);
  const confirmRatio = plainRate / encRate;
  const caseNames = Object.keys(searches.get(plain)![0]!.cases);
  const cases: Record<string, { plainP95Ms: number; encryptedP95Ms: number; ratio: number }> = {};
  for (const name of caseNames) {
    const p = median(searches.get(plain)!.map((s) => s.cases[name]!.dispatcherMs.p95));
    const e = median(searches.get(encrypted)!.map((s) => s.cases[name]!.dispatcherMs.p95));
    cases[name] = { plainP95Ms: round(p, 3), encryptedP95Ms: round(e, 3), ratio: round(e / p, 2) };
  }
  const worstSearch = Math.max(...Object.values(cases).map((c) => c.ratio));
  const met = confirmRatio <= TARGET && worstSearch <= TARGET;
  log(`encryption: ledger ${ledger.orders.toLocaleString('en')} orders (${ledger.fileMB} MB), ${rounds} runs per variant (medians), ${process.env.BENCH_CONFIRMS ?? 1000} confirms and ${process.env.BENCH_ITERATIONS ?? 200} calls per search case per run`);
  log(`encryption: confirm  plain ${plainRate.toFixed(1)}/s  encrypted ${encRate.toFixed(1)}/s  cost ${confirmRatio.toFixed(2)}x`);
  for (const [name, c] of Object.entries(cases)) log(`encryption: ${name.padEnd(22)} p95 plain ${c.plainP95Ms.toFixed(3)} ms  encrypted ${c.encryptedP95Ms.toFixed(3)} ms  cost ${c.ratio.toFixed(2)}x`);
  log(`encryption: worst cost ${Math.max(confirmRatio, worstSearch).toFixed(2)}x (target <= ${TARGET}x): ${met ? 'met' : 'MISSED'}`);
  return {
    ledgerOrders: ledger.orders,
    cipher: 'sqlcipher (AES-256-CBC, HMAC-SHA512, 4 KiB pages), raw key',
    confirm: { plainPerSec: round(plainRate, 1), encryptedPerSec: round(encRate, 1), ratio: round(confirmRatio, 3), rounds: Object.fromEntries([...confirms].map(([v, xs]) => [v === plain ? 'plain' : 'encrypted', xs])) },
    search: { cases, worstRatio: worstSearch },
    target: TARGET,
    met,
  };
}
