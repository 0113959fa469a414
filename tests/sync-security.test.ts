import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingOps } from '../src/main/sync/outbox.ts';
import { stationIdOf } from '../src/main/sync/setup.ts';
import { getState } from '../src/main/sync/state.ts';
import { createEnrollment, revokeDevice } from '../src/server/devices.ts';
import { encodeBody, MAC_HEADER, macOf, SYNC_CONTENT_TYPE } from '../src/server/wire.ts';
import { smallShop } from './helpers.ts';
import { addStation, startServer, type TestServer, type TestStation } from './sync-helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: Parameters<typeof startServer>[1] = {}) {
  const server = await startServer(undefined, options);
  cleanups.push(() => server.close());
  const station = await addStation(server, 'shop PC', 'A');
  cleanups.push(() => station.t.close());
  await smallShop(station.t);
  return { server, station };
}

/** Everything the server holds, so a refused call can be shown to have written nothing. */
async function serverRows(server: TestServer) {
  const db = server.storage.db;
  return {
    ops: await db.selectFrom('op').selectAll().orderBy('server_seq').execute(),
    batches: await db.selectFrom('push_batch').selectAll().orderBy('batch_id').execute(),
    devices: await db.selectFrom('device').select(['id', 'revoked_at', 'acked_seq']).orderBy('id').execute(),
    enrollments: await db.selectFrom('enrollment').select(['code_hash', 'used_at']).orderBy('code_hash').execute(),
  };
}

const tokenOf = (s: TestStation) => getState(s.t.app.ledger.prepare, 'device_token')!;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function pushBody(s: TestStation, overrides: Record<string, unknown> = {}) {
  return { batchId: randomUUID(), sentAt: new Date().toISOString(), station: stationIdOf(s.t.app.ledger), ops: pendingOps(s.t.app.ledger, 50), ...overrides };
}

