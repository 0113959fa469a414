// Long print jobs (1,000 packing slips) in bounded memory. pdfmake lays a whole document out
// before it writes a byte, so one definition of 1,000 slips keeps every slip's layout alive at
// once and memory grows with the job. Instead the job is laid out and rendered BATCH_CHUNK
// documents at a time, and each chunk's pages are copied into one output PDF with pdf-lib;
// a chunk's layout is garbage once its bytes are copied. The output still is one PDF, so one
// print job.
//
// Page numbers would restart in every chunk, so chunks print none and the job's pages are
// numbered "n / N" afterwards, in digits (a standard PDF font, nothing embedded). Labels carry
// no page numbers at all. Each chunk embeds its own font subset; at 50 slips a chunk that
// costs a few kilobytes per chunk.
//
// Joining is not free: against one pdfmake document for the whole job, parsing, copying and
// writing the chunks with pdf-lib costs about 2 ms of CPU per slip (of some 15 to 20). Chunks of
// 100 save little of that; one document for the job saves it all but holds every slip's layout
// until the end, so memory grows with the job. 50 stays.

import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { ParseSpeeds, PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import type { AnyDoc } from '../../shared/documents/view-models.ts';
import { mm } from './style.ts';

export const BATCH_CHUNK = 50;
/** Writing the joined PDF yields to other work this often (pdf-lib's default is 50, a timer tick each). */
const SAVE_OBJECTS_PER_TICK = 2000;

type Steps = {
  define(docs: readonly AnyDoc[], t: DocumentTemplate, options: { pageNumbers?: boolean }): Promise<TDocumentDefinitions>;
  render(definition: TDocumentDefinitions): Promise<Buffer>;
  title(doc: AnyDoc): string;
};

export async function renderChunked(docs: readonly AnyDoc[], t: DocumentTemplate, steps: Steps, chunk = BATCH_CHUNK): Promise<Buffer> {
  const out = await PDFDocument.create();
  for (let i = 0; i < docs.length; i += chunk) {
    const bytes = await steps.render(await steps.define(docs.slice(i, i + chunk), t, { pageNumbers: false }));
    // pdf-lib's default parse yields a timer tick every hundred objects: seconds of waiting in a
    // long job on a busy machine. A chunk parses at once; the job yields once per chunk instead,
    // so the process still answers other requests while it prints.
    const part = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    for (const page of await out.copyPages(part, part.getPageIndices())) out.addPage(page);
    await yieldToEvents();
  }
  const first = docs[0]!;
  if (first.kind !== 'shipping-label') await numberPages(out);
  out.setTitle(`${steps.title(first)} (+${docs.length - 1})`);
  out.setCreator('ShopLedger');
  out.setProducer('ShopLedger');
  return Buffer.from(await out.save({ objectsPerTick: SAVE_OBJECTS_PER_TICK }));
}

/** "n / N" at the right of every page's footer, where a single document prints its page label. */
async function numberPages(doc: PDFDocument): Promise<void> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = doc.getPages();
  const size = 7.5;
  for (const [i, page] of pages.entries()) {
    const text = `${i + 1} / ${pages.length}`;
    const { width } = page.getSize();
    page.drawText(text, { x: width - mm(14) - font.widthOfTextAtSize(text, size), y: mm(8), size, font, color: rgb(0.4, 0.4, 0.4) });
  }
}
