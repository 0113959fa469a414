import { Worker } from 'node:worker_threads';

// Reading a pull page is the applying thread's second job: its socket, inflating a gzip'd answer,
// decoding 2 to 4 MB of UTF-8 and parsing the JSON (about 8% of a first pull's main-thread CPU).
// A worker thread does that here while the main thread applies the page before. Handing parsed
// objects back would cost more than parsing them: structured clone rebuilds 4,000 objects per
// page slower than JSON.parse makes them. So the worker hands back a page in a flat form, its
// ops' fields one after another (strings and numbers are copied, not parsed), and the main thread
// puts the objects together (under a millisecond per 2,000 ops) and checks them with the schema
// as before (`parsePullResponse`): the schema alone still decides and names what is wrong. An
// answer of another shape comes back as the parsed value, so the schema sees it as it came.
// The worker only carries out a request and reports what happened; what to make of it (a second
// try on a broken connection, the errors) stays with http-transport.ts. A plain script, so it
// runs without the TypeScript loader, as db/checkpointer.ts's does.

/** The op fields in the order the worker lists them, after each op's serverSeq. */
export const OP_FIELDS = ['id', 'seq', 'station', 'hlc', 'at', 'actor', 'operation', 'changes', 'prevHash', 'hash', 'schema', 'legacy'] as const;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const FIELDS = ${JSON.stringify(OP_FIELDS)};
const isRecord = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
// A page as the station reads it, flat; undefined when it is not a page's shape (the schema then reads the value).
function flatten(body) {
  if (!isRecord(body) || !Array.isArray(body.ops)) return undefined;
  const flat = [];
  for (const e of body.ops) {
    if (!isRecord(e) || !isRecord(e.op)) return undefined;
    flat.push(e.serverSeq);
    const op = e.op;
    for (const f of FIELDS) flat.push(op[f]);
  }
  return flat;
}
// What was thrown, with its cause's code and message (the transport tells a broken connection by them).
function threw(id, e) {
  const cause = e && e.cause;
  parentPort.postMessage({ id, kind: 'threw', message: e instanceof Error ? e.message : String(e),
    causeCode: cause && typeof cause.code === 'string' ? cause.code : undefined,
    causeMessage: cause instanceof Error ? cause.message : undefined });
}
parentPort.on('message', async (m) => {
  let res;
  try {
    res = await fetch(m.url, { method: 'POST', headers: m.headers, body: m.body, signal: AbortSignal.timeout(m.timeoutMs) });
  } catch (e) {
    threw(m.id, e);
    return;
  }
  let body;
  try {
    const text = await res.text();
    try {
      body = JSON.parse(text);
    } catch {
      parentPort.postMessage({ id: m.id, kind: 'framing', status: res.status });
      return;
    }
  } catch (e) {
    threw(m.id, e);
    return;
  }
  const flat = res.ok ? flatten(body) : undefined;
  if (flat === undefined) parentPort.postMessage({ id: m.id, kind: 'value', status: res.status, ok: res.ok, value: body });
  else parentPort.postMessage({ id: m.id, kind: 'page', status: res.status, ok: true, after: body.after, next: body.next, more: body.more, serverTime: body.serverTime, flat });
});
`;

export type FetchRequest = { readonly url: string; readonly headers: Record<string, string>; readonly body: Uint8Array; readonly timeoutMs: number };

/** What the worker saw: the request threw (with its cause), the answer was not JSON, or its status and body. */
export type FetchOutcome =
  | { readonly kind: 'threw'; readonly message: string; readonly causeCode?: string; readonly causeMessage?: string }
  | { readonly kind: 'framing'; readonly status: number }
  | { readonly kind: 'value'; readonly status: number; readonly ok: boolean; readonly value: unknown }
  | { readonly kind: 'page'; readonly status: number; readonly ok: true; readonly after: unknown; readonly next: unknown; readonly more: unknown; readonly serverTime: unknown; readonly flat: unknown[] };

type Reply = FetchOutcome & { readonly id: number };

/** A flat page as the parsed answer was: the same objects and fields (a field the op lacked stays out). */
export function unflatten(o: Extract<FetchOutcome, { kind: 'page' }>): unknown {
  const { flat } = o;
  const width = OP_FIELDS.length + 1;
  const ops: unknown[] = new Array(flat.length / width);
  for (let i = 0, n = 0; i < flat.length; i += width, n++) {
    const op: Record<string, unknown> = {
      id: flat[i + 1],
      seq: flat[i + 2],
      station: flat[i + 3],
      hlc: flat[i + 4],
      at: flat[i + 5],
      actor: flat[i + 6],
      operation: flat[i + 7],
      changes: flat[i + 8],
      prevHash: flat[i + 9],
      hash: flat[i + 10],
      schema: flat[i + 11],
    };
    if (flat[i + 12] !== undefined) op.legacy = flat[i + 12];
    ops[n] = { serverSeq: flat[i], op };
  }
  return { after: o.after, ops, next: o.next, more: o.more, serverTime: o.serverTime };
}

/**
 * One worker for the process, started at the first page asked for. It keeps the process alive
 * only while a request is out; a worker that fails is replaced at the next request, and what was
 * out with it fails as a network error would (the caller's backoff tries again).
 */
class PullFetcher {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (o: FetchOutcome) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  /** Set when no worker could be started here: pages are then read on the calling thread. */
  private unavailable = false;

  /** Whether pages can be read on the worker (false once starting one failed). */
  get usable(): boolean {
    if (this.unavailable) return false;
    try {
      this.started();
      return true;
    } catch {
      this.unavailable = true;
      return false;
    }
  }

  fetch(req: FetchRequest): Promise<FetchOutcome> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<FetchOutcome>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage({ id, ...req });
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      w.resolve(reply);
    });
    const failed = (e: unknown) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`the pull worker stopped (${code})`)));
    this.worker = worker;
    return worker;
  }
}

export const pullFetcher = new PullFetcher();
