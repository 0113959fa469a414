import { PAYMENT_METHODS } from '../../shared/contract/payments.ts';
import { DEFAULT_ACCOUNTS, type AccountMap } from '../../shared/double-entry.ts';
import type { ReadDb, WriteContext } from './context.ts';

// The account mapping of the double-entry journal export, one setting row.
const ACCOUNTS_KEY = 'account_map';

export async function readAccounts(db: ReadDb): Promise<AccountMap> {
  const row = await db.selectFrom('setting').select('value').where('id', '=', ACCOUNTS_KEY).executeTakeFirst();
  if (!row) return DEFAULT_ACCOUNTS;
  const stored = JSON.parse(row.value) as AccountMap;
  return { ...DEFAULT_ACCOUNTS, ...stored, methods: { ...DEFAULT_ACCOUNTS.methods, ...stored.methods } };
}

/** The mapping as the contract shows it: an account for every payment method. */
export function accountsDto(m: AccountMap) {
  const methods = Object.fromEntries(PAYMENT_METHODS.map((k) => [k, m.methods[k] ?? DEFAULT_ACCOUNTS.methods[k]!])) as Record<(typeof PAYMENT_METHODS)[number], string>;
  return { ...m, methods, categories: { ...m.categories } };
}


export async function writeAccounts(ctx: WriteContext, next: AccountMap): Promise<void> {
  const value = JSON.stringify(next);
  const exists = await ctx.db.selectFrom('setting').select('id').where('id', '=', ACCOUNTS_KEY).executeTakeFirst();
  if (exists) await ctx.tx.update('setting', ACCOUNTS_KEY, { value });
  else await ctx.tx.insert('setting', { id: ACCOUNTS_KEY, value });
}
