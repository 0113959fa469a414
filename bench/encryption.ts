// The cost of encryption at rest on the core benchmark: confirm throughput and order-list /
// search p95 on the cached ledger as built (plain) and on an encrypted copy of it per cipher the
// app writes: AEGIS-256 (the default) and SQLCipher 4's layout (on request); BENCH_ENC_CIPHER
// names one or some of them. The raw 32-byte key the desktop shell keeps in the keychain (a
// passphrase costs only its KDF at open, not per query). Same machine, same data. Confirms: every
// copy open at once, taking turns in blocks of 100 (A B C, C B A, ...), so the disk's drift in
// fsync time falls on all alike. Searches: BENCH_ENC_ROUNDS runs of each, taking turns, medians.
// Figures: plain over encrypted throughput, and encrypted over plain p95 per search case;
// target <= 1.3x each.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { encryptLedger } from '../src/main/backup/encrypt.ts';
import { removeDatabaseFiles } from '../src/main/backup/files.ts';
import { KNOWN_CIPHERS, NEW_LEDGER_CIPHER, type LedgerCipher, type LedgerKey } from '../src/main/db/cipher.ts';
import { BENCH_DIR, ensureLedger } from './build-ledger.ts';
import { openConfirmRig, type BenchVariant } from './confirm.ts';
import { listSearchBench } from './list-search.ts';
import { percentile, round, roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;
type SearchFigures = { cases: Record<string, { dispatcherMs: { p95: number } }> };

const TARGET = 1.3;
const WARMUP = 20;
const BLOCK = 100;
/** A fixed key: the bench's encrypted copy is cached beside the plain ledger and reused. */
const BENCH_KEY: LedgerKey = { kind: 'raw', key: createHash('sha256').update('shopledger bench key').digest() };

/** BENCH_ENC_CIPHER: `all` (default), or one cipher, or several separated by commas. */
function benchCiphers(): LedgerCipher[] {
  const asked = process.env.BENCH_ENC_CIPHER ?? 'all';
  const names = asked === 'all' ? KNOWN_CIPHERS : asked.split(',').map((n) => n.trim());
  return names.map((name) => {
    const cipher = KNOWN_CIPHERS.find((c) => c === name);
    if (cipher === undefined) throw new Error(`BENCH_ENC_CIPHER must be all or one or more of ${KNOWN_CIPHERS.join(', ')}, got ${asked}`);
    return cipher;
  });
}

async function encryptedCopy(log: Log, cipher: LedgerCipher): Promise<string> {
  const ledger = await ensureLedger(log);
  const file = join(BENCH_DIR, `${ledger.key}.encrypted-${cipher}.sqlite`);
  // Rebuilt whenever the plain cache is newer (a rebuild or a migration applied to it).
  if (existsSync(file) && statSync(file).mtimeMs >= statSync(ledger.file).mtimeMs) return file;
  const tmp = `${file}.building`;
  removeDatabaseFiles(tmp);
  const t0 = performance.now();
  copyFileSync(ledger.file, tmp);
  await encryptLedger(tmp, BENCH_KEY, { cipher });
  renameSync(tmp, file);
  // The copy's -wal and -shm stay behind under the old name: the renamed file needs neither.
  removeDatabaseFiles(tmp);
  log(`encryption: ${cipher} copy of the ${ledger.orders.toLocaleString('en')}-order ledger made (and verified) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

export async function encryptionBench(log: Log): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const ciphers = benchCiphers();
  const plain: BenchVariant = {};
  const encrypted: BenchVariant[] = [];
  for (const cipher of ciphers) encrypted.push({ file: await encryptedCopy(log, cipher), key: BENCH_KEY });
  const variants = [plain, ...encrypted];
  const name = (v: BenchVariant) => (v === plain ? 'plain' : ciphers[encrypted.indexOf(v)]!);
  const quiet: Log = () => undefined;
  const perSide = Number(process.env.BENCH_CONFIRMS ?? 1000);
  if (!Number.isInteger(perSide) || perSide < 1) throw new Error(`BENCH_CONFIRMS must be a positive integer, got ${process.env.BENCH_CONFIRMS}`);
  const confirms = await interleavedConfirms(log, variants, perSide);
  log(`encryption: confirms done (${perSide} per variant, in blocks of ${BLOCK} taking turns)`);

  // BENCH_ENC_ROUNDS search runs per variant, the order reversed every other round: A B C, C B A ...
  const rounds = Number(process.env.BENCH_ENC_ROUNDS ?? 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ENC_ROUNDS must be a positive integer, got ${process.env.BENCH_ENC_ROUNDS}`);
  const order = Array.from({ length: rounds }, (_, r) => (r % 2 === 0 ? variants : [...variants].reverse())).flat();
  const searches = new Map<BenchVariant, SearchFigures[]>(variants.map((v) => [v, []]));
  for (const [i, v] of order.entries()) {
    searches.get(v)!.push((await listSearchBench(quiet, v)) as SearchFigures);
    log(`encryption: search run ${i + 1}/${order.length} (${name(v)}) done`);
  }
  // The median of the runs: on a shared machine one disturbed run should not decide the figure.
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  const rate = (ms: number[]) => (ms.length * 1000) / ms.reduce((a, x) => a + x, 0);
  const plainMs = confirms.times[0]!;
  const plainCpu = confirms.cpuPerConfirmMicros[0]!;
  const plainRate = rate(plainMs);
  const p = summarize(plainMs);
  const caseNames = Object.keys(searches.get(plain)![0]!.cases);
  log(`encryption: ledger ${ledger.orders.toLocaleString('en')} orders (${ledger.fileMB} MB), ${perSide} confirms per variant, ${rounds} search runs per variant (medians) of ${process.env.BENCH_ITERATIONS ?? 1000} calls per case; raw key`);
  log(`encryption: confirm plain ${plainRate.toFixed(1)}/s (p50 ${p.p50.toFixed(2)} ms), CPU ${plainCpu.toFixed(0)} µs per confirm`);
  const results: Record<string, unknown> = {};
  for (const [k, v] of encrypted.entries()) {
    const cipher = ciphers[k]!;
    const encMs = confirms.times[k + 1]!;
    const encCpu = confirms.cpuPerConfirmMicros[k + 1]!;
    const encRate = rate(encMs);
    const confirmRatio = plainRate / encRate;
    const cases: Record<string, { plainP95Ms: number; encryptedP95Ms: number; ratio: number }> = {};
    for (const c of caseNames) {
      const pp = median(searches.get(plain)!.map((s) => s.cases[c]!.dispatcherMs.p95));
      const e = median(searches.get(v)!.map((s) => s.cases[c]!.dispatcherMs.p95));
      cases[c] = { plainP95Ms: round(pp, 3), encryptedP95Ms: round(e, 3), ratio: round(e / pp, 2) };
    }
    const worstSearch = Math.max(...Object.values(cases).map((c) => c.ratio));
    const met = confirmRatio <= TARGET && worstSearch <= TARGET;
    const e = summarize(encMs);
    log(`encryption: ${cipher}: confirm ${encRate.toFixed(1)}/s (p50 ${e.p50.toFixed(2)} ms), cost ${confirmRatio.toFixed(2)}x; CPU ${encCpu.toFixed(0)} µs per confirm (${(encCpu / plainCpu).toFixed(2)}x; the rest of a confirm's time is waiting for fsync)`);
    for (const [c, f] of Object.entries(cases)) log(`encryption: ${cipher}: ${c.padEnd(26)} p95 plain ${f.plainP95Ms.toFixed(3)} ms  encrypted ${f.encryptedP95Ms.toFixed(3)} ms  cost ${f.ratio.toFixed(2)}x`);
    log(`encryption: ${cipher}: worst cost ${Math.max(confirmRatio, worstSearch).toFixed(2)}x (target <= ${TARGET}x): ${met ? 'met' : 'MISSED'}${cipher === NEW_LEDGER_CIPHER ? ' (the default cipher)' : ''}`);
    results[cipher] = {
      confirm: { encryptedPerSec: round(encRate, 1), ratio: round(confirmRatio, 3), cpuMicrosPerConfirm: round(encCpu, 0), encryptedMs: roundSummary(e) },
      search: { cases, worstRatio: worstSearch },
      met,
    };
  }
  return {
    ledgerOrders: ledger.orders,
    key: 'raw',
    plain: { confirmPerSec: round(plainRate, 1), cpuMicrosPerConfirm: round(plainCpu, 0), confirmMs: roundSummary(p) },
    ciphers: results,
    defaultCipher: NEW_LEDGER_CIPHER,
    target: TARGET,
  };
}

/**
 * Confirms on a fresh copy of each variant, both open at once and taking turns in blocks, so a
 * slow patch of the disk hits both: the milliseconds of each confirm, and the process's CPU
 * time per confirm (waiting for fsync is not CPU), per variant.
 */
async function interleavedConfirms(log: Log, variants: readonly BenchVariant[], perSide: number): Promise<{ times: number[][]; cpuPerConfirmMicros: number[] }> {
  const rigs = [];
  try {
    for (const [i, v] of variants.entries()) rigs.push(await openConfirmRig(log, v, WARMUP + perSide, `encryption-${i}`));
    for (let i = 0; i < WARMUP; i++) for (const rig of rigs) await rig.confirm(rig.drafts[i]!);
    const times = rigs.map((): number[] => []);
    const cpuMicros = rigs.map(() => 0);
    for (let b = 0; b * BLOCK < perSide; b++) {
      const from = WARMUP + b * BLOCK;
      const to = Math.min(WARMUP + perSide, from + BLOCK);
      const turn = b % 2 === 0 ? rigs.map((_, k) => k) : rigs.map((_, k) => rigs.length - 1 - k);
      for (const k of turn) {
        const cpu = process.cpuUsage();
        for (let i = from; i < to; i++) times[k]!.push(await rigs[k]!.confirm(rigs[k]!.drafts[i]!));
        const used = process.cpuUsage(cpu);
        cpuMicros[k]! += used.user + used.system;
      }
    }
    return { times, cpuPerConfirmMicros: cpuMicros.map((c) => c / perSide) };
  } finally {
    for (const rig of rigs) await rig.close();
  }
}
