import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES } from '../../shared/contract/exchange.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';
import { isAppError, type AppError, type AppErrorBody, type ErrorCode } from '../../shared/errors.ts';
import { CONTRACT, isOpName } from '../../shared/contract/index.ts';
import { ANONYMOUS, type Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import fastifyStatic from '@fastify/static';
import { CLEAR_SESSION_COOKIE, sessionCookie } from './http-auth.ts';
import { API_PREFIX, buildOpenApiDocument } from './openapi.ts';

/**
 * The contract over HTTP JSON: one route runs every operation through the dispatcher, so HTTP
 * adds no rules of its own beyond mapping error codes to status codes.
 */

export type HttpServerOptions = {
  readonly dispatcher: Dispatcher;
  /** Who is calling; may throw an AppError (e.g. forbidden) to refuse the request outright. */
  readonly callerFor: (request: FastifyRequest) => Caller | Promise<Caller>;
  readonly logger?: boolean;
  /**
   * Which Host headers are served. Loopback names by default: a web page whose own domain
   * resolves to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
   */
  readonly allowHost?: (hostname: string) => boolean;
  /**
   * The built renderer (browser mode): its files are served under / next to the API, with
   * index.html for any other GET outside the API.
   */
  readonly staticRoot?: string;
  /**
   * Serves `GET /api/v1/documents/<kind>/<id>.pdf?lang=en|zh` (browser mode opens the PDF in a
   * tab); the function reads through the dispatcher as the caller, so permissions apply.
   */
  readonly pdf?: (kind: string, id: string, lang: string | undefined, caller: Caller) => Promise<{ fileName: string; pdf: Buffer }>;
  /** Shown in the OpenAPI document. */
  readonly info?: { readonly title: string; readonly version: string };
};

export { CONTENT_SECURITY_POLICY };

export const BODY_LIMIT = 1024 * 1024;
/** Operations whose input carries a file: base64 of up to MAX_UPLOAD_BYTES plus the other fields. */
export const LARGE_BODY_OPERATIONS = ['imports.inspect', 'imports.run', 'books.attachReceipt'] as const;
export const UPLOAD_BODY_LIMIT = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 256 * 1024;

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  insufficient_stock: 409,
  internal: 500,
  unauthenticated: 401,
  rate_limited: 429,
};

const SESSION_OPENERS = new Set(['session.signIn', 'session.setupOwner']);

const DEFAULT_INFO = { title: 'ShopLedger API', version: '1' };

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const loopbackHostsOnly = (hostname: string): boolean => LOOPBACK_NAMES.has(hostname);

function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  return hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0]!;
}

function sendError(reply: FastifyReply, status: number, body: AppErrorBody): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: body });
}

