import { systemClock, type Clock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { applyPendingRestore } from './backup/pending-restore.ts';
import type { LedgerKey } from './db/cipher.ts';
import { openLedger, type LedgerDb } from './db/connection.ts';
import { runRead, runWrite } from './db/transaction.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';
import { handlers } from './services/index.ts';
import { needsFulfilmentSeed, seedFulfilment } from './services/fulfilment-seed.ts';
import { needsRoleUpgrade, upgradeBuiltinRoles } from './services/role-upgrade.ts';
import { isInitialized, readSettings, writeInitialSettings, type LedgerInit } from './services/settings.ts';

export type App = {
  readonly ledger: LedgerDb;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  close(): Promise<void>;
};

export type OpenAppOptions = {
  readonly file: string;
  /** The ledger's key when it is (or, new, is to be) encrypted. */
  readonly key?: LedgerKey;
  readonly clock?: Clock;
  /** Used only when the ledger is new; an existing ledger keeps what it was created with. */
  readonly init?: Partial<Omit<LedgerInit, 'stationId'>>;
};

export const DEFAULT_INIT: Omit<LedgerInit, 'stationId'> = { currency: 'CNY', stationCode: 'A', shopName: 'My shop' };

/** Opens (creating and migrating when needed) a ledger file and the dispatcher over it. */
export async function openApp(options: OpenAppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  // A restore asked for from the app (backups.restore) happens here, before the file is opened.
  const restore = await applyPendingRestore(options.file, options.key);
  if (restore) console.log(restore.restored ? `Restored the backup taken ${restore.summary.takenAt}; the previous ledger is kept as ${restore.aside ?? '(none)'}.` : `The requested restore was refused, the ledger is unchanged: ${restore.reason}`);
  const ledger = openLedger(options.file, { ...(options.key ? { key: options.key } : {}), checkpointInBackground: true });
  try {
    if (!(await runRead(ledger, (db) => isInitialized(db)))) {
      const init = { ...DEFAULT_INIT, ...options.init, stationId: newId() };
      await runWrite(ledger, { operation: 'ledger.initialize', at: clock.now().toISOString(), stationId: init.stationId, actor: 'system' }, async (tx) => {
        // Another process may have initialised it while we waited for the write lock.
        if (await isInitialized(tx.db)) return;
        await writeInitialSettings(tx, init);
      });
    }
    const { stationId } = await runRead(ledger, (db) => readSettings(db));
    if (await runRead(ledger, (db) => needsFulfilmentSeed(db))) {
      const at = clock.now().toISOString();
      await runWrite(ledger, { operation: 'ledger.seedFulfilment', at, stationId, actor: 'system' }, async (tx) => {
        if (await needsFulfilmentSeed(tx.db)) await seedFulfilment(tx, at);
      });
    }
    if (await runRead(ledger, async () => needsRoleUpgrade(ledger))) {
      const at = clock.now().toISOString();
      await runWrite(ledger, { operation: 'ledger.upgradeRoles', at, stationId, actor: 'system' }, (tx) => upgradeBuiltinRoles(ledger, tx, at));
    }
    const dispatcher = createDispatcher({ ledger, handlers, clock, stationId: () => stationId });
    return { ledger, dispatcher, clock, close: () => ledger.close() };
  } catch (e) {
    await ledger.close();
    throw e;
  }
}
