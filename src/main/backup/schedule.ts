import type { App } from '../app.ts';
import { runRead } from '../db/transaction.ts';
import { readBackupSettings } from '../services/backups.ts';
import { backupLedger, listBackups, type BackupResult } from './backup.ts';

export type BackupSchedule = {
  /** Takes a backup now when the newest one in the folder is due (or always, with force). */
  tick(force?: boolean): Promise<BackupResult | undefined>;
  /** Stops the timer, waits for a running backup, and takes the on-exit backup when set. */
  stop(): Promise<void>;
};

export type ScheduleOptions = {
  /** How often the schedule looks whether a backup is due; one minute by default. */
  readonly checkEveryMs?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
};

/**
 * Scheduled backups in the process that has the ledger open (the desktop shell or browser mode),
 * as the settings say (`backups.updateSettings`): due when the newest backup in the folder is
 * `everyHours` old, rotated after each copy, and one more when the app closes. A failed backup
 * (the folder unplugged) is logged and tried again at the next check; it never stops the app.
 */
export function startBackupSchedule(app: App, options: ScheduleOptions = {}): BackupSchedule {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  let running: Promise<BackupResult | undefined> | undefined;
  let stopped = false;

  const run = async (force: boolean): Promise<BackupResult | undefined> => {
    const settings = await runRead(app.ledger, (db) => readBackupSettings(db));
    if (settings.folder === null) return undefined;
    const at = now();
    const newest = listBackups(settings.folder)[0];
    if (!force && newest && at.getTime() - newest.at.getTime() < settings.everyHours * 3_600_000) return undefined;
    const result = await backupLedger(app.ledger, settings.folder, { now: at, retention: settings });
    log(`Backup written: ${result.file} (${result.bytes} bytes${result.removed.length ? `; rotated out ${result.removed.length}` : ''}).`);
    return result;
  };
  const tick = (force = false): Promise<BackupResult | undefined> => {
    running ??= run(force)
      .catch((e: unknown) => {
        log(`Backup failed, will try again: ${(e as Error).message}`);
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, options.checkEveryMs ?? 60_000);
  timer.unref();
  void tick();

  return {
    tick,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      const settings = await runRead(app.ledger, (db) => readBackupSettings(db));
      if (settings.onExit) await tick(true);
    },
  };
}
