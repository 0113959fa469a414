// Hybrid logical clock: physical milliseconds, a counter for events within the same
// millisecond (or while a peer's clock is ahead), and the station id to break ties. Written as
// one fixed-width string so that comparing two clocks is comparing two strings.

export type Hlc = { readonly ms: number; readonly counter: number; readonly station: string };

const MS_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 10 ** COUNTER_WIDTH - 1;

/** A peer clock further ahead of ours than this is reported as a wrong clock, not followed blindly. */
export const MAX_DRIFT_MS = 5 * 60_000;

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(MS_WIDTH, '0')}.${String(h.counter).padStart(COUNTER_WIDTH, '0')}.${h.station}`;
}

export function parseHlc(text: string): Hlc {
  const m = /^(\d{15})\.(\d{6})\.(.+)$/.exec(text);
  if (!m) throw new Error(`not a clock: ${text}`);
  return { ms: Number(m[1]), counter: Number(m[2]), station: m[3]! };
}

function bump(ms: number, counter: number, station: string): Hlc {
  // The counter overflowing means a million events in one millisecond: move time on by one.
  return counter > MAX_COUNTER ? { ms: ms + 1, counter: 0, station } : { ms, counter, station };
}

/** The clock of a new local event. */
export function tick(last: Hlc | undefined, physicalMs: number, station: string): Hlc {
  if (!last || physicalMs > last.ms) return { ms: physicalMs, counter: 0, station };
  return bump(last.ms, last.counter + 1, station);
}

/** Our clock after seeing a peer's: never behind anything we have seen. */
export function receive(last: Hlc | undefined, remote: Hlc, physicalMs: number, station: string): Hlc {
  const base = last ?? { ms: 0, counter: 0, station };
  const ms = Math.max(base.ms, remote.ms, physicalMs);
  if (ms === base.ms && ms === remote.ms) return bump(ms, Math.max(base.counter, remote.counter) + 1, station);
  if (ms === base.ms) return bump(ms, base.counter + 1, station);
  if (ms === remote.ms) return bump(ms, remote.counter + 1, station);
  return { ms, counter: 0, station };
}
