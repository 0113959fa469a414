import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { MAX_EXPORT_BYTES } from '../../shared/contract/exchange.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { resolveColumns, type ImportPreset } from '../../shared/imports/presets.ts';
import { importFile } from '../exchange/import.ts';
import { exportList } from '../exchange/list-export.ts';
import { ImportFileError, openTable } from '../exchange/read-table.ts';
import type { Handlers } from './context.ts';
import { importsHandlers } from './imports.ts';

/**
 * Imports and list exports over the contract (HTTP, the renderer): the uploaded bytes are written
 * to a private temporary file and read by the same streaming code as the command line, and the
 * temporary folder is removed afterwards whatever happens.
 */
async function withTempFile<T>(fileName: string, bytes: Buffer | null, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'shopledger-exchange-'));
  // Only the extension of the caller's name is used: it picks CSV or XLSX.
  const file = join(dir, `file${extname(fileName).toLowerCase()}`);
  try {
    if (bytes) await writeFile(file, bytes, { mode: 0o600 });
    return await fn(file);
  } catch (e) {
    if (e instanceof ImportFileError) throw new AppError({ code: 'invalid', field: 'content', message: e.message, ...(e.row !== undefined ? { details: { row: e.row } } : {}) });
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const exchangeHandlers = {
  'imports.inspect': async (ctx, input) =>
    withTempFile(input.fileName, Buffer.from(input.content, 'base64'), async (file) => {
      const { info, rows } = await openTable(file);
      const read: { row: number; cells: string[] }[] = [];
      let columns: string[] | null = null;
      for await (const r of rows) {
        if (columns === null) columns = [...r.cells];
        else read.push({ row: r.row, cells: [...r.cells] });
        if (read.length >= input.rows) break;
      }
      if (columns === null) throw invalid('content', 'The file has no header row.');
      const header = columns;
      const presets = (await importsHandlers['imports.listPresets'](ctx, {})).items;
      const matchingPresets = presets
        .filter((p) => resolveColumns({ name: p.name, ...p.definition } as ImportPreset, header).missing.length === 0)
        .map((p) => p.name);
      return { file: info, columns: header, rows: read, matchingPresets };
    }),

  'imports.run': async (ctx, input) => {
    let preset: ImportPreset | undefined;
    if (input.mapping) preset = { name: '(mapping)', ...input.mapping } as ImportPreset;
    else if (input.preset) {
      const found = (await ctx.host.dispatcher.call('imports.listPresets', { kind: input.kind }, ctx.caller)).items.find((p) => p.name === input.preset);
      if (!found) throw new AppError({ code: 'not_found', field: 'preset', message: `There is no ${input.kind} preset ${input.preset}` });
      preset = { name: found.name, ...found.definition } as ImportPreset;
    }
    return withTempFile(input.fileName, Buffer.from(input.content, 'base64'), (file) =>
      importFile(ctx.host, file, {
        kind: input.kind,
        ...(preset ? { preset } : {}),
        mode: input.mode,
        ...(input.warehouse ? { warehouse: input.warehouse } : {}),
        ...(input.taxRate ? { taxRate: input.taxRate } : {}),
        ...(input.channel ? { channel: input.channel } : {}),
        caller: ctx.caller,
        maxProblems: input.maxProblems,
      }),
    );
  },

  'exports.list': async (ctx, input) => {
    const fileName = `${input.list}-${ctx.now.slice(0, 10)}.${input.format}`;
    return withTempFile(fileName, null, async (file) => {
      const { rows } = await exportList(ctx.host, { list: input.list, format: input.format, file, caller: ctx.caller, ...(input.filters ? { filters: input.filters } : {}) });
      if ((await stat(file)).size > MAX_EXPORT_BYTES) {
        throw new AppError({ code: 'invalid', field: 'filters', message: `The export is over ${MAX_EXPORT_BYTES / (1024 * 1024)} MB; narrow the filters or export with the command line` });
      }
      const contentType = input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return { fileName, contentType, rows, content: (await readFile(file)).toString('base64') };
    });
  },
} satisfies Pick<Handlers, 'imports.inspect' | 'imports.run' | 'exports.list'>;
