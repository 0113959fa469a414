import type { z } from 'zod';
import type { importPreset } from '../../shared/contract/imports.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { BUILT_IN_PRESETS, type ImportPreset } from '../../shared/imports/presets.ts';
import type { ImportPresetTable } from '../db/schema.ts';
import type { Handlers, ReadDb } from './context.ts';

type PresetDto = z.infer<typeof importPreset>;

const definitionOf = (p: Omit<ImportPreset, 'name'>): PresetDto['definition'] => {
  const { kind, columns, channel, groupBy, carry, skip, skipWhenBlank } = p;
  const d: PresetDto['definition'] = { kind, columns: { ...columns } };
  if (channel !== undefined) d.channel = channel;
  if (groupBy !== undefined) d.groupBy = groupBy;
  if (carry !== undefined) d.carry = [...carry];
  if (skip !== undefined) d.skip = { column: skip.column, values: [...skip.values] };
  if (skipWhenBlank !== undefined) d.skipWhenBlank = skipWhenBlank;
  return d;
};

const toPreset = (r: ImportPresetTable): PresetDto => ({ id: r.id, name: r.name, builtIn: false, definition: JSON.parse(r.definition), updatedAt: r.updated_at });

/** A preset by name: saved ones first, then the built-in ones. */
export async function findPreset(db: ReadDb, name: string): Promise<ImportPreset | undefined> {
  const row = await db.selectFrom('import_preset').selectAll().where('name', '=', name).executeTakeFirst();
  if (row) return { name: row.name, ...JSON.parse(row.definition) } as ImportPreset;
  return BUILT_IN_PRESETS.find((p) => p.name === name);
}

export const importsHandlers = {
  'imports.listPresets': async (ctx, input) => {
    let q = ctx.db.selectFrom('import_preset').selectAll();
    if (input.kind) q = q.where('kind', '=', input.kind);
    const saved = (await q.orderBy('name').execute()).map(toPreset);
    const builtIn = BUILT_IN_PRESETS.filter((p) => !input.kind || p.kind === input.kind).map((p): PresetDto => ({ id: null, name: p.name, builtIn: true, definition: definitionOf(p), updatedAt: null }));
    return { items: [...builtIn, ...saved] };
  },
  'imports.savePreset': async (ctx, input) => {
    if (BUILT_IN_PRESETS.some((p) => p.name === input.name)) throw invalid('name', `${input.name} is a built-in preset; save yours under another name`);
    const definition = JSON.stringify(definitionOf(input.definition));
    const existing = await ctx.db.selectFrom('import_preset').selectAll().where('name', '=', input.name).executeTakeFirst();
    if (existing) {
      await ctx.tx.update('import_preset', existing.id, { kind: input.definition.kind, definition, updated_at: ctx.now });
      return toPreset({ ...existing, kind: input.definition.kind, definition, updated_at: ctx.now });
    }
    const row: ImportPresetTable = { id: newId(), name: input.name, kind: input.definition.kind, definition, created_at: ctx.now, updated_at: ctx.now };
    await ctx.tx.insert('import_preset', row);
    return toPreset(row);
  },
  'imports.deletePreset': async (ctx, input) => {
    const existing = await ctx.db.selectFrom('import_preset').select('id').where('name', '=', input.name).executeTakeFirst();
    if (!existing) throw notFound('Import preset', 'name', input.name);
    await ctx.tx.delete('import_preset', existing.id);
    return { ok: true as const };
  },
} satisfies Pick<Handlers, 'imports.listPresets' | 'imports.savePreset' | 'imports.deletePreset'>;