export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const { dispatcher, callerFor } = options;
  const server = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // A stalled or trickling client must not hold a connection (and memory) forever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
  });

  // JSON only. Dropping the text/plain parser also means a cross-site page cannot post a
  // "simple" (non-preflighted) request into the API: every accepted body needs a JSON content
  // type, which browsers only send cross-origin after a CORS preflight we never approve.
  server.removeAllContentTypeParsers();
  const parseJson = server.getDefaultJsonParser('error', 'error');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // An operation without input may be called with an empty body.
    if (text.trim() === '') return done(null, {});
    parseJson(request, text, done);
  });

  const staticRoot = options.staticRoot;
  if (staticRoot !== undefined) {
    void server.register(fastifyStatic, { root: staticRoot, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: false });
  }

  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (staticRoot !== undefined && request.method === 'GET' && !path.startsWith(`${API_PREFIX}/`)) {
      return reply.header('cache-control', 'no-store').sendFile('index.html');
    }
    return sendError(reply, 404, { code: 'not_found', message: `No route ${request.method} ${path}` });
  });

  server.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (isAppError(error)) {
      if (error.code === 'internal') {
        // The dispatcher's internal message carries the raw cause; log it, keep it off the wire.
        request.log.error({ err: error }, 'internal error');
        return sendError(reply, 500, { code: 'internal', message: 'Internal error' });
      }
      return sendError(reply, STATUS_BY_CODE[error.code], error.toJSON());
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, too large, wrong media type): their
      // messages describe the request, not our internals, so they are safe to return.
      const code: ErrorCode = status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'invalid';
      const message = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'The request body is not valid JSON' : error.message;
      return sendError(reply, status, { code, message, field: status === 415 ? 'content-type' : undefined });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, { code: 'internal', message: 'Internal error' });
  });

  const allowHost = options.allowHost ?? loopbackHostsOnly;
  server.addHook('onRequest', async (request, reply) => {
    const hostname = hostnameOf(request.headers.host).toLowerCase();
    if (!allowHost(hostname)) {
      return sendError(reply, 403, { code: 'forbidden', field: 'host', message: `This server does not answer for host ${hostname || '(none)'}` });
    }
  });

  server.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-resource-policy', 'same-origin');
    // API answers hold ledger data: never kept by a browser or proxy cache.
    if (request.url.startsWith(`${API_PREFIX}/`)) reply.header('cache-control', 'no-store');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    }
    // CORS stays closed: no Access-Control-Allow-* header is ever sent, so browsers refuse
    // cross-origin reads and preflights (OPTIONS gets the 404 of an unknown route).
    return payload;
  });

  server.get(`${API_PREFIX}/health`, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { ok: true };
  });

  server.get(`${API_PREFIX}/openapi.json`, async () => buildOpenApiDocument(options.info ?? DEFAULT_INFO));

  const pdf = options.pdf;
  if (pdf) {
    server.get<{ Params: { kind: string; file: string }; Querystring: { lang?: string } }>(`${API_PREFIX}/documents/:kind/:file`, async (request, reply) => {
      const id = request.params.file.replace(/\.pdf$/, '');
      const caller = await callerFor(request);
      const doc = await pdf(request.params.kind, id, request.query.lang, caller);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
        .header('cache-control', 'no-store')
        .send(doc.pdf);
    });
  }

  const callOperation = async (request: FastifyRequest, reply: FastifyReply, operation: string) => {
    // A body-less POST carries no content type; requiring one keeps the CSRF argument above whole.
    if (request.headers['content-type'] === undefined) {
      return sendError(reply, 415, { code: 'invalid', field: 'content-type', message: 'Send Content-Type: application/json' });
    }
    let caller: Caller;
    try {
      caller = await callerFor(request);
    } catch (e) {
      // A stale cookie must not keep anyone from signing in again: public operations run anonymously.
      if (!(isAppError(e) && e.code === 'unauthenticated' && isOpName(operation) && CONTRACT[operation].permission === 'public')) throw e;
      caller = ANONYMOUS;
      reply.header('set-cookie', CLEAR_SESSION_COOKIE);
    }
    // Idempotency-Key: a retried write returns the first answer and writes nothing.
    const key = request.headers['idempotency-key'];
    const result = await dispatcher.callUnknown(operation, request.body ?? {}, caller, { address: request.ip, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) });
    reply.header('cache-control', 'no-store');
    // Browsers keep the session as an HttpOnly cookie (the page's scripts never hold it).
    if (SESSION_OPENERS.has(operation)) reply.header('set-cookie', sessionCookie((result as { token: string }).token));
    if (operation === 'session.signOut') reply.header('set-cookie', CLEAR_SESSION_COOKIE);
    return result;
  };

  // Uploads carry a whole file (base64) in the JSON body; only these routes take more than 1 MB.
  for (const operation of LARGE_BODY_OPERATIONS) {
    server.post(`${API_PREFIX}/${operation}`, { bodyLimit: UPLOAD_BODY_LIMIT }, (request, reply) => callOperation(request, reply, operation));
  }
  server.post<{ Params: { operation: string } }>(`${API_PREFIX}/:operation`, (request, reply) => callOperation(request, reply, request.params.operation));

  return server;
}

export type ListenOptions = { readonly host?: string; readonly port: number };

/**
 * Starts listening and returns the bound base URL (with the real port when `port` is 0).
 * Loopback by default: exposing the ledger on the LAN must be a deliberate choice.
 */
export async function listen(server: FastifyInstance, options: ListenOptions): Promise<string> {
  const host = options.host ?? '127.0.0.1';
  await server.listen({ host, port: options.port });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('The HTTP server is not bound to a TCP port');
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${hostPart}:${address.port}`;
}
