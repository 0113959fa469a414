import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { cipherOf, encryptInPlace, fileKind, NEW_LEDGER_CIPHER, type LedgerCipher, type LedgerKey } from '../db/cipher.ts';
import { openLedger, openRawDatabase } from '../db/connection.ts';
import { onlineBackup } from '../db/online-backup.ts';
import { runRead } from '../db/transaction.ts';
import { verifyLedger } from '../services/verify.ts';
import { fsyncFile, fsyncFolder, removeDatabaseFiles, swapIn } from './files.ts';

export class EncryptError extends Error {
  readonly code = 'encrypt_failed';
  constructor(message: string) {
    super(message);
    this.name = 'EncryptError';
  }
}

/** Where encrypt works: the new copy, and the ledger as it was, kept until the new one is proven. */
export const encryptFiles = (file: string) => ({ copy: `${file}.encrypting`, aside: `${file}.plain-before-encrypt` });

/** The steps of encryptLedger, named so a test can stop the work at each one (a crash). */
export type EncryptStep = 'copied' | 'rekeyed' | 'verified' | 'swapped';

export type EncryptResult = {
  readonly journalSeq: number;
  readonly alreadyEncrypted: boolean;
  /** The cipher the ledger was encrypted with before, when this run changed it. */
  readonly convertedFrom?: LedgerCipher;
};

export type EncryptOptions = {
  readonly after?: (step: EncryptStep) => void;
  /** The cipher to end with; the one every new ledger gets unless told otherwise (a benchmark's comparison). */
  readonly cipher?: LedgerCipher;
};

/**
 * Converts a plain ledger to an encrypted one in place, safely: an online backup of the ledger
 * into a new file beside it, that copy encrypted (rekey), opened with the key and verified (the
 * same journal head, verify passing), then renamed over the ledger while the old file is kept
 * aside, which is deleted only once the encrypted ledger has opened with the key. A crash at any
 * point leaves a ledger that opens: the old one before the rename, the encrypted one after.
 * Run again after a crash, it finishes the job (or removes the leftover copy).
 *
 * A ledger already encrypted with this key under an older cipher is moved to the current one the
 * same way (its copy is encrypted with the old cipher until the rekey: nothing is ever in clear).
 */
export async function encryptLedger(file: string, key: LedgerKey, options: EncryptOptions = {}): Promise<EncryptResult> {
  const { copy, aside } = encryptFiles(file);
  const target = options.cipher ?? NEW_LEDGER_CIPHER;
  const kind = fileKind(file);
  if (kind === 'new') throw new EncryptError(`There is no ledger at ${file}.`);
  let convertedFrom: LedgerCipher | undefined;
  if (kind === 'encrypted') {
    // Already encrypted (perhaps by a run that stopped before its cleanup): prove the key, then
    // remove what that run left behind, the old copy first.
    const head = await headAndVerify(file, key);
    if (head.cipher === target) {
      removeDatabaseFiles(aside);
      removeDatabaseFiles(copy);
      fsyncFolder(dirname(file));
      return { journalSeq: head.seq, alreadyEncrypted: true };
    }
    convertedFrom = head.cipher;
  }
  removeDatabaseFiles(copy);
  const sourceKey = convertedFrom === undefined ? undefined : key;
  const source = openLedger(file, sourceKey ? { key: sourceKey } : {});
  let seq: number;
  try {
    // A plain ledger's copy is plain for a moment, beside the plain ledger it copies: nothing new
    // is exposed. An encrypted ledger's copy has its cipher and key.
    await onlineBackup(source, copy, sourceKey, { pagesPerStep: 'all' });
    seq = journalHead(source.raw);
    source.raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await source.close();
  }
  try {
    options.after?.('copied');
    const raw = openRawDatabase(copy, sourceKey ? { key: sourceKey } : {});
    try {
      encryptInPlace(raw, key, target);
    } finally {
      raw.close();
    }
    fsyncFile(copy);
    options.after?.('rekeyed');
    if (fileKind(copy) !== 'encrypted') throw new EncryptError('The encrypted copy still reads as plain SQLite; the ledger was left as it was.');
    const copied = await headAndVerify(copy, key);
    if (copied.cipher !== target) throw new EncryptError(`The copy opened as ${copied.cipher}, not ${target}; the ledger was left as it was.`);
    if (copied.seq !== seq) throw new EncryptError(`The encrypted copy ends at journal entry ${copied.seq}, the ledger at ${seq}; the ledger was left as it was.`);
    options.after?.('verified');
    swapIn(file, copy, aside);
  } catch (e) {
    removeDatabaseFiles(copy);
    throw e;
  }
  options.after?.('swapped');
  // The copy was verified before the swap; what is left to prove is that the file now in place
  // is that copy and opens with the key.
  const inPlace = openLedger(file, { key });
  try {
    if (journalHead(inPlace.raw) !== seq) throw new EncryptError(`${file} is not the verified copy; the ledger as it was is kept at ${aside}.`);
  } finally {
    await inPlace.close();
  }
  removeDatabaseFiles(aside);
  fsyncFolder(dirname(file));
  return { journalSeq: seq, alreadyEncrypted: false, ...(convertedFrom ? { convertedFrom } : {}) };
}

function journalHead(raw: ReturnType<typeof openRawDatabase>): number {
  return (raw.prepare('SELECT coalesce(max(seq), 0) AS seq FROM journal').get() as { seq: number }).seq;
}

async function headAndVerify(file: string, key: LedgerKey): Promise<{ seq: number; cipher: LedgerCipher }> {
  const ledger = openLedger(file, { key });
  try {
    const report = await runRead(ledger, (db) => verifyLedger(db));
    if (!report.ok) throw new EncryptError(`${file} fails verify: [${report.problems[0]?.check}] ${report.problems[0]?.message}`);
    return { seq: journalHead(ledger.raw), cipher: cipherOf(ledger.raw) };
  } finally {
    await ledger.close();
  }
}

export const leftoverPlainCopy = (file: string): boolean => existsSync(encryptFiles(file).aside);
