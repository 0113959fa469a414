import { describe, expect, it } from 'vitest';
import { sniffReceiptType } from './receipt-file.ts';

describe('sniffReceiptType', () => {
  it('knows PDF, PNG and JPEG by their first bytes and nothing else', () => {
    expect(sniffReceiptType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffReceiptType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffReceiptType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffReceiptType(new TextEncoder().encode('<svg/>'))).toBeNull();
    expect(sniffReceiptType(new Uint8Array([0x89, 0x50]))).toBeNull();
    expect(sniffReceiptType(new Uint8Array([]))).toBeNull();
  });
});
