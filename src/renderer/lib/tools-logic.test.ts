import { describe, expect, it } from 'vitest';
import { countSummary } from './count-sheet.ts';
import { oversellDetails, syncLight } from './sync-state.ts';

describe('count sheet summary', () => {
  it('counts counted lines and sums units over and short; lines not counted are left out', () => {
    expect(
      countSummary([
        { countedQty: 3, difference: -2 },
        { countedQty: 12, difference: 2 },
        { countedQty: 4, difference: 0 },
        { countedQty: null, difference: null },
        { countedQty: 0, difference: -5 },
      ]),
    ).toEqual({ lines: 5, counted: 4, differing: 3, over: 2, short: 7 });
  });
  it('is all zero for an empty sheet', () => {
    expect(countSummary([])).toEqual({ lines: 0, counted: 0, differing: 0, over: 0, short: 0 });
  });
});

describe('sync light', () => {
  const base = { configured: true, online: true, lastError: null, syncing: false, lastAttemptAt: '2026-01-01T00:00:00.000Z' };
  it.each([
    [{ ...base, configured: false }, 'off'],
    [{ ...base, syncing: true }, 'syncing'],
    [{ ...base, lastAttemptAt: null }, 'syncing'],
    [{ ...base, online: false, lastError: 'connect ECONNREFUSED' }, 'offline'],
    [{ ...base, lastError: 'HTTP 500' }, 'error'],
    [base, 'up_to_date'],
  ] as const)('%o is %s', (status, light) => {
    expect(syncLight(status)).toBe(light);
  });
});

describe('oversell details', () => {
  it('reads what the merge writes and refuses other shapes', () => {
    const d = { productId: 'p', warehouseId: 'w', sku: 'CUP-200', warehouse: 'MAIN', onHand: 5, reserved: 8, available: -3, orders: ['SO-A-000001', 'SO-B-000001'] };
    expect(oversellDetails(d)).toEqual({ sku: 'CUP-200', warehouse: 'MAIN', onHand: 5, reserved: 8, available: -3, orders: ['SO-A-000001', 'SO-B-000001'] });
    expect(oversellDetails({ ...d, onHand: '5' })).toBeNull();
    expect(oversellDetails({ sku: 'X' })).toBeNull();
    expect(oversellDetails(null)).toBeNull();
  });
});
