import { notFound } from '../../shared/errors.ts';
import type { SyncIssue } from '../../shared/contract/sync.ts';
import type { SyncIssueTable } from '../db/schema.ts';
import type { Handlers, ReadDb } from './context.ts';

// Sync status and issues as contract operations. The rows are this station's sync memory (not
// journaled), written by the sync client; people read them and mark issues as dealt with.

const toIssue = (r: SyncIssueTable): SyncIssue => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  message: r.message,
  details: JSON.parse(r.details) as unknown,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
});

async function state(db: ReadDb): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('sync_state').select(['key', 'value']).where('key', '!=', 'device_token').execute()).map((r) => [r.key, r.value]));
}

export const syncHandlers = {
  'sync.status': async (ctx) => {
    const s = await state(ctx.db);
    const pushed = Number(s.get('pushed_seq') ?? 0);
    // Journal numbers have no gaps (verify checks it), so the entries after the last pushed one
    // are counted from the newest number: counting the rows took seconds on a big ledger, and
    // the header asks every few seconds.
    const head = await ctx.db.selectFrom('journal').select((eb) => eb.fn.max<number | null>('seq').as('seq')).executeTakeFirstOrThrow();
    const waiting = { n: Math.max(0, Number(head.seq ?? 0) - pushed) };
    const open = ctx.db.selectFrom('sync_issue').where('resolved_at', 'is', null);
    const issues = await open.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
    const count = await open.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return {
      configured: s.has('server_url') && s.has('device_id'),
      serverUrl: s.get('server_url') ?? null,
      online: s.get('online') === '1',
      lastSyncAt: s.get('last_sync_at') ?? null,
      lastAttemptAt: s.get('last_attempt_at') ?? null,
      lastError: s.get('last_error') ?? null,
      syncing: (s.get('round_started_at') ?? '') > (s.get('last_attempt_at') ?? ''),
      restoredAt: s.get('restored_at') ?? null,
      opsWaiting: Number(waiting.n),
      issues: issues.map(toIssue),
      openIssues: Number(count.n),
    };
  },
  'sync.resolveIssue': async (ctx, input) => {
    const row = await ctx.db.selectFrom('sync_issue').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('Sync issue', 'id', input.id);
    if (row.resolved_at !== null) return toIssue(row);
    const details = { ...(JSON.parse(row.details) as object), resolvedBy: ctx.caller.userId, ...(input.note ? { resolution: input.note } : {}) };
    await ctx.tx.db.updateTable('sync_issue').set({ resolved_at: ctx.now, details: JSON.stringify(details) }).where('id', '=', input.id).execute();
    return toIssue({ ...row, resolved_at: ctx.now, details: JSON.stringify(details) });
  },
} satisfies Pick<Handlers, 'sync.status' | 'sync.resolveIssue'>;
