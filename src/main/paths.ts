import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where a station keeps its ledger when no --ledger is given: the OS's per-user data folder. */
export function defaultLedgerFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SHOPLEDGER_LEDGER) return env.SHOPLEDGER_LEDGER;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'ShopLedger', 'ledger.sqlite');
}
