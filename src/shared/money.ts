// Money is an integer count of minor units plus an ISO 4217 code. Arithmetic that can leave
// the integers (scaling, proportional splits) goes through BigInt so no intermediate product
// overflows 2^53 or picks up binary-fraction error; floats never touch an amount.

export type Money = { readonly amount: number; readonly currency: string };

/** half_up rounds halves away from zero (commercial rounding); half_even is banker's rounding. */
export type RoundingMode = 'half_up' | 'half_even';

function requireSafeInteger(value: number, name: string): void {
  // Unsafe integers already lost precision before reaching us, so treat them as bad input.
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} is outside the safe integer range`);
  }
  return Number(value); // Number(0n) is +0, so no -0 leaks out
}

// Below 2^52 a product, a divisor, the quotient times the divisor and twice a remainder are all
// exact doubles, so the usual amounts (price x quantity, amount x rate) skip BigInt, which cost
// most of an order's totals. A product at or beyond it (even one rounded by the float multiply)
// fails the bound and takes the BigInt path.
const EXACT = 2 ** 52;

function mulDivRoundSmall(product: number, c: number, mode: RoundingMode): number {
  const n = c < 0 ? -product : product;
  const d = Math.abs(c);
  // Truncating the float quotient is exact here: a true quotient k - e (e >= 1/d) could only round
  // up to k if e were under half of k's ulp (k * 2^-53), that is if n = k * d exceeded 2^53.
  let q = Math.trunc(n / d);
  const r = n - q * d;
  const twiceRem = 2 * Math.abs(r);
  if (twiceRem > d || (twiceRem === d && (mode === 'half_up' || q % 2 !== 0))) q += n < 0 ? -1 : 1;
  return q + 0; // never -0, like the BigInt path
}

/** round(a * b / c) computed exactly. */
export function mulDivRound(a: number, b: number, c: number, mode: RoundingMode = 'half_up'): number {
  requireSafeInteger(a, 'a');
  requireSafeInteger(b, 'b');
  requireSafeInteger(c, 'c');
  if (c === 0) throw new RangeError('mulDivRound: division by zero');
  const product = a * b;
  if (Math.abs(product) <= EXACT && Math.abs(c) <= EXACT) return mulDivRoundSmall(product, c, mode);
  let n = BigInt(a) * BigInt(b);
  let d = BigInt(c);
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let q = n / d; // truncates toward zero
  const r = n - q * d;
  const twiceRem = 2n * (r < 0n ? -r : r);
  const awayFromZero = n < 0n ? -1n : 1n;
  if (twiceRem > d || (twiceRem === d && (mode === 'half_up' || q % 2n !== 0n))) q += awayFromZero;
  return toSafeNumber(q, 'mulDivRound result');
}

/**
 * Splits total over weights by the largest-remainder method: every share is the floor of its
 * exact proportional share, and the leftover units go to the largest remainders (earlier index
 * wins ties). A zero weight never receives a unit unless all weights are zero (even split).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  requireSafeInteger(total, 'total');
  for (const w of weights) {
    requireSafeInteger(w, 'weight');
    if (w < 0) throw new RangeError(`weights must be non-negative, got ${w}`);
  }
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError(`cannot allocate ${total} over no weights`);
    return [];
  }
  // Negative totals mirror the positive split so allocate(-t, w) === -allocate(t, w).
  if (total < 0) return allocate(-total, weights).map((x) => 0 - x);

  const sum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
  const effective = sum === 0n ? weights.map(() => 1n) : weights.map((w) => BigInt(w));
  const divisor = sum === 0n ? BigInt(weights.length) : sum;
  const t = BigInt(total);

  const shares: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const w of effective) {
    const scaled = t * w;
    const share = scaled / divisor;
    shares.push(share);
    remainders.push(scaled % divisor);
    given += share;
  }

  const order = remainders
    .map((rem, index) => ({ rem, index }))
    .sort((x, y) => (x.rem === y.rem ? x.index - y.index : x.rem > y.rem ? -1 : 1));
  let leftover = Number(t - given); // < weights.length, always small
  for (const { index } of order) {
    if (leftover === 0) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    leftover -= 1;
  }
  return shares.map((s) => Number(s));
}

const ZERO_DIGIT = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND',
  'VUV', 'XAF', 'XOF', 'XPF',
]);
const THREE_DIGIT = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const FOUR_DIGIT = new Set(['CLF', 'UYW']);

export function isCurrencyCode(s: string): boolean {
  return /^[A-Z]{3}$/.test(s);
}

/** ISO 4217 minor-unit digits; codes outside the exception tables use 2. */
export function minorDigits(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`"${currency}" is not an ISO 4217 currency code`);
  if (ZERO_DIGIT.has(currency)) return 0;
  if (THREE_DIGIT.has(currency)) return 3;
  if (FOUR_DIGIT.has(currency)) return 4;
  return 2;
}

/** Exact decimal string of amount / 10^digits, e.g. (-5, 2) → "-0.05". */
function toDecimalString(amount: number, digits: number): string {
  const negative = amount < 0;
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  const intPart = abs.slice(0, abs.length - digits);
  const body = digits === 0 ? intPart : `${intPart}.${abs.slice(abs.length - digits)}`;
  return negative ? `-${body}` : body;
}

// Building an Intl.NumberFormat costs far more than formatting with one (a printed invoice
// formats hundreds of amounts), so each locale and currency gets one, kept.
const moneyFormatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(m: Money, locale: string): string {
  requireSafeInteger(m.amount, 'amount');
  const digits = minorDigits(m.currency);
  const key = `${locale}\u0000${m.currency}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      // Our table, not the locale's CLDR data, decides how many digits an amount has.
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    moneyFormatters.set(key, formatter);
  }
  // A decimal string keeps amounts near 2^53 exact, where amount / 10^digits as a float would not.
  return formatter.format(toDecimalString(m.amount, digits) as Intl.StringNumericLiteral);
}

/**
 * Parses a plain decimal ("12.34", "-0.5", "+3", ".5") into minor units. Locale-specific
 * separators and currency symbols are rejected: normalising user input is the UI's job.
 */
export function parseMoney(text: string, currency: string): number {
  const digits = minorDigits(currency);
  const match = /^([+-])?(\d*)(?:\.(\d+))?$/.exec(text.trim());
  const sign = match?.[1];
  const intPart = match?.[2] ?? '';
  const fracPart = match?.[3] ?? '';
  if (!match || (intPart === '' && fracPart === '')) {
    throw new RangeError(`"${text}" is not a decimal amount (expected e.g. "12.34")`);
  }
  if (fracPart.length > digits) {
    throw new RangeError(
      digits === 0
        ? `"${text}" has decimals but ${currency} has no minor unit`
        : `"${text}" has ${fracPart.length} decimals but ${currency} allows at most ${digits}`,
    );
  }
  const minor = BigInt((intPart || '0') + fracPart.padEnd(digits, '0'));
  return toSafeNumber(sign === '-' ? -minor : minor, `amount "${text}"`);
}
