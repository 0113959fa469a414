import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

// The real `shopledger` CLI and sync server, in processes of their own, for the sync specs.

const BIN = resolve(import.meta.dirname, '..', 'bin', 'shopledger.js');

/** Runs the CLI and answers its output; a failing command fails the spec with its stderr. */
export const cli = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`shopledger ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

export function startSyncServer(database: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'server', '--database', database, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/sync server on http/.test(out)) done(child);
    });
    child.once('exit', (code) => fail(new Error(`sync server exited with ${code}: ${out}`)));
  });
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}
