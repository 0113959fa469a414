import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3-multiple-ciphers';

// BENCH_SYNC_SQL=1 prints where the first pull's SQL time went, by statement text (the server's
// statements too: they share the process). It wraps better-sqlite3's Statement methods for the
// pull alone; a statement's triggers (search index rows) count in the statement that fired them.

type Timed = { calls: number; ns: bigint };

/** The process's I/O counters (Linux): write and sync calls do not depend on the machine's load. */
function io(): Record<string, number> {
  if (!existsSync('/proc/self/io')) return {};
  return Object.fromEntries(readFileSync('/proc/self/io', 'utf8').trim().split('\n').map((l) => { const [k, v] = l.split(':'); return [k!, Number(v)]; }));
}
const METHODS = ['run', 'get', 'all', 'iterate'] as const;

export function startSqlProfile(db: Database): { stop(log: (line: string) => void): void } {
  if (!process.env.BENCH_SYNC_SQL) return { stop: () => undefined };
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = METHODS.map((m) => [m, proto[m]!] as const);
  const times = new Map<string, Timed>();
  const io0 = io();
  for (const [m, original] of originals) {
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return original.apply(this, args);
      } finally {
        const key = this.source.replace(/\s+/g, ' ').slice(0, 110);
        const t = times.get(key) ?? { calls: 0, ns: 0n };
        t.calls++;
        t.ns += process.hrtime.bigint() - t0;
        times.set(key, t);
      }
    };
  }
  return {
    stop(log) {
      for (const [m, original] of originals) proto[m] = original;
      const io1 = io();
      log(`I/O during the pull: ${Object.keys(io1).map((k) => `${k} ${(io1[k]! - io0[k]!).toLocaleString('en')}`).join(', ')}`);
      const total = [...times.values()].reduce((s, t) => s + t.ns, 0n);
      log(`SQL time during the pull: ${(Number(total) / 1e9).toFixed(2)} s`);
      for (const [sql, t] of [...times].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 20)) {
        log(`  ${((Number(t.ns) / Number(total)) * 100).toFixed(1).padStart(5)}% ${(Number(t.ns) / 1e6).toFixed(0).padStart(6)} ms ${String(t.calls).padStart(7)}x  ${sql}`);
      }
    },
  };
}
