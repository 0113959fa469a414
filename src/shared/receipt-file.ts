// Receipt files attached to income and expense entries: PDF, PNG or JPEG, recognised by their
// first bytes (a renamed file or a declared type that does not match is refused), at most
// MAX_RECEIPT_BYTES.

export const RECEIPT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

const SIGNATURES: readonly { type: ReceiptType; bytes: readonly number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];

/** The type the bytes are, by their signature; null for anything else. */
export function sniffReceiptType(bytes: Uint8Array): ReceiptType | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))?.type ?? null;
}
