import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackupSchedule } from '../../src/main/backup/schedule.ts';
import { DEFAULT_BACKUP_SETTINGS } from '../../src/shared/contract/backups.ts';
import { openTestLedger, smallShop, type TestLedger } from '../helpers.ts';

let open: TestLedger | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('backup settings (backups.settings, backups.updateSettings, backups.list)', () => {
  it('start from the defaults, change as asked and are journaled', async () => {
    const t = (open = await openTestLedger());
    expect(await t.call('backups.settings', {})).toEqual(DEFAULT_BACKUP_SETTINGS);
    expect(await t.call('backups.list', {})).toEqual({ folder: null, items: [] });
    const folder = join(t.dir, 'usb');
    const s = await t.call('backups.updateSettings', { folder, keepDaily: 3, keepMonthly: 2 });
    expect(s).toEqual({ ...DEFAULT_BACKUP_SETTINGS, folder, keepDaily: 3, keepMonthly: 2 });
    expect(await t.call('backups.updateSettings', { everyHours: 6 })).toEqual({ ...s, everyHours: 6 });
    expect(await t.call('backups.settings', {})).toEqual({ ...s, everyHours: 6 });
    const journal = await t.call('journal.list', { operation: 'backups.updateSettings', limit: 10 });
    expect(journal.items).toHaveLength(2);
    expect((await t.call('system.verify', {})).ok).toBe(true);
  });

  it('refuse bad values naming the field, writing nothing', async () => {
    const t = (open = await openTestLedger());
    for (const [input, field] of [
      [{ folder: 'relative/folder' }, 'folder'],
      [{ keepDaily: 0 }, 'keepDaily'],
      [{ keepMonthly: -1 }, 'keepMonthly'],
      [{ everyHours: 1.5 }, 'everyHours'],
    ] as const) {
      const e = await t.reject('backups.updateSettings', input);
      expect(e.code).toBe('invalid');
      expect(e.field).toBe(field);
    }
    expect(await t.call('backups.settings', {})).toEqual(DEFAULT_BACKUP_SETTINGS);
  });
});

describe('the backup schedule', () => {
  it('backs up when due, not again until everyHours have passed, rotates, and once more on exit', async () => {
    const t = (open = await openTestLedger());
    await smallShop(t);
    const folder = join(t.dir, 'backups');
    await t.call('backups.updateSettings', { folder, everyHours: 24, keepDaily: 2, keepMonthly: 0, onExit: true });
    let now = new Date('2026-11-20T09:00:00Z');
    const lines: string[] = [];
    const schedule = startBackupSchedule(t.app, { checkEveryMs: 3_600_000, now: () => now, log: (l) => lines.push(l) });
    try {
      const first = await schedule.tick();
      // The start-up check may have taken it already; either way there is exactly one now.
      const listed = await t.call('backups.list', {});
      expect(listed.items.map((b) => b.takenAt)).toEqual(['2026-11-20T09:00:00.000Z']);
      if (first) expect(existsSync(first.file)).toBe(true);
      now = new Date('2026-11-20T20:00:00Z');
      expect(await schedule.tick()).toBeUndefined();
      for (const day of ['2026-11-21T09:30:00Z', '2026-11-22T10:00:00Z', '2026-11-23T10:00:00Z']) {
        now = new Date(day);
        expect((await schedule.tick())?.at.toISOString()).toBe(now.toISOString());
      }
      // keepDaily 2: only the last two days remain.
      expect((await t.call('backups.list', {})).items.map((b) => b.takenAt)).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-22T10:00:00.000Z']);
      now = new Date('2026-11-23T18:00:00Z');
    } finally {
      await schedule.stop();
    }
    // On exit: one more backup, the same day's older one rotated out.
    expect((await t.call('backups.list', {})).items.map((b) => b.takenAt)).toEqual(['2026-11-23T18:00:00.000Z', '2026-11-22T10:00:00.000Z']);
    expect(lines.filter((l) => l.startsWith('Backup written')).length).toBe(5);
  });

  it('logs a failed backup and keeps going', async () => {
    const t = (open = await openTestLedger());
    // A folder that cannot be made: a path under a file.
    await t.call('backups.updateSettings', { folder: join(t.file, 'not-a-folder'), onExit: false });
    const lines: string[] = [];
    const schedule = startBackupSchedule(t.app, { checkEveryMs: 3_600_000, log: (l) => lines.push(l) });
    expect(await schedule.tick()).toBeUndefined();
    await schedule.stop();
    expect(lines.some((l) => l.startsWith('Backup failed'))).toBe(true);
  });
});
