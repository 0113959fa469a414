import { describe, expect, it } from 'vitest';
import { isIdle } from './idle.ts';

describe('screen lock', () => {
  it('locks exactly when the idle minutes have passed since the last touch', () => {
    const t0 = Date.parse('2026-03-01T09:00:00Z');
    expect(isIdle(t0, t0 + 15 * 60_000 - 1, 15)).toBe(false);
    expect(isIdle(t0, t0 + 15 * 60_000, 15)).toBe(true);
    expect(isIdle(t0, t0 + 60_000, 1)).toBe(true);
    expect(isIdle(t0 + 10 * 60_000, t0 + 20 * 60_000, 15)).toBe(false);
  });
});
