import { resolve } from 'node:path';
import type { Command} from 'commander';
import { Option } from 'commander';
import { LOCAL_OWNER } from '../shared/permissions.ts';
import type { App } from './app.ts';
import { backupLedger, listBackups } from './backup/backup.ts';
import { encryptLedger, EncryptError } from './backup/encrypt.ts';
import { BackupRefusedError, checkBackup, restoreBackup, type BackupSummary } from './backup/restore.ts';
import { removeDatabaseFiles } from './backup/files.ts';
import { KNOWN_CIPHERS, LedgerKeyError, NEW_LEDGER_CIPHER, type LedgerCipher, type LedgerKey } from './db/cipher.ts';
import { runRead } from './db/transaction.ts';
import { passphraseKey, PassphraseError, PASSPHRASE_ENV } from './keys.ts';
import { readBackupSettings } from './services/backups.ts';

/** Failures of these commands that the user can act on: printed as one line, exit code 1. */
export class BackupCliError extends Error {}

export const isBackupUserError = (e: unknown): e is Error =>
  e instanceof BackupCliError || e instanceof BackupRefusedError || e instanceof LedgerKeyError || e instanceof EncryptError || e instanceof PassphraseError;

export type CliBase = {
  readonly ledgerPath: (cmd: Command) => string;
  readonly withApp: <T>(cmd: Command, fn: (app: App) => Promise<T>) => Promise<T>;
};

/** The key given to this run: --passphrase-file, or the environment. */
export function cliKey(cmd: Command): LedgerKey | undefined {
  const { passphraseFile } = cmd.optsWithGlobals() as { passphraseFile?: string };
  return passphraseKey({ passphraseFile: passphraseFile === undefined ? undefined : resolve(passphraseFile) });
}

const count = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BackupCliError(`${name} must be a whole number, not ${v}`);
  return n;
};

function describe(s: BackupSummary): string[] {
  return [
    `Backup ${s.file}`,
    `  taken       ${s.takenAt}${s.encrypted ? ' (encrypted)' : ' (plain)'}, ${s.bytes} bytes`,
    `  holds       ${s.orders} orders, ${s.products} products, ${s.customers} customers`,
    `  journal     up to entry ${s.journalSeq}${s.journalAt ? ` (${s.journalAt})` : ''}`,
    '  verify      passed (integrity, journal chain and replay, stock against movements)',
  ];
}

