import type { LedgerDb } from './connection.ts';

// Listeners told after a transaction that wrote journal entries has committed: the sync client
// pushes new local work at once instead of at its next round. Called after COMMIT, never inside.

const listeners = new WeakMap<LedgerDb, Set<() => void>>();

/** Calls fn after every commit that wrote journal entries; returns the unsubscribe. */
export function onJournalCommit(ledger: LedgerDb, fn: () => void): () => void {
  let set = listeners.get(ledger);
  if (!set) listeners.set(ledger, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

export function journalCommitted(ledger: LedgerDb): void {
  const set = listeners.get(ledger);
  if (!set) return;
  for (const fn of set) {
    try {
      fn();
    } catch {
      // A listener's trouble is its own: the operation has committed and has succeeded.
    }
  }
}
