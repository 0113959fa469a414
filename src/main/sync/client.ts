import { randomUUID } from 'node:crypto';
import { MAX_BATCH_OPS } from '../../shared/sync/protocol.ts';
import type { LedgerDb } from '../db/connection.ts';
import { applyPulled } from './apply-batch.ts';
import { SyncHttpError, type SyncTransport } from './http-transport.ts';
import { pendingOps } from './outbox.ts';
import { getNumber, setState } from './state.ts';

export type SyncClientOptions = {
  readonly ledger: LedgerDb;
  readonly stationId: string;
  readonly transport: SyncTransport;
  readonly now?: () => Date;
  readonly batchSize?: number;
  /** Pause between rounds while all is well. */
  readonly intervalMs?: number;
  /** Longest pause after failures (the pause doubles from intervalMs up to this). */
  readonly maxBackoffMs?: number;
};

export type RoundResult = { readonly pushed: number; readonly pulled: number; readonly applied: number; readonly stale: number };

/**
 * The station's sync loop: push what the server has not acknowledged, then pull after our
 * cursor until the server has nothing more. Every database step takes the ledger connection's
 * lock for a moment only, so the person at the station never waits for the network.
 */
export class SyncClient {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private failures = 0;
  private round: Promise<RoundResult> | undefined;
  private readonly now: () => Date;
  private readonly batch: number;

  constructor(private readonly options: SyncClientOptions) {
    this.now = options.now ?? (() => new Date());
    this.batch = Math.min(options.batchSize ?? MAX_BATCH_OPS, MAX_BATCH_OPS);
  }

  /** Runs under the connection's lock, so it never lands inside an operation's open transaction. */
  private locked<T>(fn: () => T): Promise<T> {
    return this.options.ledger.db.connection().execute(async () => fn());
  }

  async push(): Promise<number> {
    const { ledger, transport, stationId } = this.options;
    let pushed = 0;
    for (;;) {
      const ops = await this.locked(() => pendingOps(ledger, this.batch));
      if (ops.length === 0) return pushed;
      await transport.push({ batchId: randomUUID(), sentAt: this.now().toISOString(), station: stationId, ops });
      const top = ops[ops.length - 1]!.seq;
      // The answer may come late or twice: the acknowledged point only ever moves forward.
      await this.locked(() => setState(ledger.prepare, 'pushed_seq', Math.max(getNumber(ledger.prepare, 'pushed_seq'), top)));
      pushed += ops.length;
    }
  }

  async pull(): Promise<{ pulled: number; applied: number; stale: number }> {
    const { ledger, transport, stationId } = this.options;
    let pulled = 0;
    let applied = 0;
    let stale = 0;
    for (;;) {
      const after = await this.locked(() => getNumber(ledger.prepare, 'cursor'));
      const answer = await transport.pull({ after, limit: this.batch });
      const r = await applyPulled(ledger, stationId, answer, this.now);
      if (r.stale) {
        // Counting progress, not passes: a stale answer only means ask again from our cursor.
        stale++;
        continue;
      }
      pulled += answer.ops.length;
      applied += r.applied;
      if (!answer.more) return { pulled, applied, stale };
    }
  }

  /** One full round; concurrent callers share the round in progress. */
  syncOnce(): Promise<RoundResult> {
    this.round ??= (async () => {
      const { ledger } = this.options;
      const at = this.now().toISOString();
      // Shown as "syncing" until the round records its outcome (last_attempt_at) below.
      await this.locked(() => setState(ledger.prepare, 'round_started_at', at));
      try {
        const pushed = await this.push();
        const p = await this.pull();
        await this.locked(() =>
          ledger.raw.transaction(() => {
            setState(ledger.prepare, 'last_sync_at', at);
            setState(ledger.prepare, 'last_attempt_at', at);
            setState(ledger.prepare, 'online', 1);
            ledger.prepare("DELETE FROM sync_state WHERE key = 'last_error'").run();
          })(),
        );
        this.failures = 0;
        return { pushed, ...p };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        await this.locked(() =>
          ledger.raw.transaction(() => {
            setState(ledger.prepare, 'last_attempt_at', at);
            setState(ledger.prepare, 'online', e instanceof SyncHttpError && e.status === 0 ? 0 : 1);
            setState(ledger.prepare, 'last_error', message);
          })(),
        );
        this.failures++;
        throw e;
      } finally {
        this.round = undefined;
      }
    })();
    return this.round;
  }

  /** The pause before the next round: the interval while all is well, doubling after failures, with jitter. */
  nextDelay(): number {
    const base = this.options.intervalMs ?? 5_000;
    const max = this.options.maxBackoffMs ?? 5 * 60_000;
    if (this.failures === 0) return base;
    const grown = Math.min(max, base * 2 ** Math.min(this.failures, 20));
    return Math.round(grown / 2 + Math.random() * (grown / 2));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.syncOnce()
        .catch(() => undefined)
        .finally(() => {
          if (this.running) this.timer = setTimeout(loop, this.nextDelay());
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => undefined);
  }
}
