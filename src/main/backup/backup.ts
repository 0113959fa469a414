import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupFileName, parseBackupFileName, rotateBackups, type BackupRetention } from '../../shared/backup-rotation.ts';
import type { LedgerDb } from '../db/connection.ts';
import { openRawDatabase } from '../db/connection.ts';
import { onlineBackup, type OnlineBackupOptions } from '../db/online-backup.ts';
import { fsyncFile, fsyncFolder, removeDatabaseFiles } from './files.ts';

export type BackupFile = { readonly name: string; readonly file: string; readonly at: Date; readonly bytes: number };

export type BackupResult = BackupFile & { readonly pages: number; readonly removed: readonly string[] };

export type BackupOptions = Partial<OnlineBackupOptions> & {
  readonly now?: Date;
  /** Rotation after the copy; none when absent. */
  readonly retention?: BackupRetention;
};

/** Pages per step in the app: about 4 MB, a short pause for the writers between steps. */
const APP_PAGES_PER_STEP = 1000;

/**
 * An online backup of the ledger into `folder`, encrypted with the ledger's key (a plain ledger
 * gives a plain backup). The copy is written under a `.partial` name, checked to open with the
 * key, synced, and only then renamed: a file with a backup's name is always a whole backup.
 */
export async function backupLedger(ledger: LedgerDb, folder: string, options: BackupOptions = {}): Promise<BackupResult> {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const at = options.now ?? new Date();
  const name = backupFileName(at);
  const file = join(dir, name);
  const partial = `${file}.partial`;
  removeDatabaseFiles(partial);
  try {
    const { pages } = await onlineBackup(ledger, partial, ledger.key, { pagesPerStep: options.pagesPerStep ?? APP_PAGES_PER_STEP });
    const check = openRawDatabase(partial, { readonly: true, ...(ledger.key ? { key: ledger.key } : {}) });
    try {
      const ok = check.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw new Error(`the backup copy failed its check: ${String(ok)}`);
    } finally {
      check.close();
    }
    for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    fsyncFile(partial);
    renameSync(partial, file);
    fsyncFolder(dir);
    const removed = options.retention ? rotate(dir, options.retention) : [];
    return { name, file, at, bytes: statSync(file).size, pages, removed };
  } catch (e) {
    removeDatabaseFiles(partial);
    throw e;
  }
}

/** The backups in a folder, newest first; other files (partial copies, anything else) are left out. */
export function listBackups(folder: string): BackupFile[] {
  const dir = resolve(folder);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    // A folder that is not there (a USB stick not plugged in) or not readable holds no backups.
    if (['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM'].includes((e as NodeJS.ErrnoException).code ?? '')) return [];
    throw e;
  }
  const found: BackupFile[] = [];
  for (const name of names) {
    const at = parseBackupFileName(name);
    if (!at) continue;
    const file = join(dir, name);
    const size = statSync(file, { throwIfNoEntry: false })?.size;
    if (size !== undefined) found.push({ name, file, at, bytes: size });
  }
  return found.sort((a, b) => b.at.getTime() - a.at.getTime());
}

/** Deletes the backups rotation does not keep; returns their names. */
export function rotate(folder: string, retention: BackupRetention): string[] {
  const { remove } = rotateBackups(listBackups(folder), retention);
  for (const b of remove) rmSync(b.file, { force: true });
  if (remove.length > 0) fsyncFolder(resolve(folder));
  return remove.map((b) => b.name);
}
