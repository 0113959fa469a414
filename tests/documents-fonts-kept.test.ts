// What documents keep per process for speed must not change what they print: a font subset
// made from glyphs read once per process is the same, byte for byte, as fontkit's own, and a
// document printed after others (shaped words shared, barcodes cached) reads back the same as
// one printed alone.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FONT_FILES } from '../src/main/documents/fonts.ts';
import { renderDocument } from '../src/main/documents/render.ts';
import { sampleInvoice, samplePackingSlip } from '../src/main/documents/samples.ts';
import { keepSubsetGlyphs } from '../src/main/documents/subset-glyphs.ts';
import { pdfBarcodes, pdfText } from './pdf-tools.ts';

type Subset = { includeGlyph(id: number): number; encode(): Uint8Array };
type Font = { layout(text: string): { glyphs: { id: number }[] }; createSubset(): Subset };

const require = createRequire(import.meta.url);
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buffer: Buffer): Font };

describe('kept per process', () => {
  it('a subset from glyphs read once equals fontkit’s own subset, for every weight, again and again', () => {
    for (const file of Object.values(FONT_FILES)) {
      const bytes = readFileSync(file);
      const plain = fontkit.create(bytes);
      const kept = fontkit.create(bytes);
      keepSubsetGlyphs(kept);
      for (const text of ['茶韵 Tea House Ltd. 发票 ¥4,619.20', 'Invoice 1/2 àéîõüñç ﬁ 《茶经》图书 宜兴紫砂壶', '茶韵 Tea House Ltd. 发票 ¥4,619.20']) {
        const glyphs = plain.layout(text).glyphs.map((g) => g.id);
        const a = plain.createSubset();
        const b = kept.createSubset();
        for (const id of glyphs) expect(b.includeGlyph(id)).toBe(a.includeGlyph(id));
        const ours = Buffer.from(b.encode());
        expect(ours.length).toBeGreaterThan(1000);
        expect(ours.equals(Buffer.from(a.encode()))).toBe(true);
      }
    }
  });

  it('a document printed after others reads back as the same text with the same barcode', async () => {
    const invoice = sampleInvoice('zh', 6, 'INV-K-000001');
    const first = await renderDocument(invoice);
    // Other documents in between fill the shared word cache and the barcode cache.
    await renderDocument(samplePackingSlip('zh', 'SO-K-000001'));
    await renderDocument(sampleInvoice('en', 3, 'INV-K-000002'));
    const again = await renderDocument(invoice);
    expect(pdfText(again)).toBe(pdfText(first));
    expect(pdfBarcodes(again)).toEqual(['INV-K-000001']);
    // A busy machine: several renders and a decode take seconds each there.
  }, 120_000);
});
