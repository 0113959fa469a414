// The one style every document shares: page sizes, fonts, colours from the template, the page
// footer (footer text and "page n of m"), the shop block with the logo, and table layouts.

import type { Content, ContentTable, PageSize, StyleDictionary, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { DocumentTemplate } from '../../shared/contract/documents.ts';
import { addressLines, LABELS, type Labels } from '../../shared/documents/format.ts';
import type { DocAddress, DocLang, DocShop } from '../../shared/documents/view-models.ts';
import { FONT } from './fonts.ts';

const MM = 72 / 25.4;
export const mm = (n: number): number => n * MM;

/** 100 × 150 mm (4 × 6 in), portrait. */
export const LABEL_SIZE = { width: mm(100), height: mm(150) } as const;

export function pageSizeOf(template: DocumentTemplate): PageSize {
  return template.paper === 'LETTER' ? 'LETTER' : 'A4';
}

export function labels(lang: DocLang): Labels {
  return LABELS[lang];
}

function styles(t: DocumentTemplate): StyleDictionary {
  return {
    title: { fontSize: 20, bold: true, color: t.accentColor },
    shopName: { fontSize: 12, bold: true },
    small: { fontSize: 8 },
    muted: { fontSize: 8, color: '#666666' },
    caption: { fontSize: 7.5, bold: true, color: t.accentColor },
    th: { bold: true, fontSize: 8.5, color: '#ffffff', fillColor: t.accentColor },
    num: { alignment: 'right' },
    totalLabel: { alignment: 'right' },
    grandTotal: { bold: true, fontSize: 11, alignment: 'right', color: t.accentColor },
  };
}

/**
 * The frame of a page document. Page numbers are printed in the footer from the first page on,
 * and table headers repeat (headerRows) so a long document stays readable on every page.
 */
export function pageDocument(
  t: DocumentTemplate,
  lang: DocLang,
  meta: { title: string; subject?: string },
  content: Content[],
  options: { pageNumbers?: boolean; runningTitle?: string } = {},
): TDocumentDefinitions {
  const L = labels(lang);
  const footerText = t.footer ?? '';
  return {
    pageSize: pageSizeOf(t),
    pageMargins: [mm(14), mm(14), mm(14), mm(18)],
    info: { title: meta.title, subject: meta.subject ?? meta.title, creator: 'ShopLedger', producer: 'ShopLedger' },
    defaultStyle: { font: FONT, fontSize: 9, color: t.textColor, lineHeight: 1.15 },
    styles: styles(t),
    // From the second page on, the document's title and number head the page.
    header: (page) => (options.runningTitle && page > 1 ? { text: options.runningTitle, style: 'muted', alignment: 'right', margin: [mm(14), mm(7), mm(14), 0] } : null),
    footer: (page, pages) => ({
      margin: [mm(14), mm(6), mm(14), 0],
      columns: [
        { text: footerText, style: 'muted', width: '*' },
        options.pageNumbers === false ? { text: '', width: 'auto' } : { text: L.page(page, pages), style: 'muted', alignment: 'right', width: 'auto' },
      ],
    }),
    content,
  };
}

export function logoImage(t: DocumentTemplate): Content | null {
  if (!t.logo || !t.show.logo) return null;
  return { image: t.logo, fit: [mm(40), mm(16)], margin: [0, 0, 0, 4] };
}

/** Label and value rows (number, dates) aligned in two columns. */
export function keyValues(rows: readonly (readonly [string, string] | null)[]): ContentTable {
  const present = rows.filter((r): r is readonly [string, string] => r !== null);
  return {
    table: { widths: ['auto', '*'], body: present.map(([k, v]) => [{ text: k, style: 'muted', noWrap: true }, { text: v, bold: true, noWrap: v.length <= 40 }]) },
    layout: 'noBorders',
  };
}

export function addressBlock(caption: string, a: DocAddress | null, lang: DocLang, extra: readonly string[] = [], nameWithoutAddress?: string): Content {
  const lines = a ? addressLines(a, lang) : nameWithoutAddress ? [nameWithoutAddress] : [];
  return {
    stack: [
      { text: caption.toUpperCase(), style: 'caption', margin: [0, 0, 0, 2] },
      ...(lines.length > 0 ? [{ text: lines[0]!, bold: true }, ...lines.slice(1).map((l) => ({ text: l }))] : []),
      ...extra.map((e) => ({ text: e, style: 'small' })),
    ],
  };
}

export function shopBlock(shop: DocShop, t: DocumentTemplate, lang: DocLang): Content {
  const L = labels(lang);
  // The phone is printed once, with the other contact details.
  const lines = shop.address ? addressLines({ ...shop.address, name: shop.name, phone: null }, lang).slice(1) : [];
  const contact = [shop.phone, shop.email, shop.website].filter((x): x is string => !!x).join('  ·  ');
  return {
    stack: [
      ...(logoImage(t) ? [logoImage(t)!] : []),
      { text: shop.name, style: 'shopName' },
      ...lines.map((l) => ({ text: l, style: 'small' })),
      ...(contact ? [{ text: contact, style: 'small' }] : []),
      ...(t.show.taxIds && shop.taxId ? [{ text: `${L.taxId}: ${shop.taxId}`, style: 'small' }] : []),
    ],
  };
}

/** A table whose first row is the header, repeated on every page; rows never split. */
export function linesTable(widths: (string | number)[], header: string[], rows: Content[][], rightAligned: ReadonlySet<number>): ContentTable {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        header.map((h, i) => ({ text: h, style: 'th', alignment: rightAligned.has(i) ? 'right' : 'left', noWrap: h.length <= 6 })),
        ...rows.map((r) => r.map((c, i) => (rightAligned.has(i) && typeof c === 'string' ? { text: c, alignment: 'right' as const } : c))),
      ],
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.6 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => '#bbbbbb',
      fillColor: (row) => (row > 0 && row % 2 === 0 ? '#f5f7fa' : null),
      paddingTop: () => 3,
      paddingBottom: () => 3,
      paddingLeft: () => 4,
      paddingRight: () => 4,
    },
  };
}

export function sectionGap(): Content {
  return { text: '', margin: [0, 6, 0, 0] };
}
