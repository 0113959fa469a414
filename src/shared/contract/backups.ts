import { z } from 'zod';
import { isoTimestamp } from './common.ts';
import { op } from './define.ts';

/** An absolute folder on any of the platforms the app runs on (a USB stick, a network share). */
const absoluteFolder = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((s) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(s) && !s.includes('\0'), { message: 'must be an absolute folder path' });

export const backupSettings = z.object({
  /** Where backups go; null: no scheduled backups until a folder is chosen. */
  folder: absoluteFolder.nullable(),
  /** A backup is taken when the newest one in the folder is at least this old. */
  everyHours: z.number().int().min(1).max(24 * 7),
  /** Rotation: the newest backup of each of this many recent days, and of this many months. */
  keepDaily: z.number().int().min(1).max(366),
  keepMonthly: z.number().int().min(0).max(120),
  /** Also back up when the app closes. */
  onExit: z.boolean(),
});
export type BackupSettings = z.infer<typeof backupSettings>;

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { folder: null, everyHours: 24, keepDaily: 7, keepMonthly: 12, onExit: true };

export const backupEntry = z.object({ name: z.string(), takenAt: isoTimestamp, bytes: z.number().int() });

/** A backup is named by its file name in the backup folder: the app never reads a path it is sent. */
const backupName = z.string().trim().min(1).max(200).regex(/^[^/\\\0]+$/, 'a file name in the backup folder');

export const backupSummary = z.object({
  name: z.string(),
  takenAt: isoTimestamp,
  bytes: z.number().int(),
  encrypted: z.boolean(),
  orders: z.number().int(),
  products: z.number().int(),
  customers: z.number().int(),
  journalSeq: z.number().int(),
  journalAt: isoTimestamp.nullable(),
});

export const backupsContract = {
  'backups.settings': op({ kind: 'read', permission: 'settings.read', summary: 'Where, how often and how many backups are kept', input: z.object({}), output: backupSettings }),
  'backups.updateSettings': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Choose the backup folder, schedule and rotation',
    input: backupSettings.partial(),
    output: backupSettings,
  }),
  'backups.list': op({
    kind: 'read',
    permission: 'settings.read',
    summary: 'The backups in the chosen folder, newest first',
    input: z.object({}),
    output: z.object({ folder: z.string().nullable(), items: z.array(backupEntry) }),
  }),
  'backups.run': op({
    kind: 'job',
    permission: 'settings.write',
    summary: 'Take an online backup now into the backup folder (encrypted with the ledger key), then rotate',
    input: z.object({}),
    output: backupEntry.extend({ removed: z.array(z.string()) }),
  }),
  'backups.check': op({
    kind: 'job',
    permission: 'settings.write',
    summary: 'Check a backup of the folder as restore would (integrity, journal chain and replay, stock against movements) and say what it holds; nothing changes',
    input: z.object({ name: backupName }),
    output: backupSummary,
  }),
  'backups.restore': op({
    kind: 'job',
    permission: 'settings.write',
    summary: 'Check a backup and have it restored when the app next starts (the current ledger is kept aside then); the confirmation names the backup',
    input: z.object({ name: backupName, confirm: z.literal(true) }),
    output: backupSummary.extend({ pending: z.literal(true) }),
  }),
} as const;
