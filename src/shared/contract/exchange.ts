import { z } from 'zod';
import { IMPORT_KINDS } from '../imports/presets.ts';
import { code } from './common.ts';
import { op } from './define.ts';
import { importPresetDefinition } from './imports.ts';

/** The largest file an import takes over the API (the CLI reads files of any size). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The largest export returned in one answer. */
export const MAX_EXPORT_BYTES = 20 * 1024 * 1024;

export const EXPORT_LISTS = ['orders', 'products', 'customers', 'stock'] as const;

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/\.(csv|tsv|txt|xlsx)$/i, 'a .csv, .tsv, .txt or .xlsx file name');
/** The file's bytes, base64-encoded (so any encoding, GBK included, arrives as it was). */
const content = z
  .string()
  .min(1, 'the file is empty')
  .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, `at most ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB; import larger files with the command line`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 of the file');

const fileInfo = z.object({ format: z.enum(['csv', 'xlsx']), encoding: z.string().optional(), delimiter: z.string().optional() });
const problem = z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() });

export const importReport = z.object({
  kind: z.enum(IMPORT_KINDS),
  preset: z.string(),
  mode: z.enum(['dry-run', 'all-or-nothing', 'valid-rows']),
  file: fileInfo,
  rows: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
  refused: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(problem),
  committed: z.boolean(),
});

export const exchangeContract = {
  'imports.inspect': op({
    kind: 'read',
    permission: 'data.import',
    summary: 'Read an uploaded CSV or XLSX file: its encoding, delimiter, columns, first rows, and the saved or built-in presets whose columns it has',
    input: z.object({ fileName, content, rows: z.number().int().min(1).max(50).default(10) }),
    output: z.object({
      file: fileInfo,
      columns: z.array(z.string()),
      rows: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
      matchingPresets: z.array(z.string()),
    }),
  }),
  'imports.run': op({
    kind: 'job',
    permission: 'data.import',
    summary:
      'Import an uploaded file (products, opening stock, customers or orders) with a saved or built-in preset or a column mapping: a dry run, all rows or nothing, or the valid rows. Every row runs as its own operation with the caller\u2019s permissions',
    input: z
      .object({
        kind: z.enum(IMPORT_KINDS),
        fileName,
        content,
        preset: code.optional(),
        mapping: importPresetDefinition.optional(),
        mode: z.enum(['dry-run', 'all-or-nothing', 'valid-rows']).default('dry-run'),
        warehouse: code.optional(),
        taxRate: code.optional(),
        channel: code.optional(),
        maxProblems: z.number().int().min(1).max(5000).default(1000),
      })
      .superRefine((v, ctx) => {
        if (v.preset !== undefined && v.mapping !== undefined) ctx.addIssue({ code: 'custom', path: ['mapping'], message: 'give a preset or a mapping, not both' });
        if (v.mapping !== undefined && v.mapping.kind !== v.kind) ctx.addIssue({ code: 'custom', path: ['mapping', 'kind'], message: `the mapping imports ${v.mapping.kind}, not ${v.kind}` });
      }),
    output: importReport,
  }),
  'exports.list': op({
    kind: 'job',
    permission: 'data.export',
    summary: 'Export a list with its filters to CSV (UTF-8 with BOM) or XLSX; the file comes back base64-encoded. Pages are read through the list operation with the caller\u2019s permissions',
    input: z.object({
      list: z.enum(EXPORT_LISTS),
      format: z.enum(['csv', 'xlsx']).default('csv'),
      filters: z.record(z.string(), z.unknown()).optional(),
    }),
    output: z.object({ fileName: z.string(), contentType: z.string(), rows: z.number().int(), content: z.string() }),
  }),
} as const;
