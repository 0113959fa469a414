import type { AppError } from '../../shared/errors.ts';

// What the packing station's scan box receives: a scanner types a code and Enter, fast; a clerk
// may type "12*CODE" for a bulk item. Kept free of React so it is unit-tested.

export type ScanEntry = { readonly code: string; readonly quantity: number };

/** "CODE" → 1 × CODE; "12*CODE" or "12xCODE" → 12 × CODE; null when nothing usable was typed. */
export function parseScan(raw: string): ScanEntry | null {
  const text = raw.trim();
  if (!text) return null;
  const m = /^(\d{1,6})\s*[*xX×]\s*(\S.*)$/.exec(text);
  if (m) {
    const quantity = Number(m[1]);
    return quantity > 0 ? { code: m[2]!.trim(), quantity } : null;
  }
  return { code: text, quantity: 1 };
}

export type Refusal = 'unknown_code' | 'wrong_item' | 'over_scan';

/** Why the ledger refused a scan (packing.scan's details.reason), or null for any other failure. */
export function refusalOf(error: AppError): Refusal | null {
  const reason = error.details?.reason;
  if (reason === 'unknown_code' || reason === 'wrong_item' || reason === 'over_scan') return reason;
  if (error.code === 'not_found' && error.field === 'code') return 'unknown_code';
  return null;
}

export type PackLine = { readonly toShip: number; readonly scanned: number };

/** Scanned and wanted units over all lines of the order being packed. */
export function packProgress(lines: readonly PackLine[]): { scanned: number; toShip: number; complete: boolean; partial: boolean } {
  const scanned = lines.reduce((s, l) => s + l.scanned, 0);
  const toShip = lines.reduce((s, l) => s + l.toShip, 0);
  return { scanned, toShip, complete: toShip > 0 && scanned === toShip, partial: scanned > 0 && scanned < toShip };
}
