import { backupSettings, DEFAULT_BACKUP_SETTINGS, type BackupSettings } from '../../shared/contract/backups.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { backupLedger, listBackups } from '../backup/backup.ts';
import { requestRestore } from '../backup/pending-restore.ts';
import { BackupRefusedError, checkBackup } from '../backup/restore.ts';
import { removeDatabaseFiles } from '../backup/files.ts';
import type { LedgerDb } from '../db/connection.ts';
import { runRead } from '../db/transaction.ts';
import type { Handlers, JobContext, ReadDb } from './context.ts';

// One setting row (JSON) for the whole backup configuration: it is changed as one.
const KEY = 'backup';

export async function readBackupSettings(db: ReadDb): Promise<BackupSettings> {
  const row = await db.selectFrom('setting').select('value').where('id', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_BACKUP_SETTINGS;
  // A row written by a newer version may carry more fields; only the known ones count.
  const parsed = backupSettings.safeParse({ ...DEFAULT_BACKUP_SETTINGS, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : DEFAULT_BACKUP_SETTINGS;
}

async function folderOf(ledger: LedgerDb): Promise<{ folder: string; settings: BackupSettings }> {
  const settings = await runRead(ledger, (db) => readBackupSettings(db));
  if (settings.folder === null) throw invalid('folder', 'No backup folder is set');
  return { folder: settings.folder, settings };
}

/** Proves a backup of the folder (named, never a path from outside) the way restore will, then drops the checked copy. */
async function proveBackup(ctx: JobContext, name: string) {
  const { ledger } = ctx.host;
  const { folder } = await folderOf(ledger);
  const found = listBackups(folder).find((b) => b.name === name);
  if (!found) throw notFound('Backup', 'name', name);
  try {
    const { staged, summary } = await checkBackup(found.file, ledger.file, ledger.key);
    removeDatabaseFiles(staged);
    const { file: _file, ...rest } = summary;
    return { file: found.file, summary: { name, ...rest } };
  } catch (e) {
    if (e instanceof BackupRefusedError) throw new AppError({ code: 'invalid', field: 'name', message: e.message, issues: [{ field: 'name', message: e.message }], details: { reason: e.reason } });
    throw e;
  }
}

export const backupsHandlers = {
  'backups.settings': (ctx) => readBackupSettings(ctx.db),
  'backups.updateSettings': async (ctx, input) => {
    const current = await readBackupSettings(ctx.db);
    const next: BackupSettings = { ...current, ...input };
    const exists = await ctx.db.selectFrom('setting').select('id').where('id', '=', KEY).executeTakeFirst();
    const value = JSON.stringify(next);
    if (exists) await ctx.tx.update('setting', KEY, { value });
    else await ctx.tx.insert('setting', { id: KEY, value });
    return next;
  },
  'backups.list': async (ctx) => {
    const { folder } = await readBackupSettings(ctx.db);
    const items = folder === null ? [] : listBackups(folder).map((b) => ({ name: b.name, takenAt: b.at.toISOString(), bytes: b.bytes }));
    return { folder, items };
  },
  'backups.run': async (ctx) => {
    const { folder, settings } = await folderOf(ctx.host.ledger);
    let r;
    try {
      r = await backupLedger(ctx.host.ledger, folder, { now: new Date(ctx.now), retention: settings });
    } catch (e) {
      // A folder that is gone (the USB stick unplugged), read-only or full is the person's to fix.
      const code = (e as NodeJS.ErrnoException).code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw invalid('folder', `The backup folder cannot be written (${code})`);
      throw e;
    }
    return { name: r.name, takenAt: r.at.toISOString(), bytes: r.bytes, removed: [...r.removed] };
  },
  'backups.check': async (ctx, input) => (await proveBackup(ctx, input.name)).summary,
  'backups.restore': async (ctx, input) => {
    const { file, summary } = await proveBackup(ctx, input.name);
    requestRestore(ctx.host.ledger.file, file);
    return { ...summary, pending: true as const };
  },
} satisfies Pick<Handlers, 'backups.settings' | 'backups.updateSettings' | 'backups.list' | 'backups.run' | 'backups.check' | 'backups.restore'>;
