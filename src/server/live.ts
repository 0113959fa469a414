// Wakes pulls that wait for new ops (docs/SYNC.md "Live pull"). This is only a hint inside one
// instance: a waiting pull also looks at the database every RECHECK_MS, so ops pushed through
// another instance behind the same balancer reach it too, a little later.

export const RECHECK_MS = 1_000;
/** Longest wait a station may ask for; well inside the server's 30 s request timeout. */
export { MAX_PULL_WAIT_MS as MAX_WAIT_MS } from '../shared/sync/protocol.ts';

export class OpsSignal {
  private waiters = new Map<() => void, string>();
  private closed = false;

  /**
   * New ops were committed by `byDevice`: every other waiting pull looks again now. The pusher's
   * own live pull is not woken for its own ops; it finds them at its next look, off the path of
   * the stations that need them.
   */
  notify(byDevice?: string): void {
    for (const [wake, device] of [...this.waiters]) if (device !== byDevice) wake();
  }

  /**
   * Resolves when ops may be there: notified, RECHECK_MS passed, the request was abandoned or
   * the server is closing. The caller looks at the database again either way.
   */
  wake(device: string, abandoned: AbortSignal): Promise<void> {
    if (this.closed || abandoned.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abandoned.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, RECHECK_MS);
      this.waiters.set(done, device);
      abandoned.addEventListener('abort', done);
    });
  }

  /** The server is closing: nobody waits any more, so close() does not wait for long polls. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.waiters.keys()]) wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
