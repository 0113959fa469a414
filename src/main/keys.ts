import { readFileSync } from 'node:fs';
import type { LedgerKey } from './db/cipher.ts';

/** The environment variable the CLI and browser mode read a ledger passphrase from. */
export const PASSPHRASE_ENV = 'SHOPLEDGER_PASSPHRASE';

export class PassphraseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PassphraseError';
  }
}

/**
 * A passphrase from a file (its first line) or from SHOPLEDGER_PASSPHRASE; never from the
 * command line, where other users of the computer could read it in the process list.
 */
export function passphraseKey(options: { readonly passphraseFile?: string | undefined; readonly env?: NodeJS.ProcessEnv } = {}): LedgerKey | undefined {
  let passphrase: string | undefined;
  if (options.passphraseFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(options.passphraseFile, 'utf8');
    } catch (e) {
      throw new PassphraseError(`--passphrase-file ${options.passphraseFile} cannot be read: ${(e as Error).message}`);
    }
    passphrase = text.split(/\r?\n/)[0];
    if (!passphrase) throw new PassphraseError(`--passphrase-file ${options.passphraseFile} is empty: the passphrase is its first line.`);
  } else {
    passphrase = (options.env ?? process.env)[PASSPHRASE_ENV];
    if (passphrase === '') throw new PassphraseError(`${PASSPHRASE_ENV} is set but empty.`);
  }
  return passphrase === undefined ? undefined : { kind: 'passphrase', passphrase };
}
