import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ACTIONS, convergenceProperty, RUNS, SEED } from './sync-sim.ts';

// The convergence property (tests/sync-sim.ts) with the server on a SQLite file.
// SYNC_SEED explores other seeds; SYNC_RUNS and SYNC_ACTIONS make it larger (npm run soak:sync).

describe('sync convergence', () => {
  it(`five stations converge after ${ACTIONS} random actions (seed ${SEED}, ${RUNS} run(s))`, async () => {
    await fc.assert(convergenceProperty(() => undefined, { checkCoverage: true }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  }, 600_000 + RUNS * ACTIONS * 300);
});
