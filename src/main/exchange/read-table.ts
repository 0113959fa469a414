import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A file the importer will not read at all; the message says why, with the row when known. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

/** One record of a file: `row` is its number as a spreadsheet shows it (the header is row 1). */
export type TableRow = { readonly row: number; readonly cells: readonly string[] };

export type TableInfo = { readonly format: 'csv' | 'xlsx'; readonly encoding?: string; readonly delimiter?: string };

/** The longest record we accept; a larger one (a 10 MB cell) refuses the file. */
export const MAX_RECORD_BYTES = 1_000_000;

const SAMPLE_BYTES = 64 * 1024;

/**
 * UTF-8 (with or without BOM) or GB18030 (a superset of GBK, what Chinese Excel writes).
 * A sample that is valid UTF-8 is UTF-8; one that is not but decodes as GB18030 without
 * replacement characters is GB18030; anything else is refused.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): { encoding: 'utf8' | 'gb18030'; bom: boolean } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf8', bom: true };
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) {
    throw new ImportFileError('The file is UTF-16; save it as CSV UTF-8 (or as GBK) and try again.');
  }
  // A sample cut mid-character: drop up to three trailing bytes of an unfinished sequence.
  let bytes = sample;
  if (!complete) {
    let cut = bytes.length;
    for (let i = 1; i <= 3 && cut - i >= 0; i++) {
      const b = bytes[cut - i]!;
      if ((b & 0xc0) === 0xc0) {
        cut -= i;
        break;
      }
      if ((b & 0x80) === 0) break;
    }
    bytes = bytes.subarray(0, cut);
  }
  if (bytes.includes(0)) throw new ImportFileError('The file holds binary data, not text: it is not a CSV file.');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { encoding: 'utf8', bom: false };
  } catch {
    const text = iconv.decode(Buffer.from(sample), 'gb18030');
    // The last character of an incomplete sample may be cut; judge the rest.
    if (!text.slice(0, complete ? undefined : -1).includes('\uFFFD')) return { encoding: 'gb18030', bom: false };
    throw new ImportFileError('The file is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 and try again.');
  }
}

/** The delimiter that splits the header line into the most fields (outside quotes). */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

async function readSample(file: string): Promise<{ sample: Buffer; complete: boolean }> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const size = (await handle.stat()).size;
    return { sample: buffer.subarray(0, bytesRead), complete: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

export function isXlsx(file: string): boolean {
  return extname(file).toLowerCase() === '.xlsx';
}

/** Reads a CSV or XLSX file record by record, in constant memory. */
export async function openTable(file: string): Promise<{ info: TableInfo; rows: AsyncIterable<TableRow> }> {
  if (isXlsx(file)) return { info: { format: 'xlsx' }, rows: xlsxRows(file) };
  const { sample, complete } = await readSample(file);
  if (sample.length === 0) throw new ImportFileError('The file is empty.');
  const { encoding, bom } = detectEncoding(sample, complete);
  const head = iconv.decode(bom ? sample.subarray(3) : sample, encoding);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = detectDelimiter(firstLine);
  return { info: { format: 'csv', encoding, delimiter }, rows: csvRows(file, encoding, bom, delimiter) };
}

async function* csvRows(file: string, encoding: string, bom: boolean, delimiter: string): AsyncGenerator<TableRow> {
  const source = createReadStream(file, { start: bom ? 3 : 0, highWaterMark: 64 * 1024 });
  const parser = parse({
    delimiter,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    skip_empty_lines: true,
  });
  const decoded = source.pipe(iconv.decodeStream(encoding));
  decoded.on('error', (e) => parser.destroy(e));
  source.on('error', (e) => parser.destroy(e));
  decoded.pipe(parser);
  let row = 0;
  try {
    // Records only (no per-record info object): the row number is counted here.
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (err.code === 'CSV_MAX_RECORD_SIZE') throw new ImportFileError(`Row ${row + 1} is larger than ${MAX_RECORD_BYTES / 1_000_000} MB; the file is refused.`, row + 1);
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw new ImportFileError(`Row ${row + 1} opens a quoted cell that never closes (the file is cut off or malformed).`, row + 1);
    if (err.code?.startsWith('CSV_')) throw new ImportFileError(`Row ${row + 1}: ${err.message}`, row + 1);
    throw e;
  } finally {
    source.destroy();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    // A formula: its cached result is the value the user saw; the formula itself is never run.
    if ('formula' in value || 'sharedFormula' in value) return 'result' in value && value.result !== undefined ? cellText(value.result as ExcelJS.CellValue) : '';
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* xlsxRows(file: string): AsyncGenerator<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        // Empty rows are absent from the stream; r.number keeps the spreadsheet's numbering.
        const values = Array.isArray(r.values) ? r.values.slice(1) : [];
        const cells = Array.from(values, (v) => cellText(v as ExcelJS.CellValue));
        if (cells.some((c) => c.length > MAX_RECORD_BYTES)) throw new ImportFileError(`Row ${r.number} has a cell larger than 1 MB; the file is refused.`, r.number);
        yield { row: r.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw new ImportFileError(`The file is not a readable XLSX workbook: ${(e as Error).message}`);
  }
}
