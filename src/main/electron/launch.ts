import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds Electron's binary without importing the 'electron' package (which, in plain Node,
 * would try to download it). Undefined when the package or its binary is not installed.
 */
export function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Opens the desktop window on the ledger; resolves with Electron's exit code. */
export function launchElectron(binary: string, mainBundle: string, ledgerFile: string, rendererRoot: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(binary, [mainBundle], {
      stdio: 'inherit',
      env: { ...process.env, SHOPLEDGER_LEDGER: ledgerFile, SHOPLEDGER_RENDERER: rendererRoot, ELECTRON_RUN_AS_NODE: undefined },
    });
    child.once('error', fail);
    child.once('exit', (code) => done(code ?? 0));
  });
}
