import { minorDigits } from '../money.ts';

/**
 * Spreadsheet programs run a cell that begins with =, +, - or @ as a formula (and a leading tab
 * or carriage return can hide one). Text we export that begins so is prefixed with an apostrophe,
 * which spreadsheets show as text and do not run. Numbers are written as numbers, not text, so
 * a negative amount stays a number.
 */
export function neutraliseCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV record (RFC 4180): cells with a delimiter, quote or line break are quoted. */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')}\r\n`;
}

/** Minor units as an exact decimal string in the currency's digits (1250 CNY → "12.50"). */
export function minorToDecimal(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amount < 0;
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, abs.length - digits)}.${abs.slice(abs.length - digits)}`;
  return negative ? `-${body}` : body;
}
