import { z } from 'zod';

// The wire format between stations and the sync server (docs/SYNC.md). Pure: both sides
// validate with these schemas; hashing and compression live with each side's runtime.

export const SYNC_PROTOCOL_VERSION = 1;
/** At most this many ops in one push or one pull answer. */
export const MAX_BATCH_OPS = 500;
/** At most this many ops in one pull answer (a station asks for fewer; the server also stops at ~4 MB). */
export const MAX_PULL_OPS = 2000;
/** Longest a live pull may be held by the server waiting for new ops. */
export const MAX_PULL_WAIT_MS = 20_000;
/** Decompressed request bodies above this are refused before they are parsed. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const id = z.string().min(1).max(64);

export const rowChangeSchema = z.object({
  t: z.string().regex(/^[a-z_]{1,64}$/),
  op: z.enum(['i', 'u', 'd']),
  id: z.string().min(1).max(200),
  v: z.record(z.string(), z.unknown()).optional(),
});

/** One journal entry of one station, as shipped. */
export const syncOpSchema = z.object({
  id,
  seq: z.number().int().positive(),
  station: id,
  hlc: z.string().regex(/^\d{15}\.\d{6}\..{1,64}$/),
  at: z.string().min(1).max(40),
  actor: z.string().min(1).max(200),
  operation: z.string().min(1).max(100),
  changes: z.string().max(MAX_BODY_BYTES),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  schema: z.number().int().positive(),
  /** Written before sync existed: its hash does not cover the clock. */
  legacy: z.boolean().optional(),
});
export type SyncOp = z.infer<typeof syncOpSchema>;

export const pushRequestSchema = z.object({
  batchId: z.uuid(),
  sentAt: z.iso.datetime(),
  station: id,
  ops: z.array(syncOpSchema).max(MAX_BATCH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** The highest local seq of this station the server holds. */
  ackedSeq: z.number().int(),
  serverTime: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z.object({
  after: z.number().int().min(0),
  limit: z.number().int().min(1).max(MAX_PULL_OPS).default(MAX_BATCH_OPS),
  /** A live pull: when nothing is after `after`, the server answers as soon as something is (or after this long). */
  waitMs: z.number().int().min(0).max(MAX_PULL_WAIT_MS).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.object({
  after: z.number().int(),
  ops: z.array(z.object({ serverSeq: z.number().int().positive(), op: syncOpSchema })),
  next: z.number().int(),
  more: z.boolean(),
  serverTime: z.string(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const enrollRequestSchema = z.object({ code: z.string().min(8).max(200), name: z.string().min(1).max(100), station: id });
export const enrollResponseSchema = z.object({ deviceId: z.string(), token: z.string() });

/**
 * The text a journal entry's hash covers (docs/ARCHITECTURE.md "The journal"). The clock is
 * covered once an entry has one, so entries written before sync keep their old hashes.
 */
export function journalHashInput(prevHash: string, e: { seq: number; id: string; at: string; station_id: string; actor: string; operation: string; changes: string; hlc?: string | null }): string {
  const fields: (string | number)[] = [prevHash, e.seq, e.id, e.at, e.station_id, e.actor, e.operation, e.changes];
  if (e.hlc !== undefined && e.hlc !== null) fields.push(e.hlc);
  return fields.join('\n');
}
