import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { enrollRequestSchema, pullRequestSchema, pushRequestSchema } from '../shared/sync/protocol.ts';
import { authenticate, AuthError, createEnrollment, enroll, listDevices, revokeDevice, sha256, type Device } from './devices.ts';
import { pull, push, RefusedBatch } from './ops.ts';
import type { Storage } from './storage.ts';
import { MAX_WAIT_MS, OpsSignal } from './live.ts';
import { decodeBody, encodeAnswer, MAC_HEADER, macMatches, SYNC_CONTENT_TYPE } from './wire.ts';

export type SyncServerOptions = {
  readonly storage: Storage;
  readonly logger?: boolean;
  /** PEM certificate and key: serve HTTPS (otherwise plain HTTP, for loopback or a TLS proxy in front). */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** Requests per minute per device credential (or per address without one). */
  readonly perDeviceLimit?: number;
  /** Refused requests per minute from one address before it is turned away outright. */
  readonly perAddressFailures?: number;
  /** Enrollments per minute per address (a shop enrolling many stations at once may raise it). */
  readonly enrollLimit?: number;
  /** Clock for the server's answers and windows (tests). */
  readonly now?: () => Date;
};

/** Compressed bodies larger than this are cut off before they are read. */
export const SERVER_BODY_LIMIT = 4 * 1024 * 1024;

function fail(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/**
 * The sync server: devices enroll with a one-time code, then push and pull ops. Every data call
 * is authenticated by the device credential and its body by a MAC; nothing is written for a
 * refused call. All state is in the database, so instances can share one behind a balancer.
 */
export async function buildSyncServer(options: SyncServerOptions): Promise<FastifyInstance> {
  const { storage } = options;
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: SERVER_BODY_LIMIT,
    connectionTimeout: 60_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 10_000,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  // Per-address memory of refusals (soft state: each instance counts its own).
  const failures = new Map<string, { count: number; until: number }>();
  const failureLimit = options.perAddressFailures ?? 60;
  const noteFailure = (ip: string) => {
    const t = Date.now();
    const f = failures.get(ip);
    if (!f || f.until < t) failures.set(ip, { count: 1, until: t + 60_000 });
    else f.count++;
  };
  app.addHook('onRequest', async (req, reply) => {
    const f = failures.get(req.ip);
    if (f && f.until >= Date.now() && f.count >= failureLimit) return fail(reply, 429, 'too_many_failures', 'Too many refused requests from this address; wait a minute');
    return undefined;
  });

  await app.register(rateLimit, {
    global: true,
    max: options.perDeviceLimit ?? 1200,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth ? `device:${sha256(auth).slice(0, 24)}` : `address:${req.ip}`;
    },
  });

  app.addContentTypeParser(SYNC_CONTENT_TYPE, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  async function device(req: FastifyRequest): Promise<Device> {
    try {
      return await authenticate(storage, req.headers.authorization);
    } catch (e) {
      noteFailure(req.ip);
      throw e;
    }
  }

  /** Authenticates, checks the MAC over the bytes as received, then inflates and parses. */
  async function syncBody<S extends z.ZodType>(req: FastifyRequest, schema: S): Promise<{ dev: Device; input: z.infer<S> }> {
    const dev = await device(req);
    const raw = req.body;
    if (!Buffer.isBuffer(raw)) throw new RefusedBatch(400, 'framing', `Send ${SYNC_CONTENT_TYPE} (gzip'd JSON)`);
    const mac = req.headers[MAC_HEADER];
    if (!macMatches(dev.token_hash, raw, typeof mac === 'string' ? mac : undefined)) throw new RefusedBatch(400, 'tampered', 'The batch does not match its MAC');
    let value: unknown;
    try {
      value = decodeBody(raw);
    } catch {
      throw new RefusedBatch(400, 'framing', 'The body is not gzip\'d JSON within the size limit');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RefusedBatch(400, 'invalid', `${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}`);
    }
    return { dev, input: parsed.data };
  }

  async function sendCompressed(req: FastifyRequest, reply: FastifyReply, value: unknown) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const accepts = String(req.headers['accept-encoding'] ?? '');
    reply.header('content-type', 'application/json; charset=utf-8');
    if (!/\bgzip\b/.test(accepts)) return reply.send(text);
    return reply.header('content-encoding', 'gzip').send(await encodeAnswer(text));
  }

  // Live pulls wait here for pushes committed by this instance (and re-read the database meanwhile).
  const signal = new OpsSignal();
  app.addHook('preClose', async () => signal.close());

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof AuthError) return fail(reply, error.status, 'unauthorized', error.message);
    if (error instanceof RefusedBatch) {
      noteFailure(req.ip);
      return fail(reply, error.status, error.reason, error.message);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return fail(reply, status, 'refused', (error as Error).message);
    req.log.error(error);
    return fail(reply, 500, 'internal', 'Internal error');
  });

  app.get('/sync/v1/health', async () => ({ ok: true, time: now().toISOString() }));

  app.post('/sync/v1/enroll', { config: { rateLimit: { max: options.enrollLimit ?? 20, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `enroll:${req.ip}` } } }, async (req, reply) => {
    const parsed = enrollRequestSchema.safeParse(req.body);
    if (!parsed.success) return fail(reply, 400, 'invalid', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    try {
      return await enroll(storage, parsed.data, now());
    } catch (e) {
      noteFailure(req.ip);
      throw e;
    }
  });

  app.post('/sync/v1/push', async (req, reply) => {
    const { dev, input } = await syncBody(req, pushRequestSchema);
    const answer = await push(storage, dev, input, now());
    if (answer.accepted > 0) signal.notify(dev.id);
    return sendCompressed(req, reply, answer);
  });

  app.post('/sync/v1/pull', async (req, reply) => {
    const { dev, input } = await syncBody(req, pullRequestSchema);
    // A live pull (waitMs) ends early when the station hangs up: reply.raw closes before an answer.
    const abandoned = new AbortController();
    reply.raw.once('close', () => abandoned.abort());
    const wait = input.waitMs ? { ms: Math.min(input.waitMs, MAX_WAIT_MS), signal, abandoned: abandoned.signal } : undefined;
    return sendCompressed(req, reply, await pull(storage, dev, input.after, input.limit, now, wait));
  });

  async function owner(req: FastifyRequest): Promise<Device> {
    const dev = await device(req);
    if (dev.role !== 'owner') throw new AuthError(403, 'Only an owner device may manage devices');
    return dev;
  }

  app.post('/sync/v1/enrollments', async (req, reply) => {
    await owner(req);
    const parsed = z.object({ role: z.enum(['station', 'owner']).default('station') }).safeParse(req.body ?? {});
    if (!parsed.success) return fail(reply, 400, 'invalid', 'role: station or owner');
    return createEnrollment(storage, parsed.data.role, now());
  });
  app.get('/sync/v1/devices', async (req) => {
    await owner(req);
    return { devices: await listDevices(storage) };
  });
  app.post('/sync/v1/devices/:id/revoke', async (req, reply) => {
    await owner(req);
    const { id } = req.params as { id: string };
    if (!(await revokeDevice(storage, id, now()))) return fail(reply, 404, 'not_found', `No active device ${id}`);
    return { revoked: id };
  });

  return app;
}
