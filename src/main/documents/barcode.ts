import bwipjs from 'bwip-js';

// Encoding a symbol (QR above all) costs more than laying out a page, and the same content is
// drawn again and again: a reprinted invoice, an order's slip and its pick list, a retried
// print job. So PNGs are kept by content and options, the oldest dropped past CACHE_SIZE.
const CACHE_SIZE = 512;
const cache = new Map<string, Promise<string>>();

export type BarcodeOptions = { symbology?: 'code128' | 'qrcode'; heightMm?: number; scale?: number };

/** A Code 128 (or QR) symbol as a PNG data URL, for pdfmake's `image`. */
export function barcodePng(text: string, options: BarcodeOptions = {}): Promise<string> {
  const key = `${options.symbology ?? 'code128'}\u0000${options.heightMm ?? ''}\u0000${options.scale ?? ''}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Map keeps insertion order: re-inserting makes this the newest entry.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = encode(text, options);
  cache.set(key, made);
  // A failed encoding (bad input) is not kept, so the error is raised again on the next ask.
  made.catch(() => cache.delete(key));
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return made;
}

async function encode(text: string, options: BarcodeOptions): Promise<string> {
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
