import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Shaping a word (glyph lookup, kerning, the OpenType features of a CJK font) is much of the
// cost of a small PDF, and pdfkit keeps the shaped words only for the life of one document: the
// next invoice shapes "Invoice", the shop's address, every label and amount again. The shaped
// result depends only on the font and the word, and our fonts are parsed once per process
// (fonts.ts), so one word cache per font is kept for the process and handed to each document's
// font. pdfkit reads cached runs without changing them (word spacing copies the position it
// widens), so sharing them between documents prints the same bytes.
//
// The cache is bounded: past MAX_WORDS distinct words it starts again empty, checked once per
// CHECK_EVERY documents so the check costs nothing per word.

const MAX_WORDS = 20_000;
const CHECK_EVERY = 100;

type ShapedRun = object;
type WordCache = Record<string, ShapedRun>;
type EmbeddedFont = { font?: object; layoutCache?: WordCache };
type PdfmakeDocument = { provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont };

const caches = new WeakMap<object, WordCache>();
const provided = new WeakSet<EmbeddedFont>();
let documents = 0;

function cacheFor(font: object): WordCache {
  let cache = caches.get(font);
  if (!cache) {
    cache = Object.create(null) as WordCache;
    caches.set(font, cache);
  }
  return cache;
}

function trim(font: object): void {
  const cache = caches.get(font);
  if (cache && Object.keys(cache).length > MAX_WORDS) caches.delete(font);
}

let installed = false;

/** Makes every pdfmake document in this process share shaped words per font. Idempotent. */
export function shareShapedWords(): void {
  if (installed) return;
  const require = createRequire(import.meta.url);
  // pdfmake's own pdfkit subclass, the class its printer instantiates for every document.
  const file = join(dirname(require.resolve('pdfmake')), 'PDFDocument.js');
  const PdfmakeDocumentClass = (require(file) as { default: { prototype: PdfmakeDocument } }).default;
  const proto = PdfmakeDocumentClass.prototype;
  const provideFont = proto.provideFont;
  proto.provideFont = function (this: PdfmakeDocument, family, bold, italics) {
    const embedded = provideFont.call(this, family, bold, italics);
    // Standard (AFM) fonts have no shaping cache; pdfkit's option to turn the cache off is honoured.
    if (!provided.has(embedded) && embedded.font && embedded.layoutCache) {
      provided.add(embedded);
      if (++documents % CHECK_EVERY === 0) trim(embedded.font);
      embedded.layoutCache = cacheFor(embedded.font);
    }
    return embedded;
  };
  installed = true;
}
