import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The sync benchmark's server as it runs in real use: `shopledger server` in a process of its own
// (the real CLI command, its default limits) on the benchmark's server file. The benchmark keeps
// its own connection to the same SQLite file for what an operator's tools do beside a running
// server (filling it through push(), enrollment codes, as `shopledger server-enroll-code` does).
// In the benchmark's own thread the server's page queries, JSON and HTTP work took turns with the
// station's apply, which a station never shares with its server (BENCH_SYNC_SERVER=inline
// measures that way, for comparison).

const CLI = fileURLToPath(new URL('../bin/shopledger.js', import.meta.url));

export type ServerProcess = { readonly url: string; close(): Promise<void> };

export function startServerProcess(database: string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'server', '--database', database, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<ServerProcess>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the sync server process did not start: ${out}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sync server process exited (${code}): ${out}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /sync server on (\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        // SIGTERM: the command closes its server and its storage, then exits.
        close: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
