import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LedgerClient } from '../src/shared/client.ts';
import { createHttpClient } from '../src/shared/http-client.ts';

export type TestServer = {
  readonly url: string;
  /** Signed in as the owner (Bearer session token). */
  readonly client: LedgerClient;
  /** The owner account made by first-run setup; e2e/auth.ts signs the browser in with it. */
  readonly owner: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
};

export const E2E_OWNER = { username: 'owner', displayName: 'Shop Owner', password: 'e2e-owner-password' } as const;

const BIN = resolve(import.meta.dirname, '..', 'bin', 'shopledger.js');

/** The real CLI in browser mode on a fresh ledger in a temp folder, on a free loopback port. */
export async function startServer(options: { readonly setup?: boolean; readonly prepare?: (ledgerFile: string) => void } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-e2e-'));
  // Something done to the ledger file before the app opens it (enrolling it with a sync server).
  options.prepare?.(join(dir, 'ledger.sqlite'));
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
  // First-run setup through the API, so every spec starts with an owner and a session.
  const anonymous = createHttpClient(url, (u, init) => fetch(u, init));
  const token = options.setup === false ? '' : (await anonymous.call('session.setupOwner', E2E_OWNER)).token;
  return {
    url,
    client: createHttpClient(url, (u, init) => fetch(u, init), () => ({ authorization: `Bearer ${token}` })),
    owner: { username: E2E_OWNER.username, password: E2E_OWNER.password },
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
