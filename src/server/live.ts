// Wakes pulls that wait for new ops (docs/SYNC.md "Live pull"). This is only a hint inside one
// instance: a waiting pull also looks at the database every RECHECK_MS, so ops pushed through
// another instance behind the same balancer reach it too, a little later.

export const RECHECK_MS = 1_000;
/** Longest wait a station may ask for; well inside the server's 30 s request timeout. */
export { MAX_PULL_WAIT_MS as MAX_WAIT_MS } from '../shared/sync/protocol.ts';

export class OpsSignal {
  private waiters = new Set<() => void>();
  private closed = false;

  /** New ops were committed: every waiting pull looks again now. */
  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves when ops may be there: notified, RECHECK_MS passed, the request was abandoned or
   * the server is closing. The caller looks at the database again either way.
   */
  wake(abandoned: AbortSignal): Promise<void> {
    if (this.closed || abandoned.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abandoned.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, RECHECK_MS);
      this.waiters.add(done);
      abandoned.addEventListener('abort', done);
    });
  }

  /** The server is closing: nobody waits any more, so close() does not wait for long polls. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
