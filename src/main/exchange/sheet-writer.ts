import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecord, minorToDecimal, neutraliseCell } from '../../shared/exports/cells.ts';
import { minorDigits } from '../../shared/money.ts';

/**
 * One typed table written row by row to CSV or XLSX, so an export of any length holds only the
 * rows in hand. Cells come in as the ledger keeps them (money in integer minor units, dates as
 * ISO text) and are typed at the edge:
 * - XLSX: money is a number in major units (12.5 for 1250 fen) with the currency's number format
 *   (two decimals for CNY, none for JPY), so sums and pivots work; dates are date cells
 *   (yyyy-mm-dd, or yyyy-mm for months); quantities and percents are numbers; text stays text.
 * - CSV: money as an exact decimal ("-1234.50"), dates ISO, the rest as is.
 * Text a spreadsheet would run as a formula is neutralised in both.
 */

export type ColumnType = 'text' | 'int' | 'money' | 'date' | 'month' | 'percent';
export type SheetColumn = { readonly header: string; readonly type: ColumnType };
/** money: integer minor units; date: YYYY-MM-DD; month: YYYY-MM; percent: a number of percent. */
export type SheetCell = string | number | null;

export type SheetWriter = {
  addRow(cells: readonly SheetCell[]): Promise<void>;
  /** Finishes the file; returns the number of data rows. */
  finish(): Promise<number>;
  /** Removes what was written (a failed export leaves no partial file). */
  abort(): void;
};

const YIELD_EVERY = 200;

/**
 * ExcelJS hands committed rows on to the zip's compressor without heeding its backpressure, so
 * an export faster than deflate queues its whole uncompressed XML in memory (half a kilobyte a
 * row: 150 MB for a year of invoices). Waiting here for the compressor to drain keeps memory
 * flat. The compressor is reached through the worksheet's stream (not a public API: when absent,
 * a turn of the event loop is all that is given).
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  // The zip's input is a readable-stream PassThrough, whose state predates `writableNeedDrain`.
  const target = (sheet as unknown as { stream?: { pipes?: (Writable & { _writableState?: { needDrain?: boolean } })[] } }).stream?.pipes?.[0];
  if (target?._writableState?.needDrain) await once(target, 'drain');
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** The number format of an amount in a currency with `digits` minor digits. */
export function moneyFormat(digits: number): string {
  return digits === 0 ? '#,##0' : `#,##0.${'0'.repeat(digits)}`;
}

function isoToDate(text: string): Date {
  return new Date(`${text.length === 7 ? `${text}-01` : text}T00:00:00Z`);
}

function xlsxValue(type: ColumnType, cell: SheetCell, scale: number): ExcelJS.CellValue {
  if (cell === null) return null;
  switch (type) {
    case 'money':
      // Division by a power of ten gives the double nearest the exact decimal: what a typed amount would be.
      return Number(cell) / scale;
    case 'date':
    case 'month':
      return isoToDate(String(cell));
    case 'int':
    case 'percent':
      return Number(cell);
    case 'text':
      return neutraliseCell(String(cell));
  }
}

function csvValue(type: ColumnType, cell: SheetCell, currency: string): string {
  if (cell === null) return '';
  if (type === 'money') return minorToDecimal(Number(cell), currency);
  return typeof cell === 'string' ? neutraliseCell(cell) : String(cell);
}

export async function openSheetWriter(
  file: string,
  options: { readonly format: 'csv' | 'xlsx'; readonly sheetName: string; readonly columns: readonly SheetColumn[]; readonly currency: string },
): Promise<SheetWriter> {
  const { columns, currency } = options;
  const digits = minorDigits(currency);
  const scale = 10 ** digits;
  let rows = 0;
  if (options.format === 'csv') {
    const out = createWriteStream(file);
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    await write(`\uFEFF${csvRecord(columns.map((c) => c.header))}`);
    return {
      addRow: async (cells) => {
        await write(csvRecord(columns.map((c, i) => csvValue(c.type, cells[i] ?? null, currency))));
        rows++;
      },
      finish: async () => {
        out.end();
        await once(out, 'finish');
        return rows;
      },
      abort: () => {
        out.destroy();
        rmSync(file, { force: true });
      },
    };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const formats: Record<ColumnType, string | undefined> = { money: moneyFormat(digits), date: 'yyyy-mm-dd', month: 'yyyy-mm', int: '0', percent: '0.##', text: undefined };
  sheet.columns = columns.map((c) => ({
    key: c.header,
    width: Math.max(10, c.header.length + 2),
    ...(formats[c.type] ? { style: { numFmt: formats[c.type] } } : {}),
  }));
  // `columns` writes no header row in the streaming writer's sheet until a row is added.
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  return {
    addRow: async (cells) => {
      const row = sheet.addRow(columns.map((c, i) => xlsxValue(c.type, cells[i] ?? null, scale)));
      columns.forEach((c, i) => {
        const f = formats[c.type];
        if (f) row.getCell(i + 1).numFmt = f;
      });
      row.commit();
      rows++;
      if (rows % YIELD_EVERY === 0) await zipCaughtUp(sheet);
    },
    finish: async () => {
      sheet.commit();
      await workbook.commit();
      return rows;
    },
    abort: () => {
      rmSync(file, { force: true });
    },
  };
}
