import type { LedgerClient } from '../../shared/client.ts';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';

export type Product = OpResult<'products.get'>;

/**
 * What a scan or a typed term means: a barcode, else an exact SKU, else the only product whose
 * name or SKU contains the term. Undefined when nothing (or more than one thing) matches.
 */
export async function resolveProduct(client: LedgerClient, term: string): Promise<Product | undefined> {
  const text = term.trim();
  if (!text) return undefined;
  const attempts: ({ barcode: string } | { sku: string })[] = /^\d{6,}$/.test(text) ? [{ barcode: text }, { sku: text }] : [{ sku: text }];
  for (const input of attempts) {
    try {
      return await client.call('products.get', input);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'not_found') throw e;
    }
  }
  if ([...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)) return undefined;
  const page = await client.call('products.list', { search: text, limit: 2 });
  return page.items.length === 1 ? page.items[0] : undefined;
}
