import { copyFileSync, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseBackupFileName } from '../../shared/backup-rotation.ts';
import type { VerifyProblem } from '../../shared/contract/system.ts';
import { fileKind, LedgerKeyError, type LedgerKey } from '../db/cipher.ts';
import { openLedger, openRawDatabase, statementCache } from '../db/connection.ts';
import { LedgerVersionError } from '../db/migrator.ts';
import { runRead } from '../db/transaction.ts';
import { markRestored } from '../sync/state.ts';
import { verifyLedger } from '../services/verify.ts';
import { fsyncFile, removeDatabaseFiles, swapIn } from './files.ts';

export type RefusalReason = 'missing' | 'unreadable' | 'wrong_key' | 'newer_version' | 'failed_verify';

/** A backup that restore will not put in place; the current ledger was not touched. */
export class BackupRefusedError extends Error {
  readonly code = 'backup_refused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly problems: readonly VerifyProblem[] = [],
  ) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

export type BackupSummary = {
  readonly file: string;
  /** When the backup was taken (from its name; the file's time for a renamed copy). */
  readonly takenAt: string;
  readonly bytes: number;
  readonly encrypted: boolean;
  readonly orders: number;
  readonly products: number;
  readonly customers: number;
  readonly journalSeq: number;
  readonly journalAt: string | null;
};

const staging = (ledgerFile: string) => `${ledgerFile}.restoring`;

/**
 * Copies the backup beside the ledger and proves the copy: it opens with the key, its pages are
 * all there, and `verify` passes (integrity, the journal chain and replay, stock against
 * movements). Returns the checked copy's name and what it holds. Refusals are
 * BackupRefusedError; the copy is removed then.
 */
export async function checkBackup(backupFile: string, ledgerFile: string, key: LedgerKey | undefined): Promise<{ staged: string; summary: BackupSummary }> {
  if (!existsSync(backupFile)) throw new BackupRefusedError('missing', `There is no backup at ${backupFile}.`);
  const bytes = statSync(backupFile).size;
  if (bytes === 0) throw new BackupRefusedError('unreadable', `${backupFile} is empty: it is not a backup.`);
  const staged = staging(ledgerFile);
  removeDatabaseFiles(staged);
  try {
    copyFileSync(backupFile, staged);
    fsyncFile(staged);
    const encrypted = checkPages(staged, bytes, key);
    const summary = await proveAndSummarise(staged, key);
    const takenAt = (parseBackupFileName(basename(backupFile)) ?? statSync(backupFile).mtime).toISOString();
    return { staged, summary: { file: backupFile, takenAt, bytes, encrypted, ...summary } };
  } catch (e) {
    removeDatabaseFiles(staged);
    throw refusal(e, backupFile);
  }
}

/**
 * Restores a backup over the ledger: checks it first (checkBackup), moves the current ledger
 * aside (`<ledger>.before-restore-<time>`), and renames the checked copy into place, so the
 * ledger file is always either the old ledger or the whole restored one. The app must not have
 * the ledger open. Returns what was restored and where the old ledger was kept.
 */
export async function restoreBackup(
  backupFile: string,
  ledgerFile: string,
  key: LedgerKey | undefined,
  options: { readonly now?: Date } = {},
): Promise<{ summary: BackupSummary; aside: string | undefined; awaitingPull: boolean }> {
  const { staged, summary } = await checkBackup(backupFile, ledgerFile, key);
  try {
    const awaitingPull = markStagedRestored(staged, key, options.now ?? new Date());
    let aside: string | undefined;
    if (existsSync(ledgerFile)) {
      checkpoint(ledgerFile, key);
      aside = `${ledgerFile}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    }
    swapIn(ledgerFile, staged, aside);
    return { summary, aside, awaitingPull };
  } catch (e) {
    removeDatabaseFiles(staged);
    throw e;
  }
}

/** An enrolled station's restored copy numbers nothing until it has pulled (sync/state.ts markRestored). */
function markStagedRestored(staged: string, key: LedgerKey | undefined, now: Date): boolean {
  const raw = openRawDatabase(staged, key ? { key } : {});
  try {
    return markRestored(statementCache(raw), now.toISOString());
  } finally {
    raw.close();
  }
}

/** The page count the file's header (or, encrypted, its first page) promises must be all there. */
function checkPages(file: string, bytes: number, key: LedgerKey | undefined): boolean {
  const encrypted = fileKind(file) === 'encrypted';
  const raw = openRawDatabase(file, { readonly: true, ...(key ? { key } : {}) });
  try {
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    const pageCount = raw.pragma('page_count', { simple: true }) as number;
    if (pageSize * pageCount !== bytes) {
      throw new BackupRefusedError('unreadable', `The backup is cut short or padded: ${bytes} bytes where it holds ${pageCount} pages of ${pageSize} bytes.`);
    }
    return encrypted;
  } finally {
    raw.close();
  }
}

/** Opens the copy as the app would (bringing an older schema forward), verifies it and counts. */
async function proveAndSummarise(file: string, key: LedgerKey | undefined): Promise<Omit<BackupSummary, 'file' | 'takenAt' | 'bytes' | 'encrypted'>> {
  const ledger = openLedger(file, key ? { key } : {});
  try {
    const report = await runRead(ledger, (db) => verifyLedger(db));
    if (!report.ok) {
      throw new BackupRefusedError(
        'failed_verify',
        `The backup fails verify (${report.problems.length} problem(s)), first: [${report.problems[0]?.check}] ${report.problems[0]?.message}`,
        report.problems,
      );
    }
    const counts = ledger.raw
      .prepare('SELECT (SELECT count(*) FROM sales_order) AS orders, (SELECT count(*) FROM product) AS products, (SELECT count(*) FROM customer) AS customers')
      .get() as { orders: number; products: number; customers: number };
    const head = ledger.raw.prepare('SELECT seq, at FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; at: string } | undefined;
    return { ...counts, journalSeq: head?.seq ?? 0, journalAt: head?.at ?? null };
  } finally {
    await ledger.close();
  }
}

/** Every failure to read a backup becomes a refusal naming the reason; bugs stay what they are. */
function refusal(e: unknown, backupFile: string): unknown {
  if (e instanceof BackupRefusedError) return e;
  if (e instanceof LedgerKeyError) return new BackupRefusedError('wrong_key', `${backupFile} does not open with this key (wrong passphrase or key, or not a ShopLedger backup).`);
  if (e instanceof LedgerVersionError) return new BackupRefusedError('newer_version', e.message);
  const code = (e as { code?: unknown }).code;
  const message = (e as Error).message ?? String(e);
  if ((typeof code === 'string' && code.startsWith('SQLITE_')) || /^Ledger migration \d+/.test(message)) {
    return new BackupRefusedError('unreadable', `${backupFile} is damaged and cannot be read as a ledger (${message}).`);
  }
  return e;
}

/** Folds the ledger's WAL into its file, so moving the file aside moves all of it. */
function checkpoint(file: string, key: LedgerKey | undefined): void {
  let raw;
  try {
    raw = openRawDatabase(file, key ? { key } : {});
  } catch {
    // A ledger too damaged to open (the reason for many restores) is moved aside as it is.
    return;
  }
  try {
    raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    raw.close();
  }
}
