import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport, isLoopback, MAC_HEADER, SYNC_CONTENT_TYPE, SyncHttpError } from '../src/main/sync/http-transport.ts';
import { syncClientFor } from '../src/main/sync/setup.ts';
import { getState } from '../src/main/sync/state.ts';
import { encodeBody, macOf } from '../src/server/wire.ts';
import { addStation, startServer, type TestStation } from './sync-helpers.ts';

// Pull answers are gzip'd for a server elsewhere and plain for a server on this machine (where
// compressing and inflating them is CPU taken from applying them, for no network saved). Both
// ways must bring the same answer, and the server must compress exactly when asked.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A raw pull as the station sends it, with the given Accept-Encoding: the answer's encoding. */
function rawPull(url: string, token: string, acceptEncoding: string): Promise<string | undefined> {
  const body = encodeBody({ after: 0, limit: 10 });
  const tokenHash = createHash('sha256').update(token).digest('hex');
  return new Promise((resolve, reject) => {
    const req = request(`${url}/sync/v1/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': SYNC_CONTENT_TYPE, 'accept-encoding': acceptEncoding, [MAC_HEADER]: macOf(tokenHash, body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(res.headers['content-encoding']) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('pull answers on the wire', () => {
  it('knows a server on this machine by its address', () => {
    for (const url of ['http://127.0.0.1:8443', 'http://localhost:3000', 'http://[::1]:80', 'https://127.0.0.1']) expect(isLoopback(url), url).toBe(true);
    for (const url of ['https://sync.example.com', 'https://127.0.0.1.example.com', 'https://10.0.0.5:8443', 'https://localhost.example', 'not a url']) expect(isLoopback(url), url).toBe(false);
  });

  it('brings the same answer gzip\'d or plain, and the server compresses exactly when asked', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a: TestStation = await addStation(server, 'station A', 'A');
    cleanups.push(() => a.t.close());
    await a.t.call('customers.create', { name: 'Wire customer' });
    await a.client.push();
    const b = await addStation(server, 'station B', 'B');
    cleanups.push(() => b.t.close());
    const token = getState(b.t.app.ledger.prepare, 'device_token')!;

    const zipped = await httpTransport(() => server.url, token, { compressAnswers: true }).pull({ after: 0, limit: 2000 });
    const plain = await httpTransport(() => server.url, token).pull({ after: 0, limit: 2000 });
    expect(zipped.ops.length).toBeGreaterThan(0);
    expect({ ...plain, serverTime: '' }).toEqual({ ...zipped, serverTime: '' });

    expect(await rawPull(server.url, token, 'gzip')).toBe('gzip');
    expect(await rawPull(server.url, token, 'identity')).toBeUndefined();
  });
});

describe('a connection that breaks under a request', () => {
  /** A loopback relay to the server that resets the first `resets` connections as their request arrives. */
  async function resettingRelay(target: string, resets: number): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
    const { port, hostname } = new URL(target);
    let seen = 0;
    const relay = createNetServer((client) => {
      seen += 1;
      if (seen <= resets) {
        client.once('data', () => client.resetAndDestroy());
        return;
      }
      const upstream = connect(Number(port), hostname);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const address = relay.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${address.port}`,
      connections: () => seen,
      close: () => new Promise<void>((resolve) => relay.close(() => resolve())),
    };
  }

  it('is sent once more on a new connection: the push lands once', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await addStation(server, 'station A', 'A');
    cleanups.push(() => a.t.close());
    await a.t.call('customers.create', { name: 'Relayed customer' });
    const relay = await resettingRelay(server.url, 1);
    cleanups.push(() => relay.close());
    const token = getState(a.t.app.ledger.prepare, 'device_token')!;
    const pulled = await httpTransport(() => relay.url, token).pull({ after: 0, limit: 10 });
    expect(relay.connections()).toBe(2);
    expect(pulled.ops).toEqual([]);

    const viaRelay = syncClientFor(a.t.app.ledger, { serverUrl: () => relay.url })!;
    const before = relay.connections();
    await viaRelay.push();
    const b = await addStation(server, 'station B', 'B');
    cleanups.push(() => b.t.close());
    await b.client.pull();
    expect((await b.t.call('customers.list', { search: 'Relayed customer' })).items).toHaveLength(1);
    expect(relay.connections()).toBeGreaterThan(before);
  });

  it('fails as the network’s after a second break', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await addStation(server, 'station A', 'A');
    cleanups.push(() => a.t.close());
    const relay = await resettingRelay(server.url, 2);
    cleanups.push(() => relay.close());
    const token = getState(a.t.app.ledger.prepare, 'device_token')!;
    const error = await httpTransport(() => relay.url, token).pull({ after: 0, limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as SyncHttpError).code).toBe('network');
    expect((error as SyncHttpError).retriable).toBe(true);
    expect(relay.connections()).toBe(2);
  });
});

