import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, parseHlc, receive, tick, type Hlc } from './hlc.ts';

const seed = 20261123;
const hlc = fc.record({ ms: fc.integer({ min: 0, max: 2 ** 45 }), counter: fc.integer({ min: 0, max: 999_999 }), station: fc.constantFrom('a', 'b', 'c') });

describe('hybrid logical clock', () => {
  it('orders as strings exactly as (ms, counter, station)', () => {
    fc.assert(
      fc.property(hlc, hlc, (x, y) => {
        const byFields = x.ms - y.ms || x.counter - y.counter || (x.station < y.station ? -1 : x.station > y.station ? 1 : 0);
        const byText = formatHlc(x) < formatHlc(y) ? -1 : formatHlc(x) > formatHlc(y) ? 1 : 0;
        expect(Math.sign(byFields)).toBe(byText);
        expect(parseHlc(formatHlc(x))).toEqual(x);
      }),
      { seed },
    );
  });

  it('never goes backwards: a new event is after our last and after every clock received', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), hlc, fc.integer({ min: 0, max: 2 ** 45 })), { maxLength: 50 }), (steps) => {
        let last: Hlc | undefined;
        for (const [remote, r, now] of steps) {
          const next = remote ? receive(last, r, now, 'z') : tick(last, now, 'z');
          if (last) expect(formatHlc(next) > formatHlc(last)).toBe(true);
          if (remote) expect(next.ms > r.ms || (next.ms === r.ms && next.counter > r.counter) || next.ms > r.ms).toBe(true);
          expect(next.ms).toBeGreaterThanOrEqual(now);
          last = next;
        }
      }),
      { seed },
    );
  });
});
