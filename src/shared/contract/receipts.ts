import { z } from 'zod';
import { MAX_RECEIPT_BYTES, RECEIPT_TYPES } from '../receipt-file.ts';
import { id, isoTimestamp, text } from './common.ts';
import { op } from './define.ts';

export const receiptFile = z.object({
  id,
  entryId: id,
  fileName: z.string(),
  contentType: z.enum(RECEIPT_TYPES),
  size: z.number().int(),
  sha256: z.string(),
  attachedAt: isoTimestamp,
});

export const receiptsContract = {
  'books.attachReceipt': op({
    kind: 'write',
    permission: 'books.write',
    summary: `Attach the receipt file (PDF, PNG or JPEG, at most ${MAX_RECEIPT_BYTES / (1024 * 1024)} MB, base64) to an income or expense entry; once attached it cannot be replaced`,
    input: z.object({
      entryId: id,
      fileName: text(200),
      contentType: z.enum(RECEIPT_TYPES),
      content: z
        .string()
        .min(1, 'the file is empty')
        .max(Math.ceil(MAX_RECEIPT_BYTES / 3) * 4, `at most ${MAX_RECEIPT_BYTES / (1024 * 1024)} MB`)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 of the file'),
    }),
    output: receiptFile,
  }),
  'books.getReceipt': op({
    kind: 'read',
    permission: 'books.read',
    summary: 'The receipt file of an income or expense entry, base64, with its type, size and SHA-256',
    input: z.object({ entryId: id }),
    output: receiptFile.extend({ content: z.string() }),
  }),
} as const;
