// Turns view models into PDF bytes. One document or a batch of one kind in one PDF (all packing
// slips or labels of a pick list in one print job), each document from a new page.

import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { documentTemplate, type DocumentTemplate } from '../../shared/contract/documents.ts';
import { LABELS } from '../../shared/documents/format.ts';
import type { AnyDoc, DocKind } from '../../shared/documents/view-models.ts';
import { BATCH_CHUNK, renderChunked } from './batch.ts';
import { pdfEngine } from './fonts.ts';
import { invoiceDefinition } from './invoice.ts';
import { packingSlipContent } from './packing-slip.ts';
import { pickListContent } from './pick-list.ts';
import { purchaseOrderContent } from './purchase-order.ts';
import { LABEL_MARGIN, shippingLabelContent } from './shipping-label.ts';
import { LABEL_SIZE, pageDocument } from './style.ts';

export const DEFAULT_TEMPLATE: DocumentTemplate = documentTemplate.parse({});

export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return pdfEngine().createPdf(definition).getBuffer();
}

export function titleOf(doc: AnyDoc): string {
  const L = LABELS[doc.lang];
  switch (doc.kind) {
    case 'invoice':
      return `${L.invoice} ${doc.number}`;
    case 'credit-note':
      return `${L.creditNote} ${doc.number}`;
    case 'packing-slip':
      return `${L.packingSlip} ${doc.orderNumber}`;
    case 'pick-list':
      return `${L.pickList} ${doc.number}`;
    case 'shipping-label':
      return `${L.tracking} ${doc.trackingNumber}`;
    case 'purchase-order':
      return `${L.purchaseOrder} ${doc.number}`;
  }
}

async function contentOf(doc: AnyDoc, t: DocumentTemplate): Promise<Content[]> {
  switch (doc.kind) {
    case 'packing-slip':
      return packingSlipContent(doc, t);
    case 'pick-list':
      return pickListContent(doc, t);
    case 'shipping-label':
      return shippingLabelContent(doc, t);
    case 'purchase-order':
      return purchaseOrderContent(doc, t);
    case 'invoice':
    case 'credit-note': {
      const def = await invoiceDefinition(doc, t);
      return def.content as Content[];
    }
  }
}

/** The definition of several documents of one kind, each starting a new page. */
export async function batchDefinition(docs: readonly AnyDoc[], t: DocumentTemplate = DEFAULT_TEMPLATE, options: { pageNumbers?: boolean } = {}): Promise<TDocumentDefinitions> {
  const first = docs[0];
  if (!first) throw new RangeError('a print batch needs at least one document');
  const kind: DocKind = first.kind;
  if (docs.some((d) => d.kind !== kind)) throw new RangeError('a print batch holds documents of one kind');
  // A single invoice keeps its own definition (header, page numbers); laying its content out
  // for a batch first would make its QR code and table twice.
  if (docs.length === 1 && (first.kind === 'invoice' || first.kind === 'credit-note')) return invoiceDefinition(first, t);
  const parts: Content[] = [];
  for (const [i, doc] of docs.entries()) {
    const content = await contentOf(doc, t);
    parts.push(i === 0 ? { stack: content } : { stack: content, pageBreak: 'before' });
  }
  const title = docs.length === 1 ? titleOf(first) : `${titleOf(first)} (+${docs.length - 1})`;
  if (kind === 'shipping-label') {
    return {
      pageSize: { width: LABEL_SIZE.width, height: LABEL_SIZE.height },
      pageMargins: LABEL_MARGIN,
      info: { title, creator: 'ShopLedger', producer: 'ShopLedger' },
      ...pick(pageDocument(t, first.lang, { title }, []), ['defaultStyle', 'styles']),
      content: parts,
    };
  }
  // Page numbers run over the whole batch; a single document numbers its own pages.
  return pageDocument(t, first.lang, { title }, parts, options);
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

export async function renderDocument(doc: AnyDoc, t: DocumentTemplate = DEFAULT_TEMPLATE): Promise<Buffer> {
  return renderPdf(await batchDefinition([doc], t));
}

/** Several documents of one kind in one PDF; long batches are laid out in chunks (see batch.ts). */
export async function renderBatch(docs: readonly AnyDoc[], t: DocumentTemplate = DEFAULT_TEMPLATE): Promise<Buffer> {
  if (docs.length <= BATCH_CHUNK) return renderPdf(await batchDefinition(docs, t));
  return renderChunked(docs, t, { define: batchDefinition, render: renderPdf, title: titleOf });
}
