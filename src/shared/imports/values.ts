import { parseMoney } from '../money.ts';

/**
 * Cell parsers for imports. Each returns the value or throws a RangeError whose message is
 * shown to the user next to the row and column. Numbers are parsed from their decimal text,
 * never through floating point.
 */

/** A non-negative amount in minor units ("12.50" CNY → 1250). */
export function parseAmountCell(text: string, currency: string): number {
  const n = parseMoney(text, currency);
  if (n < 0) throw new RangeError(`"${text}" is negative`);
  return n;
}

/** A whole quantity ("3", "3.0" and "3.00" from spreadsheets are accepted; "2.5" is not). */
export function parseQuantityCell(text: string, allowNegative = false): number {
  const m = /^([+-])?(\d+)(?:\.0+)?$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a whole number`);
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 1_000_000_000) throw new RangeError(`"${text}" is too large`);
  if (n < 0 && !allowNegative) throw new RangeError(`"${text}" is negative`);
  return n;
}

/** Kilograms with up to three decimals, exactly as grams ("0.25" → 250). */
export function parseKgAsGrams(text: string): number {
  const m = /^(\d*)(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m || (m[1] === '' && m[2] === undefined)) throw new RangeError(`"${text}" is not a weight in kg with at most 3 decimals`);
  return Number(m[1] || '0') * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 'continue', 'notify', 'active', '是']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'deny', 'draft', 'archived', '否']);

export function parseBoolCell(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new RangeError(`"${text}" is not yes or no`);
}

/**
 * Dates as the platforms write them: ISO 8601, "2024-03-05 14:02:11 +0800" (Shopify) or
 * "2024-03-05 14:02:11" / "2024-03-05" without a zone (taken as UTC). Returns ISO UTC.
 */
export function parseDateTimeCell(text: string): string {
  const t = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) throw new RangeError(`"${text}" is not a date such as 2024-03-05 14:02:11 +0800`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  let offset = 'Z';
  if (zone && zone !== 'Z') offset = zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970) throw new RangeError(`"${text}" is not a real date`);
  // Reject dates the Date constructor rolls over (2024-02-30).
  if (!offset.startsWith('+') && !offset.startsWith('-') && date.getUTCDate() !== Number(d)) throw new RangeError(`"${text}" is not a real date`);
  return date.toISOString();
}

/** Two-letter country codes, and the English names the platforms export for the common ones. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  china: 'CN',
  'united states': 'US',
  'united kingdom': 'GB',
  germany: 'DE',
  france: 'FR',
  japan: 'JP',
  canada: 'CA',
  australia: 'AU',
  'hong kong': 'HK',
  taiwan: 'TW',
  singapore: 'SG',
  中国: 'CN',
};

export function parseCountryCell(text: string): string {
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return t.toUpperCase();
  const code = COUNTRY_NAMES[t.toLowerCase()];
  if (!code) throw new RangeError(`"${text}" is not a two-letter country code`);
  return code;
}
