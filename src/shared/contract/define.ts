import type { z } from 'zod';
import type { Permission } from '../permissions.ts';

/**
 * A read operation may only query; a write operation runs in one IMMEDIATE transaction that
 * also appends its journal entry. A job (imports, list exports) holds no transaction of its own:
 * it calls other operations through the dispatcher as the same caller (an import's rows as one
 * batch transaction, an export's pages as reads), so their permissions and rules apply.
 */
export type OpKind = 'read' | 'write' | 'job';

export type OpDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  readonly kind: OpKind;
  readonly permission: Permission;
  readonly summary: string;
  readonly input: I;
  readonly output: O;
};

export function op<K extends OpKind, I extends z.ZodType, O extends z.ZodType>(
  def: OpDef<I, O> & { readonly kind: K },
): OpDef<I, O> & { readonly kind: K } {
  return def;
}
