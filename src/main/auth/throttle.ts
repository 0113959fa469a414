/**
 * Slows down guessing: after `freeTries` wrong passwords for the same key (a user name, an
 * address), each further try must wait base × 2^(extra − 1) seconds, capped; a success clears
 * the user's key. Kept in memory per station process: a restart forgets it, but a restart is
 * not something a guesser at the sign-in screen or the HTTP port can do. The times come from
 * the dispatcher's clock, so tests can move time.
 */
export type ThrottleRule = { readonly freeTries: number; readonly baseSeconds: number; readonly maxSeconds: number; readonly forgetAfterSeconds: number };

export const SIGN_IN_RULE: ThrottleRule = { freeTries: 3, baseSeconds: 1, maxSeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 };

type Entry = { failures: number; lastAt: number };

export function delaySeconds(failures: number, rule: ThrottleRule): number {
  const extra = failures - rule.freeTries;
  if (extra <= 0) return 0;
  return Math.min(rule.maxSeconds, rule.baseSeconds * 2 ** Math.min(extra - 1, 30));
}

export class Throttle {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly rule: ThrottleRule = SIGN_IN_RULE) {}

  /** Seconds until any of the keys may try again (0: now). */
  waitSeconds(keys: readonly string[], nowMs: number): number {
    let wait = 0;
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e) continue;
      if (nowMs - e.lastAt > this.rule.forgetAfterSeconds * 1000) {
        this.entries.delete(key);
        continue;
      }
      const until = e.lastAt + delaySeconds(e.failures, this.rule) * 1000;
      wait = Math.max(wait, Math.ceil((until - nowMs) / 1000));
    }
    return wait;
  }

  fail(keys: readonly string[], nowMs: number): void {
    for (const key of keys) {
      const e = this.entries.get(key);
      this.entries.set(key, { failures: (e?.failures ?? 0) + 1, lastAt: nowMs });
    }
    if (this.entries.size > 10_000) {
      // A flood of made-up names must not grow memory without bound: drop the oldest half.
      const oldest = [...this.entries].sort((a, b) => a[1].lastAt - b[1].lastAt).slice(0, 5_000);
      for (const [key] of oldest) this.entries.delete(key);
    }
  }

  clear(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}

const byStation = new Map<string, Throttle>();
/** One throttle per ledger station in this process. */
export function signInThrottle(stationId: string): Throttle {
  let t = byStation.get(stationId);
  if (!t) byStation.set(stationId, (t = new Throttle()));
  return t;
}
