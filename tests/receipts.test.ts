// Receipt files on income and expense entries: stored in the ledger with size and SHA-256,
// checked by their first bytes, never replaced or changed, journaled (verify replays them).

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECEIPT_BYTES } from '../src/shared/receipt-file.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

let t: TestLedger;
let entryId: string;
let otherId: string;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000)]);

beforeAll(async () => {
  t = await openTestLedger();
  const fees = await t.call('books.createCategory', { kind: 'expense', code: 'FUEL', name: 'Fuel' });
  entryId = (await t.call('books.record', { categoryId: fees.id, amount: 8800, method: 'card', description: 'van fuel' })).id;
  otherId = (await t.call('books.record', { categoryId: fees.id, amount: 1200, method: 'cash', description: 'parking' })).id;
});

afterAll(async () => {
  const report = await t?.call('system.verify', {});
  await t?.close();
  expect(report?.problems).toEqual([]);
});

describe('receipt files', () => {
  it('attaches a PNG and gives the same bytes back with size and SHA-256', async () => {
    const r = await t.call('books.attachReceipt', { entryId, fileName: 'fuel.png', contentType: 'image/png', content: PNG.toString('base64') });
    expect([r.entryId, r.size, r.contentType, r.sha256]).toEqual([entryId, PNG.length, 'image/png', createHash('sha256').update(PNG).digest('hex')]);
    const back = await t.call('books.getReceipt', { entryId });
    expect(Buffer.from(back.content, 'base64').equals(PNG)).toBe(true);
    expect(back.sha256).toBe(r.sha256);
    const journal = t.app.ledger.raw.prepare("SELECT changes FROM journal WHERE operation = 'books.attachReceipt'").get() as { changes: string };
    expect(journal.changes).toContain(r.sha256);
  });

  it('never replaces an attached receipt, and the row refuses changes behind the app', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%…\n');
    const e = await t.reject('books.attachReceipt', { entryId, fileName: 'other.pdf', contentType: 'application/pdf', content: pdf.toString('base64') });
    expect([e.code, e.field]).toEqual(['conflict', 'entryId']);
    expect(() => t.app.ledger.raw.prepare("UPDATE receipt_file SET file_name = 'x'").run()).toThrow(/immutable/);
    expect(() => t.app.ledger.raw.prepare('DELETE FROM receipt_file').run()).toThrow(/immutable/);
  });

  it('refuses files that are not PDF, PNG or JPEG, a type that does not match, too large files and unknown entries', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64');
    expect((await t.reject('books.attachReceipt', { entryId: otherId, fileName: 'a.png', contentType: 'image/png', content: svg })).field).toBe('content');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64');
    const mismatch = await t.reject('books.attachReceipt', { entryId: otherId, fileName: 'a.pdf', contentType: 'application/pdf', content: jpeg });
    expect([mismatch.code, mismatch.field]).toEqual(['invalid', 'contentType']);
    const big = Buffer.alloc(MAX_RECEIPT_BYTES + 1, 7);
    PNG.copy(big, 0, 0, 8);
    const tooBig = await t.reject('books.attachReceipt', { entryId: otherId, fileName: 'big.png', contentType: 'image/png', content: big.toString('base64') });
    expect([tooBig.code, tooBig.field]).toEqual(['invalid', 'content']);
    const notBase64 = await t.reject('books.attachReceipt', { entryId: otherId, fileName: 'a.png', contentType: 'image/png', content: 'iVBORw0KGgo=A' });
    expect(notBase64.field).toBe('content');
    const missing = await t.reject('books.attachReceipt', { entryId: '01900000-0000-7000-8000-000000000000', fileName: 'a.jpg', contentType: 'image/jpeg', content: jpeg });
    expect([missing.code, missing.field]).toEqual(['not_found', 'entryId']);
    expect((await t.reject('books.getReceipt', { entryId: otherId })).code).toBe('not_found');
    // The JPEG itself is fine on the other entry.
    expect((await t.call('books.attachReceipt', { entryId: otherId, fileName: 'p.jpg', contentType: 'image/jpeg', content: jpeg })).size).toBe(7);
  });
});
