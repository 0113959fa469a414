import { formatMoney, minorDigits, parseMoney } from '../../shared/money.ts';

/** Money in minor units, formatted by locale (integers in, text out; never floats in between). */
export function money(amount: number, currency: string, locale: string): string {
  return formatMoney({ amount, currency }, locale);
}

/** Minor units to the plain decimal text an input shows ("1250" CNY → "12.50"). */
export function moneyInputText(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(Math.abs(amount)).padStart(digits + 1, '0');
  return `${amount < 0 ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Parses what a person typed (a comma as decimal mark is accepted) into minor units, or undefined. */
export function parseMoneyInput(text: string, currency: string): number | undefined {
  const compact = text.trim().replace(/[\s\u00a0]/g, '');
  // "12,5" and "1 234,50" use a decimal comma; "1,234" and "1,234.50" use it to group thousands.
  const decimalComma = !compact.includes('.') && /,\d{1,2}$/.test(compact);
  const cleaned = decimalComma ? compact.replace(/\.|,(?=\d{3}(\D|$))/g, '').replace(',', '.') : compact.replace(/,/g, '');
  if (cleaned === '') return undefined;
  try {
    return parseMoney(cleaned, currency);
  } catch {
    return undefined;
  }
}

// Building an Intl formatter costs far more than formatting with one, and a list formats a date
// and an amount in every row it draws: one formatter per locale and style, kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, style: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n ${style} ${locale}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

function dateFormat(locale: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d ${style} ${locale}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

export function percentFromBp(bp: number, locale: string): string {
  return numberFormat(locale, 'percent', { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
}

export function dateTime(iso: string, locale: string): string {
  return dateFormat(locale, 'date-time', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function date(iso: string, locale: string): string {
  return dateFormat(locale, 'date', { dateStyle: 'medium' }).format(new Date(iso));
}

export function integer(n: number, locale: string): string {
  return numberFormat(locale, 'integer', {}).format(n);
}

/** Today's date (YYYY-MM-DD) in UTC, as the order list's date filter reads it. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
