import bwipjs from 'bwip-js';
import type { CanvasRect, ContentCanvas } from 'pdfmake/interfaces.js';

// Barcodes are drawn as vector bars from bwip-js's encoding, not as pictures: a PNG had to be
// drawn and deflated by bwip-js and then inflated again by pdfkit (its transparency split off)
// in every document, which cost more than laying out a packing slip; bars print sharp at any
// printer resolution and take a few hundred bytes.
//
// Encoding a symbol (QR above all) still costs milliseconds, and the same content is drawn again
// and again: a reprinted invoice, an order's slip and its pick list, a retried print job. So
// encodings are kept by content, the oldest dropped past CACHE_SIZE.
const CACHE_SIZE = 2048;

export type Symbology = 'code128' | 'qrcode';

/** A symbol as modules: bars (module widths, bar first) for Code 128, a square of dark cells for QR. */
type Pattern = { kind: 'linear'; widths: readonly number[] } | { kind: 'matrix'; size: number; dark: readonly number[] };

const patterns = new Map<string, Pattern>();

function patternOf(text: string, symbology: Symbology): Pattern {
  const key = `${symbology}\u0000${text}`;
  const hit = patterns.get(key);
  if (hit) {
    // Map keeps insertion order: re-inserting makes this the newest entry.
    patterns.delete(key);
    patterns.set(key, hit);
    return hit;
  }
  // Bad input throws here and is not kept, so the error is raised again on the next ask.
  const [raw] = bwipjs.raw(symbology, text, '');
  if (!raw) throw new RangeError(`bwip-js made no ${symbology} symbol`);
  const made: Pattern = 'sbs' in raw ? { kind: 'linear', widths: raw.sbs } : { kind: 'matrix', size: raw.pixx, dark: raw.pixs };
  patterns.set(key, made);
  if (patterns.size > CACHE_SIZE) patterns.delete(patterns.keys().next().value!);
  return made;
}

/** Quiet zones in modules, inside the drawn size: Code 128 asks for ten, QR for four (two do in practice, as bwip-js pads). */
const QUIET = { linear: 10, matrix: 2 } as const;

function bar(x: number, y: number, w: number, h: number): CanvasRect {
  return { type: 'rect', x, y, w, h, color: '#000000' };
}

/**
 * A Code 128 symbol `width` × `height` points (quiet zones included), or a QR code `width`
 * points square, as a pdfmake canvas. Made new on every call: pdfmake moves the shapes it places.
 */
export function barcodeCanvas(text: string, options: { symbology?: Symbology; width: number; height?: number }): ContentCanvas {
  const pattern = patternOf(text, options.symbology ?? 'code128');
  const rects: CanvasRect[] = [];
  if (pattern.kind === 'linear') {
    const modules = pattern.widths.reduce((s, w) => s + w, 0) + 2 * QUIET.linear;
    const unit = options.width / modules;
    const height = options.height ?? options.width / 4;
    let x = QUIET.linear;
    for (const [i, w] of pattern.widths.entries()) {
      if (i % 2 === 0) rects.push(bar(x * unit, 0, w * unit, height));
      x += w;
    }
  } else {
    const { size, dark } = pattern;
    const unit = options.width / (size + 2 * QUIET.matrix);
    const at = (n: number) => (n + QUIET.matrix) * unit;
    // Runs of dark cells per row; a run repeated in the rows below grows down instead of being
    // drawn again, which keeps a QR code to a few dozen rectangles.
    const open = new Map<string, { x: number; y: number; w: number; h: number }>();
    for (let row = 0; row <= size; row++) {
      const runs = new Set<string>();
      for (let col = 0; row < size && col < size; col++) {
        if (!dark[row * size + col]) continue;
        const start = col;
        while (col + 1 < size && dark[row * size + col + 1]) col++;
        runs.add(`${start}:${col - start + 1}`);
      }
      for (const [run, r] of open) {
        if (runs.has(run)) {
          r.h++;
          runs.delete(run);
        } else {
          rects.push(bar(at(r.x), at(r.y), r.w * unit, r.h * unit));
          open.delete(run);
        }
      }
      for (const run of runs) {
        const [x, w] = run.split(':').map(Number) as [number, number];
        open.set(run, { x, y: row, w, h: 1 });
      }
    }
  }
  return { canvas: rects };
}

/**
 * A symbol as a PNG data URL. Documents draw barcodes with barcodeCanvas; this is for pictures
 * (a logo made in a test, a preview outside a PDF).
 */
export async function barcodePng(text: string, options: { symbology?: Symbology; heightMm?: number; scale?: number } = {}): Promise<string> {
  const symbology = options.symbology ?? 'code128';
  const png = await bwipjs.toBuffer({
    bcid: symbology,
    text,
    scale: options.scale ?? 3,
    ...(symbology === 'code128' ? { height: options.heightMm ?? 12 } : {}),
    includetext: false,
    paddingwidth: symbology === 'code128' ? 6 : 2,
    paddingheight: 2,
  });
  return `data:image/png;base64,${png.toString('base64')}`;
}
