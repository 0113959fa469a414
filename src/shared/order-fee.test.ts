import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { chargedFee, destinationOf, quoteOrderFee, type FeeGoodsLine } from './order-fee.ts';
import type { FeeRule } from './shipping-fee.ts';

const tea: FeeGoodsLine = { sku: 'TEA', quantity: 2, gross: 11_298, unitWeightGrams: 300 };
const cup: FeeGoodsLine = { sku: 'CUP', quantity: 3, gross: 4_238, unitWeightGrams: 450 };
const pot: FeeGoodsLine = { sku: 'POT', quantity: 1, gross: 29_154, unitWeightGrams: null };
const shanghai = { country: 'CN', region: '上海' };

const weightRule: FeeRule = {
  base: { kind: 'weight', firstGrams: 1000, firstFee: 2300, stepGrams: 1000, stepFee: 1200 },
  zones: [{ name: 'east', regions: ['CN/上海'], base: { kind: 'weight', firstGrams: 1000, firstFee: 1200, stepGrams: 500, stepFee: 300 } }],
};

describe('quoteOrderFee', () => {
  const table: { name: string; rule: FeeRule; goods: FeeGoodsLine[]; to: typeof shanghai | null; kind?: 'pickup'; fee: number; weight: number; unweighed: string[] }[] = [
    { name: 'flat', rule: { base: { kind: 'flat', amount: 800 } }, goods: [tea], to: shanghai, fee: 800, weight: 600, unweighed: [] },
    { name: 'flat plus per item counts every unit', rule: { base: { kind: 'flat', amount: 800 }, perItem: 50 }, goods: [tea, cup, pot], to: null, fee: 800 + 6 * 50, weight: 1950, unweighed: ['POT'] },
    { name: 'weight in the zone: 1,950 g is 1,000 g and two started 500 g steps', rule: weightRule, goods: [tea, cup, pot], to: shanghai, fee: 1200 + 600, weight: 1950, unweighed: ['POT'] },
    { name: 'weight without an address: the base rule', rule: weightRule, goods: [tea, cup], to: null, fee: 2300 + 1200, weight: 1950, unweighed: [] },
    { name: 'exactly the first weight has no further step', rule: weightRule, goods: [{ ...tea, quantity: 1, unitWeightGrams: 1000 }], to: shanghai, fee: 1200, weight: 1000, unweighed: [] },
    { name: 'value band on the sum of the goods gross', rule: { base: { kind: 'value', bands: [{ from: 0, fee: 1500 }, { from: 15_536, fee: 700 }] } }, goods: [tea, cup], to: null, fee: 700, weight: 1950, unweighed: [] },
    { name: 'one minor unit under the band', rule: { base: { kind: 'value', bands: [{ from: 0, fee: 1500 }, { from: 15_537, fee: 700 }] } }, goods: [tea, cup], to: null, fee: 1500, weight: 1950, unweighed: [] },
    { name: 'free from the threshold, met exactly', rule: { base: { kind: 'flat', amount: 999 }, freeFrom: 44_690 }, goods: [tea, cup, pot], to: null, fee: 0, weight: 1950, unweighed: ['POT'] },
    { name: 'pickup is free', rule: { base: { kind: 'flat', amount: 999 } }, kind: 'pickup', goods: [tea], to: shanghai, fee: 0, weight: 600, unweighed: [] },
    { name: 'no goods', rule: weightRule, goods: [], to: shanghai, fee: 1200, weight: 0, unweighed: [] },
    { name: 'an unweighed SKU on two lines is named once', rule: { base: { kind: 'flat', amount: 1 } }, goods: [pot, { ...pot, quantity: 2 }], to: null, fee: 1, weight: 0, unweighed: ['POT'] },
  ];
  for (const c of table) {
    it(c.name, () => {
      const q = quoteOrderFee(c.kind ?? 'express', c.rule, c.goods, c.to);
      expect({ fee: q.fee, weight: q.weightGrams, unweighed: q.unweighedSkus, destination: q.destination }).toEqual({ fee: c.fee, weight: c.weight, unweighed: c.unweighed, destination: c.to });
      expect(q.steps.reduce((sum, st) => sum + st.amount, 0)).toBe(q.fee);
    });
  }

  it('refuses a weight beyond the safe integer range, naming the field it is given', () => {
    const heavy: FeeGoodsLine = { sku: 'ANVIL', quantity: 1_000_000_000, gross: 1, unitWeightGrams: 10_000_000 };
    try {
      quoteOrderFee('freight', weightRule, [heavy, heavy], null, 'orderId');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect({ code: (e as AppError).code, field: (e as AppError).field }).toEqual({ code: 'invalid', field: 'orderId' });
    }
  });
});

describe('destinationOf and chargedFee', () => {
  type Address = { country?: string; region?: string } | null;
  it.each<[Address, { country: string; region: string | null } | null]>([
    [null, null],
    [{ country: 'CN', region: '广东' }, { country: 'CN', region: '广东' }],
    [{ country: 'CN' }, { country: 'CN', region: null }],
    [{ country: '', region: '广东' }, null],
  ])('destination of %j is %j', (address, expected) => {
    expect(destinationOf(address)).toEqual(expected);
  });

  it.each<[number | null | undefined, number | undefined, number | null]>([
    [1700, undefined, 1700],
    [1700, 1500, 1500],
    [1700, 0, null],
    [0, undefined, null],
    [0, 800, 800],
    [undefined, undefined, null],
    [null, 900, 900],
  ])('computed %s with override %s charges %s', (computed, override, expected) => {
    expect(chargedFee(computed, override)).toBe(expected);
  });
});
