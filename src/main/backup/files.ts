import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** The files SQLite keeps beside a database in WAL mode. */
export const sidecars = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`];

export function removeDatabaseFiles(file: string): void {
  for (const f of [file, ...sidecars(file)]) rmSync(f, { force: true });
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or unlink in the folder durable (not possible on Windows, where it is not needed). */
export function fsyncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems (network shares, FAT) refuse fsync on a folder.
  } finally {
    closeSync(fd);
  }
}

/**
 * Puts `replacement` (a closed, complete database without sidecars) in place of `target`, in
 * one rename: at every instant `target` names either the old file or the new one. The old file
 * is first kept at `aside` (a hard link, or a copy where links are not supported), so it
 * survives the rename. The caller has checkpointed `target`, so it has no WAL to lose.
 */
export function swapIn(target: string, replacement: string, aside: string | undefined): void {
  const folder = dirname(target);
  if (aside !== undefined && existsSync(target)) {
    removeDatabaseFiles(aside);
    try {
      linkSync(target, aside);
    } catch {
      copyFileSync(target, aside);
      fsyncFile(aside);
    }
    // A corrupt ledger that could not be checkpointed keeps its WAL beside the copy aside.
    for (const [from, to] of [[`${target}-wal`, `${aside}-wal`]] as const) if (existsSync(from)) copyFileSync(from, to);
    fsyncFolder(folder);
  }
  for (const f of sidecars(target)) rmSync(f, { force: true });
  renameSync(replacement, target);
  fsyncFolder(folder);
}
