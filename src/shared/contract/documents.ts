import { z } from 'zod';
import { DOC_KINDS, DOC_LANGS } from '../documents/view-models.ts';
import { address, optionalText } from './common.ts';
import { op } from './define.ts';

export const docKind = z.enum(DOC_KINDS);
export const docLang = z.enum(DOC_LANGS);

/** Paper of the page documents; the shipping label is always 100 × 150 mm. */
export const PAPER_SIZES = ['A4', 'LETTER'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1f4e79');
/** A PNG or JPEG as a data URL; about 256 KB at most, so settings stay small. */
const logo = z
  .string()
  .max(350_000)
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a PNG or JPEG data URL');

/** Which optional parts a document shows. Parts a kind does not have are ignored. */
export const documentFields = z.object({
  logo: z.boolean().default(true),
  sku: z.boolean().default(true),
  discount: z.boolean().default(true),
  taxBreakdown: z.boolean().default(true),
  taxIds: z.boolean().default(true),
  shipTo: z.boolean().default(true),
  paymentTerms: z.boolean().default(true),
  bankDetails: z.boolean().default(true),
  barcode: z.boolean().default(true),
  notes: z.boolean().default(true),
});

/** How one kind of document looks; data the shop adjusts without code. */
export const documentTemplate = z.object({
  /** The language a document prints in unless the print asks for another. */
  lang: docLang.default('en'),
  paper: z.enum(PAPER_SIZES).default('A4'),
  logo: logo.nullable().default(null),
  accentColor: colour.default('#1f4e79'),
  textColor: colour.default('#222222'),
  show: documentFields.prefault({}),
  footer: optionalText(500),
});
export type DocumentTemplate = z.output<typeof documentTemplate>;

/** The shop as its documents show it. */
export const shopProfile = z.object({
  /** Printed name; the ledger's shop name when null. */
  legalName: optionalText(200),
  address: address.nullable().default(null),
  taxId: optionalText(64),
  email: optionalText(200),
  phone: optionalText(40),
  website: optionalText(200),
  bankDetails: optionalText(500),
  /** Default payment terms printed on invoices. */
  paymentTerms: optionalText(300),
  /** The IANA time zone printed times and dates are shown in (an order placed late on the 31st). */
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
    .default('UTC'),
});
export type ShopProfile = z.output<typeof shopProfile>;

export const documentSettings = z.object({
  profile: shopProfile,
  templates: z.object({
    invoice: documentTemplate,
    'credit-note': documentTemplate,
    'packing-slip': documentTemplate,
    'pick-list': documentTemplate,
    'shipping-label': documentTemplate,
    'purchase-order': documentTemplate,
  }),
});
export type DocumentSettings = z.output<typeof documentSettings>;

export const documentsContract = {
  'documents.settings': op({
    kind: 'read',
    permission: 'settings.read',
    summary: 'The shop profile and the template of every document kind',
    input: z.object({}),
    output: documentSettings,
  }),
  'documents.updateProfile': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Replace the shop profile printed on documents (address, tax id, bank details, terms)',
    input: shopProfile,
    output: documentSettings,
  }),
  'documents.updateTemplate': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Replace the template of one document kind (logo, colours, fields shown, footer, paper, language)',
    input: z.object({ kind: docKind, template: documentTemplate }),
    output: documentSettings,
  }),
} as const;
