import { z } from 'zod';
import { id, text } from './common.ts';
import { op } from './define.ts';

export const syncIssue = z.object({
  id: z.string(),
  kind: z.enum(['oversell', 'transition', 'parked', 'clock']),
  subject: z.string(),
  message: z.string(),
  details: z.unknown(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type SyncIssue = z.infer<typeof syncIssue>;

export const syncStatus = z.object({
  /** Enrolled with a sync server. */
  configured: z.boolean(),
  serverUrl: z.string().nullable(),
  /** The last attempt reached the server. */
  online: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** A round (push, then pull) is under way right now. */
  syncing: z.boolean(),
  /** Restored from a backup at this time and not caught up with the server since: nothing is numbered until it has. */
  restoredAt: z.string().nullable(),
  /** Local entries the server has not acknowledged yet. */
  opsWaiting: z.number().int(),
  /** Open alerts and conflicts, newest first (at most 100). */
  issues: z.array(syncIssue),
  openIssues: z.number().int(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const syncContract = {
  'sync.status': op({
    kind: 'read',
    permission: 'settings.read',
    summary: 'Sync state of this station: online, last sync, ops waiting, open oversell alerts and conflicts',
    input: z.object({}),
    output: syncStatus,
  }),
  'sync.resolveIssue': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Mark an oversell alert or a sync conflict as dealt with',
    input: z.object({ id, note: text(500).optional() }),
    output: syncIssue,
  }),
} as const;
