import type { OpInput } from '../../shared/contract/index.ts';
import { fieldsOf, resolveColumns, type ImportKind, type ImportPreset } from '../../shared/imports/presets.ts';

/** Field → the file's column chosen for it (absent: not imported). */
export type Mapping = Readonly<Record<string, string>>;

/** What a preset maps on this file: each field whose column the file has, under the file's own header. */
export function mappingFromPreset(preset: ImportPreset, header: readonly string[]): Mapping {
  const { index } = resolveColumns(preset, header);
  const out: Record<string, string> = {};
  for (const [field, i] of index) if (field !== '__skip' && header[i] !== undefined) out[field] = header[i]!;
  return out;
}

/** A first guess without a preset: columns named like a field (ignoring case, spaces, - and _). */
export function guessMapping(kind: ImportKind, header: readonly string[]): Mapping {
  const loose = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();
  const byName = new Map(header.map((h) => [loose(h), h]));
  const out: Record<string, string> = {};
  for (const f of fieldsOf(kind)) {
    const column = byName.get(loose(f.name));
    if (column !== undefined) out[f.name] = column;
  }
  return out;
}

/** Required fields the mapping leaves without a column. */
export function missingFields(kind: ImportKind, mapping: Mapping): string[] {
  return fieldsOf(kind)
    .filter((f) => f.required && !mapping[f.name])
    .map((f) => f.name);
}

/**
 * The preset definition the contract takes. Orders are one row per line item, grouped by the
 * channel's order id; a chosen preset keeps its grouping, carried fields and skip rules.
 */
export type PresetDefinition = NonNullable<OpInput<'imports.run'>['mapping']>;

export function definitionOf(kind: ImportKind, mapping: Mapping, base?: ImportPreset): PresetDefinition {
  const columns: Record<string, string> = {};
  for (const [field, column] of Object.entries(mapping)) if (column) columns[field] = column;
  const d: PresetDefinition = { kind, columns };
  if (base?.channel !== undefined) d.channel = base.channel;
  const groupBy = base?.groupBy ?? (kind === 'orders' ? 'externalRef' : undefined);
  if (groupBy && groupBy in columns) d.groupBy = groupBy;
  const carry = base?.carry?.filter((f) => f in columns);
  if (carry && carry.length > 0) d.carry = [...carry];
  if (base?.skip) d.skip = { column: base.skip.column, values: [...base.skip.values] };
  if (base?.skipWhenBlank && base.skipWhenBlank in columns) d.skipWhenBlank = base.skipWhenBlank;
  return d;
}

/** Reads a chosen file as base64 for the contract (the server detects the encoding from the bytes). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}
