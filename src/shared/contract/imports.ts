import { z } from 'zod';
import { fieldsOf, IMPORT_KINDS } from '../imports/presets.ts';
import { code, id, isoTimestamp, ok } from './common.ts';
import { op } from './define.ts';

const header = z.string().trim().min(1).max(200);
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'a field name: letters and digits');

/** A column mapping as saved in the ledger (the built-in presets have the same shape). */
export const importPresetDefinition = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    columns: z.record(key, header).refine((c) => Object.keys(c).length <= 60, 'at most 60 columns'),
    channel: code.optional(),
    groupBy: key.optional(),
    carry: z.array(key).max(20).optional(),
    skip: z.object({ column: header, values: z.array(z.string().max(100)).min(1).max(20) }).optional(),
    skipWhenBlank: key.optional(),
  })
  .superRefine((p, ctx) => {
    const known = new Set(fieldsOf(p.kind).map((f) => f.name));
    for (const f of Object.keys(p.columns)) {
      if (!known.has(f) && f !== p.groupBy) ctx.addIssue({ code: 'custom', path: ['columns', f], message: `${p.kind} have no field ${f}` });
    }
    for (const [path, f] of [['groupBy', p.groupBy], ['skipWhenBlank', p.skipWhenBlank], ...(p.carry ?? []).map((c, i) => [`carry.${i}`, c])] as const) {
      if (f !== undefined && !(f in p.columns)) ctx.addIssue({ code: 'custom', path: String(path).split('.'), message: `${f} is not one of the mapped columns` });
    }
  });

export const importPreset = z.object({
  id: id.nullable(),
  name: z.string(),
  builtIn: z.boolean(),
  definition: z.object({
    kind: z.enum(IMPORT_KINDS),
    columns: z.record(z.string(), z.string()),
    channel: z.string().optional(),
    groupBy: z.string().optional(),
    carry: z.array(z.string()).optional(),
    skip: z.object({ column: z.string(), values: z.array(z.string()) }).optional(),
    skipWhenBlank: z.string().optional(),
  }),
  updatedAt: isoTimestamp.nullable(),
});

export const importsContract = {
  'imports.listPresets': op({
    kind: 'read',
    permission: 'settings.read',
    summary: 'Column mappings for imports: the built-in ones (Shopify, WooCommerce) and those saved by name',
    input: z.object({ kind: z.enum(IMPORT_KINDS).optional() }),
    output: z.object({ items: z.array(importPreset) }),
  }),
  'imports.savePreset': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Save a column mapping under a name (replacing the one saved under that name)',
    input: z.object({ name: code, definition: importPresetDefinition }),
    output: importPreset,
  }),
  'imports.deletePreset': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Delete a saved column mapping',
    input: z.object({ name: code }),
    output: ok,
  }),
} as const;
