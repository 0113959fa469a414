import { backupSettings, DEFAULT_BACKUP_SETTINGS, type BackupSettings } from '../../shared/contract/backups.ts';
import { listBackups } from '../backup/backup.ts';
import type { Handlers, ReadDb } from './context.ts';

// One setting row (JSON) for the whole backup configuration: it is changed as one.
const KEY = 'backup';

export async function readBackupSettings(db: ReadDb): Promise<BackupSettings> {
  const row = await db.selectFrom('setting').select('value').where('id', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_BACKUP_SETTINGS;
  // A row written by a newer version may carry more fields; only the known ones count.
  const parsed = backupSettings.safeParse({ ...DEFAULT_BACKUP_SETTINGS, ...(JSON.parse(row.value) as object) });
  return parsed.success ? parsed.data : DEFAULT_BACKUP_SETTINGS;
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
} satisfies Pick<Handlers, 'backups.settings' | 'backups.updateSettings' | 'backups.list'>;
