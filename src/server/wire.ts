import { createHmac, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import { MAX_BODY_BYTES } from '../shared/sync/protocol.ts';

// Framing of sync requests, shared by the server and the station's client: the body is gzip'd
// JSON, and its MAC (keyed by the SHA-256 of the device credential) covers the bytes as sent.

export const SYNC_CONTENT_TYPE = 'application/x-shopledger-sync';
export const MAC_HEADER = 'x-shopledger-mac';

export function macOf(tokenHash: string, body: Buffer): string {
  return createHmac('sha256', Buffer.from(tokenHash, 'hex')).update(body).digest('hex');
}

export function macMatches(tokenHash: string, body: Buffer, mac: string | undefined): boolean {
  if (!mac || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(macOf(tokenHash, body), 'hex'), Buffer.from(mac, 'hex'));
}

export const encodeBody = (value: unknown): Buffer => gzipSync(JSON.stringify(value), { level: 6 });

const gzipAsync = promisify(gzip);
/** Below this an answer is compressed at once: a trip through the thread pool costs more than the work. */
const INLINE_GZIP_CHARS = 32 * 1024;
/**
 * Answers are compressed at level 1: on sync's JSON it is about three times faster than level 6
 * for about a tenth more bytes, and the first pull of a large ledger is bound by the compressing,
 * not by the bytes on a LAN. Big answers (pull pages) are compressed off the event loop, in
 * zlib's thread pool; small ones (a live pull bringing one order, a push's answer) right here,
 * which takes microseconds and keeps the thread pool's hand-over off an order's round trip.
 */
export const encodeAnswer = (text: string): Promise<Buffer> =>
  text.length < INLINE_GZIP_CHARS ? Promise.resolve(gzipSync(text, { level: 1 })) : gzipAsync(text, { level: 1 });

/** Refuses a body that inflates beyond the limit (a zip bomb) instead of inflating it. */
export function decodeBody(body: Buffer): unknown {
  return JSON.parse(gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES }).toString('utf8')) as unknown;
}
