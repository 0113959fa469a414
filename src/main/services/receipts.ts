import { createHash } from 'node:crypto';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { MAX_RECEIPT_BYTES, sniffReceiptType, type ReceiptType } from '../../shared/receipt-file.ts';
import type { ReceiptFileTable } from '../db/schema-books.ts';
import type { Handlers } from './context.ts';

// The bytes are kept in the ledger (receipt_file, base64 so the journal, sync and the ledger
// export carry them as any row); the row is insert-only, so a receipt once attached is the one
// the accountant saw. The SHA-256 lets anyone check a copy against the ledger.

const toDto = (r: ReceiptFileTable) => ({
  id: r.id,
  entryId: r.entry_id,
  fileName: r.file_name,
  contentType: r.content_type as ReceiptType,
  size: r.size,
  sha256: r.sha256,
  attachedAt: r.attached_at,
});

export const receiptsHandlers = {
  'books.attachReceipt': async (ctx, input) => {
    const entry = await ctx.db.selectFrom('book_entry').select('id').where('id', '=', input.entryId).executeTakeFirst();
    if (!entry) throw notFound('Income or expense entry', 'entryId', input.entryId);
    const bytes = Buffer.from(input.content, 'base64');
    // Node's decoder skips what is not base64; a round trip proves the text was the file.
    if (bytes.toString('base64') !== input.content) throw invalid('content', 'The content is not canonical base64 of the file');
    if (bytes.length > MAX_RECEIPT_BYTES) throw invalid('content', `The file is ${bytes.length} bytes; at most ${MAX_RECEIPT_BYTES} are kept`);
    const sniffed = sniffReceiptType(bytes);
    if (sniffed === null) throw invalid('content', 'The file is not a PDF, PNG or JPEG');
    if (sniffed !== input.contentType) throw invalid('contentType', `The file is ${sniffed}, not ${input.contentType}`);
    const existing = await ctx.db.selectFrom('receipt_file').select(['id', 'sha256']).where('entry_id', '=', input.entryId).executeTakeFirst();
    if (existing) throw conflict('This entry already has its receipt; receipts are never replaced', { receiptId: existing.id, sha256: existing.sha256 }, 'entryId');
    const row: ReceiptFileTable = {
      id: newId(),
      entry_id: input.entryId,
      file_name: input.fileName,
      content_type: sniffed,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: input.content,
      attached_at: ctx.now,
      actor: ctx.caller.userId,
    };
    await ctx.tx.insert('receipt_file', row);
    return toDto(row);
  },
  'books.getReceipt': async (ctx, input) => {
    const row = await ctx.db.selectFrom('receipt_file').selectAll().where('entry_id', '=', input.entryId).executeTakeFirst();
    if (!row) throw notFound('Receipt of entry', 'entryId', input.entryId);
    return { ...toDto(row), content: row.content };
  },
} satisfies Pick<Handlers, 'books.attachReceipt' | 'books.getReceipt'>;
