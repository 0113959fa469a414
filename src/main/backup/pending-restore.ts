import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { LedgerKey } from '../db/cipher.ts';
import { fsyncFile } from './files.ts';
import { BackupRefusedError, restoreBackup, type BackupSummary } from './restore.ts';

// A restore asked for in the app: the running process has the ledger open, so the swap waits for
// the next start, before anything opens the file. The request is a small file beside the ledger
// naming the backup; restoreBackup checks it again then and swaps whole or not at all.

export const pendingRestoreFile = (ledgerFile: string) => `${ledgerFile}.restore-next`;

export function requestRestore(ledgerFile: string, backupFile: string): void {
  const marker = pendingRestoreFile(ledgerFile);
  writeFileSync(`${marker}.tmp`, JSON.stringify({ backup: backupFile }));
  fsyncFile(`${marker}.tmp`);
  renameSync(`${marker}.tmp`, marker);
}

export type PendingRestoreOutcome =
  | { readonly restored: true; readonly summary: BackupSummary; readonly aside: string | undefined }
  | { readonly restored: false; readonly reason: string };

/**
 * Restores the requested backup, if one was requested, before the ledger is opened. A refused
 * backup leaves the ledger as it was; either way the request is used up, so a bad backup never
 * blocks the app from starting.
 */
export async function applyPendingRestore(ledgerFile: string, key: LedgerKey | undefined): Promise<PendingRestoreOutcome | undefined> {
  const marker = pendingRestoreFile(ledgerFile);
  if (!existsSync(marker)) return undefined;
  try {
    const { backup } = JSON.parse(readFileSync(marker, 'utf8')) as { backup: string };
    const { summary, aside } = await restoreBackup(backup, ledgerFile, key);
    return { restored: true, summary, aside };
  } catch (e) {
    if (e instanceof BackupRefusedError || e instanceof SyntaxError) return { restored: false, reason: e.message };
    throw e;
  } finally {
    rmSync(marker, { force: true });
  }
}