async function send(server: TestServer, path: string, body: Buffer, headers: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': SYNC_CONTENT_TYPE, ...headers }, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

function signed(token: string, value: unknown) {
  const body = encodeBody(value);
  return { body, headers: { authorization: `Bearer ${token}`, [MAC_HEADER]: macOf(tokenHash(token), body) } };
}

describe('sync server security', () => {
  it('refuses a push without a credential, with a wrong one, or with a malformed one, and writes nothing', async () => {
    const { server, station } = await setup();
    const before = await serverRows(server);
    const { body, headers } = signed(tokenOf(station), pushBody(station));
    const noAuth = await send(server, '/sync/v1/push', body, { [MAC_HEADER]: headers[MAC_HEADER]! });
    expect(noAuth.status).toBe(401);
    const wrongToken = `sld_${randomBytes(32).toString('base64url')}`;
    const wrong = signed(wrongToken, pushBody(station));
    expect((await send(server, '/sync/v1/push', wrong.body, wrong.headers)).status).toBe(403);
    expect((await send(server, '/sync/v1/push', body, { ...headers, authorization: 'Bearer nonsense' })).status).toBe(401);
    expect((await send(server, '/sync/v1/pull', encodeBody({ after: 0 }), { authorization: `Bearer ${wrongToken}` })).status).toBe(403);
    expect(await serverRows(server)).toEqual(before);
  });

  it('refuses a revoked device from the moment it is revoked', async () => {
    const { server, station } = await setup();
    await station.client.push();
    const deviceId = getState(station.t.app.ledger.prepare, 'device_id')!;
    expect(await revokeDevice(server.storage, deviceId)).toBe(true);
    await station.t.call('customers.create', { name: 'After revocation' });
    const before = await serverRows(server);
    await expect(station.client.push()).rejects.toMatchObject({ status: 403 });
    await expect(station.client.pull()).rejects.toMatchObject({ status: 403 });
    expect(await serverRows(server)).toEqual(before);
  });

  it('refuses a replayed batch and a tampered one, and writes nothing', async () => {
    const { server, station } = await setup();
    const token = tokenOf(station);
    const first = signed(token, pushBody(station));
    expect((await send(server, '/sync/v1/push', first.body, first.headers)).status).toBe(200);
    const afterFirst = await serverRows(server);
    expect(afterFirst.ops.length).toBeGreaterThan(0);

    // The very same request again (captured and replayed).
    const replay = await send(server, '/sync/v1/push', first.body, first.headers);
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 'replayed' } } });

    // A byte of the compressed body changed in transit: the MAC no longer matches.
    const flipped = Buffer.from(first.body);
    flipped[flipped.length - 5]! ^= 0xff;
    expect((await send(server, '/sync/v1/push', flipped, first.headers)).body.error?.code).toBe('tampered');

    // An op changed and signed again by someone holding the credential: its journal hash no longer matches.
    await station.t.call('products.update', { id: (station.t.app.ledger.raw.prepare('SELECT id FROM product LIMIT 1').get() as { id: string }).id, price: 1 });
    const ops = pendingOps(station.t.app.ledger, 50);
    const forged = ops.map((o) => ({ ...o, changes: o.changes.replace('"price":1', '"price":99999') }));
    const tampered = signed(token, pushBody(station, { ops: forged }));
    expect((await send(server, '/sync/v1/push', tampered.body, tampered.headers)).body.error?.code).toBe('tampered');

    // Ops that claim to come from another station.
    const foreign = signed(token, pushBody(station, { ops: ops.map((o) => ({ ...o, station: randomUUID() })) }));
    expect((await send(server, '/sync/v1/push', foreign.body, foreign.headers)).status).toBe(403);

    // An old batch (outside the replay window).
    const old = signed(token, pushBody(station, { sentAt: new Date(Date.now() - 3600_000).toISOString() }));
    expect((await send(server, '/sync/v1/push', old.body, old.headers)).body.error?.code).toBe('stale');

    // A zip bomb: small on the wire, far beyond the limit inflated.
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 32));
    expect((await send(server, '/sync/v1/push', bomb, { authorization: `Bearer ${token}`, [MAC_HEADER]: macOf(tokenHash(token), bomb) })).body.error?.code).toBe('framing');

    expect(await serverRows(server)).toEqual(afterFirst);
  });

  it('an enrollment code works once, and never after it expires', async () => {
    const { server } = await setup();
    const { code } = await createEnrollment(server.storage, 'station');
    const enroll = (c: string) =>
      fetch(`${server.url}/sync/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c, name: 'x', station: randomUUID() }) });
    expect((await enroll(code)).status).toBe(200);
    const before = await serverRows(server);
    expect((await enroll(code)).status).toBe(403);
    const expired = await createEnrollment(server.storage, 'station', new Date(Date.now() - 48 * 3600_000));
    const withExpired = await serverRows(server);
    expect((await enroll(expired.code)).status).toBe(403);
    expect((await enroll('sle_not-a-real-code-at-all')).status).toBe(403);
    expect((await serverRows(server)).devices).toEqual(before.devices);
    expect(await serverRows(server)).toEqual(withExpired);
  });

  it('a flood from one device is slowed down while five stations keep syncing', async () => {
    const server = await startServer(undefined, { perDeviceLimit: 40 });
    cleanups.push(() => server.close());
    const stations: TestStation[] = [];
    for (const code of ['A', 'B', 'C', 'D', 'E', 'F']) {
      const s = await addStation(server, `station ${code}`, code);
      cleanups.push(() => s.t.close());
      stations.push(s);
    }
    const [flooder, ...honest] = stations as [TestStation, ...TestStation[]];
    const token = tokenOf(flooder);
    let refused = 0;
    const flood = (async () => {
      for (let i = 0; i < 300; i++) {
        const { body, headers } = signed(token, { after: 0, limit: 1 });
        if ((await send(server, '/sync/v1/pull', body, headers)).status === 429) refused++;
      }
    })();
    for (let round = 0; round < 3; round++) {
      for (const s of honest) {
        await s.t.call('customers.create', { name: `Customer of ${s.name} ${round}` });
        await s.client.syncOnce();
      }
    }
    await flood;
    expect(refused).toBeGreaterThan(200);
    for (const s of honest) await s.client.syncOnce();
    const names = (s: TestStation) => (s.t.app.ledger.raw.prepare('SELECT name FROM customer ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    for (const s of honest) expect(names(s)).toEqual(names(honest[0]!));
    expect(names(honest[0]!).filter((n) => n.startsWith('Customer of')).length).toBe(15);
  });
});
