// Each PDF embeds a subset of the font: the outlines of the glyphs it uses. To copy one glyph
// fontkit decodes its whole outline only to learn whether it is built from other glyphs, and it
// does so again in every document, for the same few hundred glyphs (digits, labels, the shop's
// name). What a glyph contributes to a subset — its bytes in the font, the glyphs it is built
// from and where their ids sit in those bytes, its advance and side bearing — never changes, so
// it is read once per glyph for the process. The subset written is the same, byte for byte.
//
// Only for TrueType outlines of a font without variations (ours): a variable font's outlines
// are re-encoded per instance, and CFF fonts subset another way; those keep fontkit's own path.

type Part = { readonly glyphID: number; readonly pos: number };
type Entry = { readonly bytes: Uint8Array; readonly parts: readonly Part[] | null; readonly advance: number; readonly bearing: number };

type Glyph = { advanceWidth: number; _decode(): { numberOfContours: number; components?: Part[] } | null; _getMetrics(): { leftBearing: number } };
type TableStream = { pos: number; readBuffer(length: number): Uint8Array };
type TrueTypeFont = {
  directory: { tables: Record<string, unknown> };
  loca: { offsets: number[] };
  _variationProcessor?: unknown;
  getGlyph(id: number): Glyph;
  _getTableStream(tag: string): TableStream;
  createSubset(): object;
};
type Subset = {
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph(id: number): number;
};

function entryOf(font: TrueTypeFont, gid: number): Entry {
  const glyph = font.getGlyph(gid);
  const outline = glyph._decode();
  const start = font.loca.offsets[gid]!;
  const stream = font._getTableStream('glyf');
  stream.pos += start;
  const bytes = stream.readBuffer(font.loca.offsets[gid + 1]! - start);
  const parts = outline && outline.numberOfContours < 0 ? (outline.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null;
  return { bytes, parts, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
}

/** Makes `font.createSubset()` read each glyph's part of a subset once per process. */
export function keepSubsetGlyphs(fontObject: object): void {
  const font = fontObject as TrueTypeFont;
  if (!font.directory.tables.glyf || font.directory.tables['CFF '] || font._variationProcessor) return;
  const entries = new Map<number, Entry>();
  const Base = Object.getPrototypeOf(font.createSubset()).constructor as new (font: TrueTypeFont) => Subset;
  class KeptGlyphsSubset extends Base {
    _addGlyph(gid: number): number {
      let entry = entries.get(gid);
      if (!entry) {
        entry = entryOf(font, gid);
        entries.set(gid, entry);
      }
      let bytes = entry.bytes;
      if (entry.parts) {
        // A composite names its parts by glyph id: rewrite them to their ids in this subset.
        bytes = new Uint8Array(bytes);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (const part of entry.parts) view.setUint16(part.pos, this.includeGlyph(part.glyphID));
      }
      this.glyf.push(bytes);
      this.loca.offsets.push(this.offset);
      this.hmtx.metrics.push({ advance: entry.advance, bearing: entry.bearing });
      this.offset += bytes.length;
      return this.glyf.length - 1;
    }
  }
  font.createSubset = () => new KeptGlyphsSubset(font);
}
