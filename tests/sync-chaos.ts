import { SyncHttpError, type SyncTransport } from '../src/main/sync/http-transport.ts';
import type { PullResponse } from '../src/shared/sync/protocol.ts';

/**
 * The network between a station and the real server, made unreliable: requests go to the real
 * server over loopback, but a partition refuses them, an answer may be lost after the server
 * acted on the request, a push may arrive twice, and pull answers may come late, twice or out
 * of order. Decisions come from the test's seeded random numbers.
 */
export class ChaosNetwork implements SyncTransport {
  partitioned = false;
  private held: PullResponse[] = [];
  readonly counts = { lostAnswers: 0, duplicatePushes: 0, latePulls: 0, repeatedPulls: 0, partitionRefusals: 0 };

  constructor(
    private readonly real: SyncTransport,
    private readonly random: () => number,
    private readonly rate = 0.15,
  ) {}

  private gate(): void {
    if (this.partitioned) {
      this.counts.partitionRefusals++;
      throw new SyncHttpError(0, 'network', 'partitioned');
    }
  }

  async push(req: Parameters<SyncTransport['push']>[0]) {
    this.gate();
    const answer = await this.real.push(req);
    if (this.random() < this.rate) {
      // The same ops again in a new batch (a retry after a lost answer elsewhere): deduplicated.
      this.counts.duplicatePushes++;
      await this.real.push({ ...req, batchId: crypto.randomUUID() });
    }
    if (this.random() < this.rate) {
      this.counts.lostAnswers++;
      throw new SyncHttpError(0, 'network', 'answer lost');
    }
    return answer;
  }

  async pull(req: Parameters<SyncTransport['pull']>[0]) {
    this.gate();
    const answer = await this.real.pull(req);
    const roll = this.random();
    if (roll < this.rate && this.held.length > 0) {
      // A late answer to an earlier request arrives instead of this one.
      this.counts.latePulls++;
      this.held.push(answer);
      return this.held.shift()!;
    }
    if (roll < this.rate * 2) {
      // This answer will arrive again later (duplicated delivery).
      this.counts.repeatedPulls++;
      this.held.push(answer);
    }
    if (roll > 1 - this.rate / 2) {
      this.counts.lostAnswers++;
      throw new SyncHttpError(0, 'network', 'answer lost');
    }
    return answer;
  }
}