export function registerBackupCommands(program: Command, base: CliBase): void {
  program
    .command('encrypt')
    .description(
      `encrypt a plain ledger in place with a passphrase (--passphrase-file, or ${PASSPHRASE_ENV}), or move an encrypted one to another cipher with the same key: a new encrypted copy is verified, then swapped in`,
    )
    .addOption(
      new Option('--cipher <name>', `${NEW_LEDGER_CIPHER}: authenticated encryption on the CPU's AES instructions, about the speed of a plain ledger; sqlcipher-4: the layout SQLCipher 4 tools open, at about 1.5 times a plain ledger's cost per order`)
        .choices(KNOWN_CIPHERS)
        .default(NEW_LEDGER_CIPHER),
    )
    .action(async (opts: { cipher: LedgerCipher }, cmd: Command) => {
      const key = cliKey(cmd);
      if (!key) throw new BackupCliError(`encrypt needs a passphrase: --passphrase-file <file> or ${PASSPHRASE_ENV}.`);
      const r = await encryptLedger(base.ledgerPath(cmd), key, { cipher: opts.cipher });
      console.log(
        r.alreadyEncrypted
          ? `The ledger was already encrypted with this key and ${opts.cipher} (journal entry ${r.journalSeq}); leftovers removed.`
          : r.convertedFrom
            ? `Re-encrypted the ledger from ${r.convertedFrom} to ${opts.cipher} with the same key (journal up to entry ${r.journalSeq}, verified).`
            : `Encrypted the ledger with ${opts.cipher} (journal up to entry ${r.journalSeq}, verified).`,
      );
    });

  program
    .command('backup')
    .description('take an online backup now (safe while the app writes), encrypted with the ledger\'s key, into the backup folder, then rotate')
    .option('--to <folder>', 'folder to write to (default: the folder in the backup settings)')
    .addOption(new Option('--keep-daily <n>', 'rotation: newest backup of each of the last N days (default: settings)').argParser(count('--keep-daily')))
    .addOption(new Option('--keep-monthly <n>', 'rotation: newest backup of each of the last M months (default: settings)').argParser(count('--keep-monthly')))
    .action(async (opts: { to?: string; keepDaily?: number; keepMonthly?: number }, cmd: Command) => {
      const result = await base.withApp(cmd, async (app) => {
        const settings = await runRead(app.ledger, (db) => readBackupSettings(db));
        const folder = opts.to ?? settings.folder;
        if (folder === null) throw new BackupCliError('No backup folder is set: give --to <folder> or set one with backup-settings --folder.');
        // Another process (the app) may be writing: one read snapshot, which does not block it.
        return backupLedger(app.ledger, resolve(folder), {
          pagesPerStep: 'all',
          retention: { keepDaily: opts.keepDaily ?? settings.keepDaily, keepMonthly: opts.keepMonthly ?? settings.keepMonthly },
        });
      });
      console.log(`Backup written: ${result.file} (${result.bytes} bytes).`);
      for (const name of result.removed) console.log(`  rotated out ${name}`);
    });

  program
    .command('backups')
    .description('list the backups in the backup folder, newest first')
    .option('--folder <folder>', 'folder to list (default: the folder in the backup settings)')
    .action(async (opts: { folder?: string }, cmd: Command) => {
      const folder = opts.folder ?? (await base.withApp(cmd, (app) => app.dispatcher.call('backups.settings', {}, LOCAL_OWNER))).folder;
      if (folder === null) throw new BackupCliError('No backup folder is set: give --folder <folder> or set one with backup-settings --folder.');
      const items = listBackups(folder);
      for (const b of items) console.log(`${b.at.toISOString()}  ${String(b.bytes).padStart(12)}  ${b.file}`);
      console.log(`${items.length} backup(s) in ${resolve(folder)}.`);
    });

  program
    .command('backup-settings')
    .description('show or change the backup folder, schedule and rotation used by the app')
    .option('--folder <folder>', 'absolute folder for backups (a USB stick, a network share)')
    .addOption(new Option('--every-hours <n>', 'take a backup when the newest is this many hours old').argParser(count('--every-hours')))
    .addOption(new Option('--keep-daily <n>', 'keep the newest backup of each of the last N days').argParser(count('--keep-daily')))
    .addOption(new Option('--keep-monthly <n>', 'keep the newest backup of each of the last M months').argParser(count('--keep-monthly')))
    .option('--on-exit', 'also back up when the app closes')
    .option('--no-on-exit', 'do not back up when the app closes')
    .action(async (opts: { folder?: string; everyHours?: number; keepDaily?: number; keepMonthly?: number; onExit?: boolean }, cmd: Command) => {
      const s = await base.withApp(cmd, (app) => {
        const change = {
          ...(opts.folder !== undefined ? { folder: resolve(opts.folder) } : {}),
          ...(opts.everyHours !== undefined ? { everyHours: opts.everyHours } : {}),
          ...(opts.keepDaily !== undefined ? { keepDaily: opts.keepDaily } : {}),
          ...(opts.keepMonthly !== undefined ? { keepMonthly: opts.keepMonthly } : {}),
          ...(opts.onExit !== undefined ? { onExit: opts.onExit } : {}),
        };
        return Object.keys(change).length === 0 ? app.dispatcher.call('backups.settings', {}, LOCAL_OWNER) : app.dispatcher.call('backups.updateSettings', change, LOCAL_OWNER);
      });
      console.log(`folder ${s.folder ?? '(none: no scheduled backups)'}; every ${s.everyHours} h; keep ${s.keepDaily} daily and ${s.keepMonthly} monthly; on exit ${s.onExit ? 'yes' : 'no'}`);
    });

  program
    .command('restore')
    .description('check a backup (integrity, journal chain, stock against movements), show what it holds, and with --yes put it in place of the ledger (the current one is kept aside)')
    .argument('<backup>', 'the backup file')
    .option('--yes', 'restore it: without this only the check and the summary are shown')
    .action(async (backup: string, opts: { yes?: boolean }, cmd: Command) => {
      const file = base.ledgerPath(cmd);
      const key = cliKey(cmd);
      if (!opts.yes) {
        const { staged, summary } = await checkBackup(resolve(backup), file, key);
        removeDatabaseFiles(staged);
        for (const line of describe(summary)) console.log(line);
        console.log('Nothing was changed. Close the app and run again with --yes to restore this backup.');
        return;
      }
      const { summary, aside, awaitingPull } = await restoreBackup(resolve(backup), file, key);
      for (const line of describe(summary)) console.log(line);
      console.log(`Restored into ${file}.${aside ? ` The ledger it replaced is kept at ${aside}.` : ''}`);
      if (awaitingPull) console.log('This station syncs with a server: it hands out no new numbers until it has synced once (sync-now, or the app), so that work done after this backup comes back first.');
    });
}
