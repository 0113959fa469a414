import type { z } from 'zod';
import type { Permission } from '../permissions.ts';

/**
 * A read operation may only query; a write operation runs in one IMMEDIATE transaction that
 * also appends its journal entry. A job (imports, list exports) holds no transaction of its own:
 * it calls other operations through the dispatcher as the same caller (an import's rows as one
 * batch transaction, an export's pages as reads), so their permissions and rules apply.
 */
export type OpKind = 'read' | 'write' | 'job';

/**
 * `public`: callable without signing in (first-run setup, sign in, whether setup is needed).
 * `signed_in`: any caller who proved who they are (their own session, their own password).
 */
export type OpAccess = Permission | 'public' | 'signed_in';

export type OpDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  readonly kind: OpKind;
  readonly permission: OpAccess;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
  /**
   * Reads only. `statement`: the answer is the rows of ONE statement, and any other statement
   * the handler runs only chooses how to ask (which index, which search path). Such a read runs
   * without a transaction of its own: SQLite gives every statement its own consistent snapshot,
   * so the answer is as consistent as with one, and the BEGIN and ROLLBACK (a tenth of an
   * order-number search) are saved. Default `transaction`: one snapshot across all statements.
   */
  readonly snapshot?: 'transaction' | 'statement';
};

export function op<K extends OpKind, I extends z.ZodType, O extends z.ZodType>(
  def: OpDef<I, O> & { readonly kind: K },
): OpDef<I, O> & { readonly kind: K } {
  return def;
}
