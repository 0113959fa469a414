import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { cipherOf, cipherPragmas, keyText, type LedgerKey } from './cipher.ts';
import type { RawDatabase } from './connection.ts';

/**
 * SQLite copies the WAL back into the ledger file (a checkpoint) on the connection that commits,
 * every WAL_DEFAULT_PAGES pages, inside whichever operation happened to commit then. On an
 * encrypted ledger that copy reads each page back from the WAL (decrypt, check its HMAC) and
 * writes it again (encrypt, new HMAC). The app's ledger has it done by a second connection on a
 * worker thread instead, which the operations never wait for.
 *
 * The app's connection keeps a checkpoint of its own at FALLBACK_PAGES, a bound on the WAL should
 * the worker fall behind (or fail): SQLite's own rules then apply, as before.
 */
const WAL_DEFAULT_PAGES = 1000;
const FALLBACK_PAGES = 8000;
/** Writes after opening before the worker starts: a short session (a CLI command, a test) never needs it. */
const START_AFTER_COMMITS = 64;
/** Between the worker's checkpoints while the WAL holds frames (pages written again meanwhile are copied once), and while it is empty. */
const BUSY_MS = 50;
const IDLE_MS = 1000;

/** The worker: a plain script (it runs without the TypeScript loader), given everything in workerData. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
if (workerData.keyText !== undefined) {
  for (const p of workerData.cipherPragmas) db.pragma(p);
  db.key(Buffer.from(workerData.keyText, 'utf8'));
}
// A checkpoint's durability is the checkpointing connection's: the ledger's own setting.
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
db.pragma('cache_size = -2048');
let timer;
let stopping = false;
function tick() {
  let next = workerData.idleMs;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log > 0) next = workerData.busyMs;
  } catch (e) {
    // Busy with another checkpoint (the fallback): try again at the next tick.
    if (e.code !== 'SQLITE_BUSY' && e.code !== 'SQLITE_LOCKED') throw e;
  }
  if (!stopping) timer = setTimeout(tick, next);
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopping = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
tick();
`;

export class BackgroundCheckpointer {
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private commits = 0;
  private stopped = false;

  constructor(
    private readonly raw: RawDatabase,
    private readonly file: string,
    private readonly key: LedgerKey | undefined,
  ) {}

  /** Whether the worker runs (it starts after START_AFTER_COMMITS commits). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Told after every commit that wrote; starts the worker once the session proves to be a writing
   * one. Once only: a worker that failed is not started again at every later commit. `weight`
   * counts a big commit as many: a pulled sync batch (thousands of ops, thousands of pages) proves
   * it at once, and a first pull's every batch would otherwise checkpoint on the applying thread.
   */
  committed(weight = 1): void {
    const before = this.commits;
    this.commits += weight;
    if (before < START_AFTER_COMMITS && this.commits >= START_AFTER_COMMITS) this.start();
  }

  private start(): void {
    if (this.stopped) return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers'),
        file: this.file,
        ...this.keyed(),
        busyMs: BUSY_MS,
        idleMs: IDLE_MS,
      },
    });
    this.exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // The app's own exit never waits for it.
    worker.unref();
    // A worker that fails leaves checkpoints to the app's connection, at SQLite's usual bound.
    worker.on('error', () => {
      if (this.worker === worker) this.worker = undefined;
      if (this.raw.open) this.raw.pragma(`wal_autocheckpoint = ${WAL_DEFAULT_PAGES}`);
    });
    this.worker = worker;
    this.raw.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  }

  /** How the worker's connection reads the file: with the app's connection's cipher and key. */
  private keyed(): { keyText?: string; cipherPragmas?: string[] } {
    if (!this.key) return {};
    const cipher = cipherOf(this.raw);
    return { keyText: keyText(this.key, cipher), cipherPragmas: cipherPragmas(cipher) };
  }

  /** Before the app's connection closes: the worker's connection closes first. For good: it does not start again. */
  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker === undefined) return;
    // Held while it closes, or a process with nothing else to do would exit under it.
    worker.ref();
    worker.postMessage('stop');
    await this.exited;
    if (this.raw.open) this.raw.pragma(`wal_autocheckpoint = ${WAL_DEFAULT_PAGES}`);
  }
}
