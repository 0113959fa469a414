import type { Permission } from '../../shared/permissions.ts';
import { PURCHASING_ROLE_GRANTS, type BuiltinRole } from '../../shared/roles.ts';
import type { LedgerDb } from '../db/connection.ts';
import type { WriteTx } from '../db/write-tx.ts';

// Permissions given to built-in roles after ledgers already existed. Migration 0011 marks a
// ledger whose built-in roles predate them (`ledger_upgrade`, station state); this adds them
// through the journal on the next open and removes the mark in the same transaction, so a
// crash leaves either both or neither. Only adds: what the owner granted or removed otherwise
// stays, and once done the owner may take these away again for good.

const MARK = 'purchasing_roles';

export function needsRoleUpgrade(ledger: LedgerDb): boolean {
  return ledger.prepare('SELECT name FROM ledger_upgrade WHERE name = ?').get(MARK) !== undefined;
}

export async function upgradeBuiltinRoles(ledger: LedgerDb, tx: WriteTx, now: string): Promise<void> {
  if (!needsRoleUpgrade(ledger)) return;
  const rows = await tx.db.selectFrom('role').select(['id', 'builtin', 'permissions']).where('builtin', 'is not', null).execute();
  for (const row of rows) {
    const grants = PURCHASING_ROLE_GRANTS[row.builtin as BuiltinRole];
    if (!grants || row.builtin === 'owner') continue;
    const had = JSON.parse(row.permissions) as Permission[];
    const next = [...new Set([...had, ...grants])].sort();
    if (next.length !== had.length) await tx.update('role', row.id, { permissions: JSON.stringify(next), updated_at: now });
  }
  ledger.prepare('DELETE FROM ledger_upgrade WHERE name = ?').run(MARK);
}
