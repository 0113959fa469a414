// CSV as spreadsheets, accounting software and carrier portals read and write it: RFC 4180
// (comma, CRLF, double-quoted fields where needed), UTF-8 with a byte-order mark so Excel reads
// CJK text right. Amounts are plain decimals with a point and no
// thousands separators ("-1234.50"); dates are ISO (YYYY-MM-DD); rates are percents ("13").
// Text cells that a spreadsheet would read as a formula (= + - @, tab, CR) get a leading
// apostrophe; number cells are written by us and never start that way except for a minus sign.

import { minorDigits } from './money.ts';

export const BOM = '\uFEFF';

export type Cell = string | number | null;

/** Marks a cell as a number we formatted, so the formula guard leaves its minus sign alone. */
export type CsvNumber = { readonly csvNumber: string };

export function decimalAmount(amount: number, currency: string): CsvNumber {
  const digits = minorDigits(currency);
  const negative = amount < 0;
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  return { csvNumber: negative ? `-${body}` : body };
}

/** Basis points as a percent: 1300 → "13", 550 → "5.5". */
export function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function field(value: Cell | CsvNumber): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return value.csvNumber;
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (Cell | CsvNumber)[])[]): string {
  const lines = [header.map(field).join(','), ...rows.map((r) => r.map(field).join(','))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** Parses CSV text into rows of fields. A UTF-8 BOM and a final line break are ignored. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SyntaxError(`a quoted field opened on row ${rows.length + 1} is never closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
