import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LedgerClient } from '../src/shared/client.ts';
import { createHttpClient } from '../src/shared/http-client.ts';

export type TestServer = { readonly url: string; readonly client: LedgerClient; stop(): Promise<void> };

const BIN = resolve(import.meta.dirname, '..', 'bin', 'shopledger.js');

/** The real CLI in browser mode on a fresh ledger in a temp folder, on a free loopback port. */
export async function startServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, '--ledger', join(dir, 'ledger.sqlite'), 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /browser mode: (http:\/\/\S+?)\/?\s/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    client: createHttpClient(url, (u, init) => fetch(u, init)),
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
