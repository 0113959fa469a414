import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport, SyncHttpError } from '../src/main/sync/http-transport.ts';
import { getState } from '../src/main/sync/state.ts';
import { smallShop } from './helpers.ts';
import { addStation, startServer } from './sync-helpers.ts';
import { pullAnswer, pulledOp } from './sync-pull-fixtures.ts';

// Pull pages are fetched, decoded and parsed on a worker thread and handed over flat
// (src/main/sync/pull-fetcher.ts); the applying thread puts them together and checks them with
// the schema. Whatever a server answers, that must give exactly what reading the answer on the
// applying thread gives: the same object (keys, order, unknown keys dropped) or the same error.
// The real server only sends good answers, so the odd ones come from a loopback HTTP server that
// answers what each case says, as a broken or hostile server could.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Answer = { status: number; body: string; type?: string };

/** A loopback server answering every request with `answer()`. */
async function answering(answer: () => Answer): Promise<string> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer();
      res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What a pull gives: the answer as JSON text (so key order counts), or the error's kind and words. */
async function outcome(url: string, inWorker: boolean): Promise<string> {
  try {
    const answer = await httpTransport(() => url, 'token', { pullInWorker: inWorker }).pull({ after: 4, limit: 10 });
    return `answer ${JSON.stringify(answer)}`;
  } catch (e) {
    if (e instanceof SyncHttpError) return `SyncHttpError ${e.status} ${e.code} ${e.message}`;
    return `${(e as Error).name} ${(e as Error).message}`;
  }
}

const op = pulledOp;
const page = (ops: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify(pullAnswer(ops, extra));

const CASES: Record<string, Answer> = {
  'a good page': { status: 200, body: page([{ serverSeq: 5, op: op(1) }, { serverSeq: 6, op: op(2, { legacy: true }) }]) },
  'unknown keys, keys out of order': {
    status: 200,
    body: JSON.stringify({ serverTime: 't', more: true, extra: 1, next: 9, ops: [{ op: { ...op(3, { extra: 'x' }) }, serverSeq: 7, note: 'n' }], after: 4 }),
  },
  'an empty page': { status: 200, body: page([]) },
  'an op without its hash': { status: 200, body: page([{ serverSeq: 5, op: { ...op(1), hash: undefined } }]) },
  'a field of the wrong type': { status: 200, body: page([{ serverSeq: '5', op: op(1, { seq: '1', legacy: 'yes' }) }]) },
  'an op that is not an object': { status: 200, body: page([{ serverSeq: 5, op: null }, { serverSeq: 6, op: [op(2)] }]) },
  'ops that are not a list': { status: 200, body: page([], { ops: { 0: op(1) } }) },
  'a list, not a page': { status: 200, body: '[1, 2]' },
  'a missing cursor': { status: 200, body: JSON.stringify({ ops: [], more: false, serverTime: 't' }) },
  'not JSON': { status: 200, body: '<html>proxy error</html>', type: 'text/html' },
  'a refusal': { status: 403, body: JSON.stringify({ error: { code: 'forbidden', message: 'This device was revoked' } }) },
  'a failure without words': { status: 503, body: '{}' },
};

describe('pull pages read on the worker', () => {
  for (const [name, answer] of Object.entries(CASES)) {
    it(`give what reading them here gives: ${name}`, async () => {
      const url = await answering(() => answer);
      const here = await outcome(url, false);
      expect(await outcome(url, true)).toBe(here);
      if (name.startsWith('a good') || name.startsWith('unknown') || name.startsWith('an empty')) expect(here).toMatch(/^answer /);
      else expect(here).not.toMatch(/^answer /);
    });
  }

  it('fail as the network’s when nothing listens, as here', async () => {
    const url = await answering(() => ({ status: 200, body: page([]) }));
    await cleanups.pop()!();
    const here = await outcome(url, false);
    expect(here).toMatch(/^SyncHttpError 0 network /);
    expect(await outcome(url, true)).toBe(here);
  });

  it('bring a real first pull exactly as read here', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await addStation(server, 'station A', 'A');
    cleanups.push(() => a.t.close());
    await smallShop(a.t);
    await a.client.push();
    const token = getState(a.t.app.ledger.prepare, 'device_token')!;
    const viaWorker = await httpTransport(() => server.url, token).pull({ after: 0, limit: 2000 });
    const here = await httpTransport(() => server.url, token, { pullInWorker: false }).pull({ after: 0, limit: 2000 });
    // The server's time is its own at each answer.
    const text = (a: typeof here) => JSON.stringify({ ...a, serverTime: '' });
    expect(viaWorker.ops.length).toBeGreaterThan(5);
    expect(text(viaWorker)).toBe(text(here));
    const zipped = await httpTransport(() => server.url, token, { compressAnswers: true }).pull({ after: 0, limit: 2000 });
    expect(text(zipped)).toBe(text(here));
  });
});
