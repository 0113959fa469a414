import { z } from 'zod';
import { isoTimestamp, page, pageInput } from './common.ts';
import { op } from './define.ts';

export const verifyProblem = z.object({
  check: z.enum(['integrity', 'foreign_keys', 'journal_chain', 'journal_replay', 'stock_levels', 'derived_indexes']),
  message: z.string(),
  table: z.string().optional(),
  rowId: z.string().optional(),
});
export type VerifyProblem = z.infer<typeof verifyProblem>;

export const verifyReport = z.object({
  ok: z.boolean(),
  journalEntries: z.number().int(),
  rowsChecked: z.number().int(),
  problems: z.array(verifyProblem),
});
export type VerifyReport = z.infer<typeof verifyReport>;

export const journalEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: isoTimestamp,
  stationId: z.string(),
  actor: z.string(),
  operation: z.string(),
  changedRows: z.number().int(),
});

export const systemContract = {
  'system.verify': op({
    kind: 'read',
    permission: 'audit.read',
    summary: 'Check SQLite integrity, the journal hash chain, every row against the journal, and stock levels against movements',
    input: z.object({}),
    output: verifyReport,
  }),
  'journal.list': op({
    kind: 'read',
    permission: 'audit.read',
    summary: 'Journal entries, newest first',
    input: z.object({ operation: z.string().max(64).optional(), ...pageInput }),
    output: page(journalEntry),
  }),
} as const;
