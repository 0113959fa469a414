import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { packProgress, parseScan, refusalOf } from './scan-input.ts';

describe('packing station scan input', () => {
  it('reads a code, or a typed quantity before it', () => {
    expect(parseScan(' 4006381333931 ')).toEqual({ code: '4006381333931', quantity: 1 });
    expect(parseScan('12*CUP-002')).toEqual({ code: 'CUP-002', quantity: 12 });
    expect(parseScan('3x TEA-001')).toEqual({ code: 'TEA-001', quantity: 3 });
    expect(parseScan('0*TEA-001')).toBeNull();
    expect(parseScan('   ')).toBeNull();
    // A code that merely contains an x stays a code.
    expect(parseScan('BOX-12')).toEqual({ code: 'BOX-12', quantity: 1 });
  });

  it('names the refusals the ledger gives for a scan', () => {
    const wrong = new AppError({ code: 'invalid', field: 'code', message: 'm', details: { reason: 'wrong_item' } });
    const over = new AppError({ code: 'conflict', field: 'code', message: 'm', details: { reason: 'over_scan' } });
    const unknown = new AppError({ code: 'not_found', field: 'code', message: 'm' });
    const other = new AppError({ code: 'conflict', field: 'orderId', message: 'm' });
    expect([wrong, over, unknown, other].map(refusalOf)).toEqual(['wrong_item', 'over_scan', 'unknown_code', null]);
  });

  it('sums progress over the lines', () => {
    expect(packProgress([{ toShip: 2, scanned: 2 }, { toShip: 1, scanned: 0 }])).toEqual({ scanned: 2, toShip: 3, complete: false, partial: true });
    expect(packProgress([{ toShip: 2, scanned: 2 }])).toMatchObject({ complete: true, partial: false });
    expect(packProgress([])).toMatchObject({ complete: false, partial: false });
  });
});
