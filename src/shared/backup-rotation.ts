// Backup files carry their time in their name, so a folder can be listed and rotated without
// opening any file (opening an encrypted backup needs the key and takes a KDF round).

export type BackupRetention = {
  /** Keep the newest backup of each of this many most recent days that have backups. */
  readonly keepDaily: number;
  /** Keep the newest backup of each of this many most recent months that have backups. */
  readonly keepMonthly: number;
};

export type NamedBackup = { readonly name: string; readonly at: Date };

const PREFIX = 'shopledger-';
const SUFFIX = '.sqlite';
const NAME = /^shopledger-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.sqlite$/;

/** `shopledger-20261123T051500123Z.sqlite`: UTC to the millisecond, sorts by time as text. */
export function backupFileName(at: Date): string {
  const iso = at.toISOString(); // 2026-11-23T05:15:00.123Z
  return `${PREFIX}${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z${SUFFIX}`;
}

/** The time in a backup's name, or undefined for any other file (partial copies, user files). */
export function parseBackupFileName(name: string): Date | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Reject names like month 13 that Date.UTC would roll over into another date.
  return backupFileName(at) === name ? at : undefined;
}

/**
 * Which backups rotation keeps and which it removes. Days and months are UTC. The newest
 * backup is always kept, whatever the retention says, so rotation can never empty a folder.
 */
export function rotateBackups<T extends NamedBackup>(backups: readonly T[], retention: BackupRetention): { keep: T[]; remove: T[] } {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const kept = new Set<T>();
  const keepNewestPer = (period: (d: Date) => string, count: number): void => {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const p = period(b.at);
      if (seen.has(p)) continue;
      if (seen.size >= count) break;
      seen.add(p);
      kept.add(b);
    }
  };
  keepNewestPer((d) => d.toISOString().slice(0, 10), Math.max(0, retention.keepDaily));
  keepNewestPer((d) => d.toISOString().slice(0, 7), Math.max(0, retention.keepMonthly));
  if (newestFirst[0]) kept.add(newestFirst[0]);
  return { keep: newestFirst.filter((b) => kept.has(b)), remove: newestFirst.filter((b) => !kept.has(b)) };
}
