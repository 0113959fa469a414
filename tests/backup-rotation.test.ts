import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backupFileName, parseBackupFileName, rotateBackups, type NamedBackup } from '../src/shared/backup-rotation.ts';

const SEED = process.env.ROTATION_SEED ? Number(process.env.ROTATION_SEED) : 20261123;
const b = (iso: string): NamedBackup => {
  const at = new Date(iso);
  return { name: backupFileName(at), at };
};
const names = (xs: readonly NamedBackup[]) => xs.map((x) => x.at.toISOString());

describe('backup file names', () => {
  it('round-trip a time to the millisecond and sort by time as text', () => {
    const at = new Date('2026-11-23T05:15:00.123Z');
    expect(backupFileName(at)).toBe('shopledger-20261123T051500123Z.sqlite');
    expect(parseBackupFileName(backupFileName(at))?.toISOString()).toBe(at.toISOString());
  });

  it('ignore files that are not backups', () => {
    for (const n of ['ledger.sqlite', 'shopledger-20261123T051500123Z.sqlite.partial', 'shopledger-20261323T051500123Z.sqlite', 'shopledger-20261123T051500Z.sqlite', 'x-shopledger-20261123T051500123Z.sqlite']) {
      expect(parseBackupFileName(n), n).toBeUndefined();
    }
  });

  it('round-trip any time (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }), (at) => {
        expect(parseBackupFileName(backupFileName(at))?.getTime()).toBe(at.getTime());
      }),
      { seed: SEED },
    );
  });
});

describe('rotateBackups', () => {
  it('keeps the newest of each of the last N days and M months', () => {
    const all = [
      b('2026-11-23T18:00:00Z'),
      b('2026-11-23T09:00:00Z'),
      b('2026-11-22T18:00:00Z'),
      b('2026-11-21T18:00:00Z'),
      b('2026-11-20T18:00:00Z'),
      b('2026-10-31T18:00:00Z'),
      b('2026-10-01T18:00:00Z'),
      b('2026-09-15T18:00:00Z'),
      b('2026-08-15T18:00:00Z'),
    ];
    const { keep, remove } = rotateBackups(all, { keepDaily: 3, keepMonthly: 3 });
    expect(names(keep)).toEqual(['2026-11-23T18:00:00.000Z', '2026-11-22T18:00:00.000Z', '2026-11-21T18:00:00.000Z', '2026-10-31T18:00:00.000Z', '2026-09-15T18:00:00.000Z']);
    expect(names(remove)).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-20T18:00:00.000Z', '2026-10-01T18:00:00.000Z', '2026-08-15T18:00:00.000Z']);
  });

  it('never removes the newest backup, even with nothing to keep', () => {
    const all = [b('2026-11-22T18:00:00Z'), b('2026-11-23T18:00:00Z')];
    expect(names(rotateBackups(all, { keepDaily: 0, keepMonthly: 0 }).keep)).toEqual(['2026-11-23T18:00:00.000Z']);
    expect(rotateBackups([], { keepDaily: 7, keepMonthly: 12 })).toEqual({ keep: [], remove: [] });
  });

  it('splits every list into kept and removed, keeping exactly one per chosen period (property)', () => {
    const when = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.uniqueArray(when, { selector: (d) => d.getTime(), maxLength: 60 }), fc.nat(10), fc.nat(6), (dates, keepDaily, keepMonthly) => {
        const all = dates.map((at) => ({ name: backupFileName(at), at }));
        const { keep, remove } = rotateBackups(all, { keepDaily, keepMonthly });
        expect(keep.length + remove.length).toBe(all.length);
        expect(new Set([...keep, ...remove]).size).toBe(all.length);
        if (all.length === 0) return;
        const newest = Math.max(...dates.map((d) => d.getTime()));
        expect(keep.some((k) => k.at.getTime() === newest)).toBe(true);
        const days = [...new Set(all.map((x) => x.at.toISOString().slice(0, 10)))].sort().reverse();
        const months = [...new Set(all.map((x) => x.at.toISOString().slice(0, 7)))].sort().reverse();
        const chosenDays = new Set(days.slice(0, keepDaily));
        const chosenMonths = new Set(months.slice(0, keepMonthly));
        for (const k of keep) {
          const newestOfDay = all.filter((x) => x.at.toISOString().slice(0, 10) === k.at.toISOString().slice(0, 10)).every((x) => x.at <= k.at);
          const newestOfMonth = all.filter((x) => x.at.toISOString().slice(0, 7) === k.at.toISOString().slice(0, 7)).every((x) => x.at <= k.at);
          const byDay = chosenDays.has(k.at.toISOString().slice(0, 10)) && newestOfDay;
          const byMonth = chosenMonths.has(k.at.toISOString().slice(0, 7)) && newestOfMonth;
          expect(byDay || byMonth || k.at.getTime() === newest).toBe(true);
        }
        for (const d of chosenDays) expect(keep.some((k) => k.at.toISOString().slice(0, 10) === d)).toBe(true);
        for (const m of chosenMonths) expect(keep.some((k) => k.at.toISOString().slice(0, 7) === m)).toBe(true);
      }),
      { seed: SEED },
    );
  });
});
