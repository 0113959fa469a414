import { createHash, createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { enrollResponseSchema, pushResponseSchema, type PullRequest, type PullResponse, type PushRequest, type PushResponse } from '../../shared/sync/protocol.ts';
import { checkBuiltPullResponse, parsePullResponse } from '../../shared/sync/pull-answer.ts';
import { pullFetcher, unflatten, type FetchOutcome } from './pull-fetcher.ts';

// The station's side of the sync wire (docs/SYNC.md "Wire"): gzip'd JSON bodies with a MAC keyed
// by the SHA-256 of the device credential; answers come back gzip'd (plain from a server on this
// machine). Requests time out.

export const SYNC_CONTENT_TYPE = 'application/x-shopledger-sync';
export const MAC_HEADER = 'x-shopledger-mac';
const TIMEOUT_MS = 30_000;

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** Worth trying again later: the network, the server's load or its restart, not our request. */
  get retriable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface SyncTransport {
  push(req: PushRequest): Promise<PushResponse>;
  /** `signal` lets the station hang up a live pull (on stop). */
  pull(req: PullRequest, signal?: AbortSignal): Promise<PullResponse>;
}

function deadline(signal: AbortSignal | null | undefined, ms: number): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
}

/** A connection that broke under the request: reset or closed by the other side (not refused, not a deadline). */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
function isBrokenConnection(e: unknown): boolean {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' && BROKEN.has(cause.code);
}

async function call(url: string, init: RequestInit, timeoutMs = TIMEOUT_MS): Promise<unknown> {
  let res: Response | undefined;
  // A kept-alive connection that the server closes as idle just as a request goes out breaks at
  // once (a reset). Push and pull are idempotent (docs/SYNC.md), so the request is sent once more,
  // at once, on a new connection; a second failure is the network's, and the caller's backoff's.
  for (let attempt = 1; res === undefined; attempt++) {
    try {
      res = await fetch(url, { ...init, signal: deadline(init.signal, timeoutMs) });
    } catch (e) {
      if (attempt === 1 && isBrokenConnection(e)) continue;
      const cause = (e as { cause?: unknown }).cause;
      throw unreachable(e instanceof Error ? e.message : String(e), cause instanceof Error ? cause.message : undefined);
    }
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw notJson(res.status);
  }
  return answer(res.status, res.ok, body);
}

const notJson = (status: number) => new SyncHttpError(status, 'framing', `The sync server answered ${status} without JSON`);
const unreachable = (message: string, cause?: string) => new SyncHttpError(0, 'network', `The sync server could not be reached: ${message}${cause !== undefined ? ` (${cause})` : ''}`);

/** The body of a good answer; an error answer as the server named it. */
function answer(status: number, ok: boolean, body: unknown): unknown {
  if (!ok) {
    const err = (body as { error?: { code?: string; message?: string } }).error;
    throw new SyncHttpError(status, err?.code ?? 'error', err?.message ?? `HTTP ${status}`);
  }
  return body;
}

/**
 * `call` and the answer's check for a pull page, carried out on the pull worker (pull-fetcher.ts): the request, the
 * answer's bytes and its JSON are handled there, not on the thread that applies pages. The same
 * rules: one more try at once on a broken connection, the same errors.
 */
async function pullInWorker(url: string, headers: Record<string, string>, body: Uint8Array, timeoutMs: number): Promise<PullResponse> {
  for (let attempt = 1; ; attempt++) {
    let o: FetchOutcome;
    try {
      o = await pullFetcher.fetch({ url, headers, body, timeoutMs });
    } catch (e) {
      throw unreachable(e instanceof Error ? e.message : String(e));
    }
    if (o.kind === 'threw') {
      if (attempt === 1 && o.causeCode !== undefined && BROKEN.has(o.causeCode)) continue;
      throw unreachable(o.message, o.causeMessage);
    }
    if (o.kind === 'framing') throw notJson(o.status);
    return o.kind === 'page' ? checkBuiltPullResponse(unflatten(o)) : parsePullResponse(answer(o.status, o.ok, o.value));
  }
}

/**
 * A server on this machine: its answers are asked for uncompressed (the server compresses only
 * when asked), as compressing and inflating a first pull's pages costs CPU that the one machine
 * would otherwise spend applying them, and saves no network.
 */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * `compressAnswers` overrides the default (gzip'd answers unless the server is on this machine);
 * `pullInWorker: false` reads pull pages on this thread (the worker is the default).
 */
export function httpTransport(baseUrl: () => string, token: string, options: { compressAnswers?: boolean; pullInWorker?: boolean } = {}): SyncTransport {
  const key = Buffer.from(createHash('sha256').update(token).digest('hex'), 'hex');
  const post = (path: string, value: unknown, signal?: AbortSignal, timeoutMs = TIMEOUT_MS) => {
    const body = gzipSync(JSON.stringify(value));
    const base = baseUrl();
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': SYNC_CONTENT_TYPE,
      'accept-encoding': (options.compressAnswers ?? !isLoopback(base)) ? 'gzip' : 'identity',
      [MAC_HEADER]: createHmac('sha256', key).update(body).digest('hex'),
    };
    return { url: `${base}${path}`, headers, body, send: () => call(`${base}${path}`, { method: 'POST', headers, body, ...(signal ? { signal } : {}) }, timeoutMs) };
  };
  return {
    push: async (req) => pushResponseSchema.parse(await post('/sync/v1/push', req).send()),
    // A live pull is held by the server up to waitMs: its deadline is that much longer. It brings
    // a few ops and may be hung up (signal), so it stays on this thread; pages go to the worker.
    pull: async (req, signal) => {
      const inWorker = signal === undefined && req.waitMs === undefined && options.pullInWorker !== false && pullFetcher.usable;
      const p = post('/sync/v1/pull', req, signal, TIMEOUT_MS + (req.waitMs ?? 0));
      return inWorker ? pullInWorker(p.url, p.headers, p.body, TIMEOUT_MS) : parsePullResponse(await p.send());
    },
  };
}

export async function enrollDevice(baseUrl: string, input: { code: string; name: string; station: string }) {
  return enrollResponseSchema.parse(
    await call(`${baseUrl}/sync/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }),
  );
}
