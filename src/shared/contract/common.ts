import { z } from 'zod';
import { isCurrencyCode } from '../money.ts';

export const id = z.uuid();
export const text = (max: number) => z.string().trim().min(1).max(max);
// The pipe gives the transformed value a schema of its own, so output JSON Schemas stay exact.
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null))
    .pipe(z.string().nullable());

/** Integer minor units; the cap keeps every sum of a large order a safe integer. */
export const amount = z.number().int().min(0).max(1e13);
export const quantity = z.number().int().min(1).max(1_000_000_000);
export const signedQuantity = z
  .number()
  .int()
  .min(-1_000_000_000)
  .max(1_000_000_000)
  .refine((n) => n !== 0, 'must not be zero');
export const basisPoints = z.number().int().min(0).max(10_000);
export const currency = z.string().refine(isCurrencyCode, 'must be an ISO 4217 code such as CNY or EUR');
export const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only');
export const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7E]+(?: [\x21-\x7E]+)*$/, 'printable ASCII, no double spaces');
export const isoTimestamp = z.iso.datetime({ offset: true });
/** Input times may carry any offset; the ledger stores the instant as UTC so text order is time order. */
export const utcTimestampInput = isoTimestamp.transform((v) => new Date(v).toISOString());
/** Search text: control characters (a NUL ends an FTS5 query early) are refused, not searched. */
export const searchText = z
  .string()
  .trim()
  .max(100)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
export const isoDate = z.iso.date();

export const address = z.object({
  name: text(200),
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter country code'),
  phone: optionalText(40),
});
export type Address = z.infer<typeof address>;

export const pageInput = {
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
};

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const ok = z.object({ ok: z.literal(true) });
