import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/**
 * Builds what `start` and `serve` need when it is missing or older than its sources: the
 * renderer (Vite, to dist/renderer) and the Electron bundles (esbuild, to dist/electron).
 */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIST = join(ROOT, 'dist', 'renderer');
export const ELECTRON_DIST = join(ROOT, 'dist', 'electron');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(output: string, sources: readonly string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(join(ROOT, s)) > built);
}

export async function ensureRenderer(log: (line: string) => void = () => {}): Promise<string> {
  const index = join(RENDERER_DIST, 'index.html');
  if (isStale(index, ['src/renderer', 'src/shared', 'vite.config.ts', 'docs/guide'])) {
    log('Building the app screens (once after each change)...');
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_DIST;
}

export async function ensureElectronBundles(): Promise<string> {
  const main = join(ELECTRON_DIST, 'main.cjs');
  if (isStale(main, ['src/main', 'src/shared', 'migrations'])) {
    const { build } = await import('esbuild');
    const common: BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron', 'better-sqlite3-multiple-ciphers'], logLevel: 'warning' };
    await build({ ...common, entryPoints: [join(ROOT, 'src/main/electron/preload.ts')], outfile: join(ELECTRON_DIST, 'preload.cjs') });
    await build({ ...common, entryPoints: [join(ROOT, 'src/main/electron/main.ts')], outfile: main });
  }
  return main;
}
