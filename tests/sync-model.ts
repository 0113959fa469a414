import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../src/main/app.ts';
import { restoreBackup } from '../src/main/backup/restore.ts';
import { SyncClient } from '../src/main/sync/client.ts';
import { httpTransport } from '../src/main/sync/http-transport.ts';
import { connectStation, stationIdOf } from '../src/main/sync/setup.ts';
import { getState } from '../src/main/sync/state.ts';
import { createEnrollment } from '../src/server/devices.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { ChaosNetwork } from './sync-chaos.ts';
import type { TestServer } from './sync-helpers.ts';

// One station of the convergence simulation: a real ledger file, the real dispatcher, the real
// sync client, and a chaotic network to the real server.

export class SimStation {
  app!: App;
  client!: SyncClient;
  net!: ChaosNetwork;
  backup: string | undefined;
  readonly file: string;

  constructor(
    readonly code: string,
    readonly dir: string,
    private readonly server: TestServer,
    private readonly random: () => number,
  ) {
    this.file = join(dir, `${code}.sqlite`);
  }

  async open(): Promise<void> {
    this.app = await openApp({ file: this.file });
    const token = getState(this.app.ledger.prepare, 'device_token');
    if (token) this.attach(token);
  }

  private attach(token: string): void {
    const wasPartitioned = this.net?.partitioned ?? false;
    // The stations stand for other machines on a network: their answers come gzip'd, as from a
    // server elsewhere (a server on loopback is otherwise asked for plain answers).
    this.net = new ChaosNetwork(httpTransport(() => this.server.url, token, { compressAnswers: true }), this.random);
    this.net.partitioned = wasPartitioned;
    this.client = new SyncClient({ ledger: this.app.ledger, stationId: stationIdOf(this.app.ledger), transport: this.net });
  }

  async enroll(): Promise<void> {
    await this.call('settings.update', { stationCode: this.code });
    const { code } = await createEnrollment(this.server.storage, 'station');
    await connectStation(this.app.ledger, this.server.url, code, `station ${this.code}`);
    this.attach(getState(this.app.ledger.prepare, 'device_token')!);
  }

  call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> {
    return this.app.dispatcher.call(name, input, LOCAL_OWNER);
  }

  /** A business refusal (no stock, an illegal step) is part of the simulation; anything else is a bug. */
  async attempt<N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N> | undefined> {
    try {
      return await this.call(name, input);
    } catch (e) {
      if (e instanceof AppError && e.code !== 'internal') return undefined;
      throw e;
    }
  }

  /** One sync round; a failure of the (chaotic) network is expected and leaves things to the next round. */
  async sync(): Promise<boolean> {
    try {
      await this.client.syncOnce();
      return true;
    } catch (e) {
      if ((e as { retriable?: boolean }).retriable) return false;
      throw e;
    }
  }

  async takeBackup(): Promise<void> {
    this.backup = `${this.file}.backup`;
    await this.app.ledger.raw.backup(this.backup);
  }

  /** The disk died: the station comes back from its last backup copy, through ShopLedger's restore. */
  async restore(): Promise<void> {
    if (!this.backup) return;
    await this.client.stop();
    await this.app.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.file}${suffix}`, { force: true });
    const { awaitingPull } = await restoreBackup(this.backup, this.file, undefined);
    if (!awaitingPull) throw new Error(`station ${this.code} was restored without the mark that holds its numbering`);
    await this.open();
  }

  /** Restored and not caught up with the server yet: the app refuses new numbers (and the simulation waits). */
  async mustRecover(): Promise<boolean> {
    return (await this.call('sync.status', {})).restoredAt !== null;
  }

  rows<T>(sql: string, ...params: unknown[]): T[] {
    return this.app.ledger.raw.prepare(sql).all(...params) as T[];
  }
}
