import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { computeShippingFee, matchZone, trackingLink, type FeeInput, type FeeRule } from './shipping-fee.ts';

const order = (over: Partial<FeeInput> = {}): FeeInput => ({ kind: 'express', orderValue: 10_000, weightGrams: 500, items: 1, country: 'CN', region: '广东', ...over });

// A courier priced the Chinese way: 1 kg first weight ¥12, each further started 1 kg ¥5;
// Guangdong is local (¥8 first kg, ¥2 per kg), remote regions cost more, abroad is flat.
const courier: FeeRule = {
  base: { kind: 'weight', firstGrams: 1000, firstFee: 1200, stepGrams: 1000, stepFee: 500 },
  zones: [
    { name: 'local', regions: ['CN/广东', 'CN/guangdong'], base: { kind: 'weight', firstGrams: 1000, firstFee: 800, stepGrams: 1000, stepFee: 200 } },
    { name: 'remote', regions: ['CN/新疆', 'CN/西藏'], base: { kind: 'weight', firstGrams: 1000, firstFee: 2000, stepGrams: 1000, stepFee: 1500 } },
    { name: 'abroad', regions: ['US', 'DE'], base: { kind: 'flat', amount: 9900 } },
  ],
};

describe('computeShippingFee: table', () => {
  const cases: { title: string; rule: FeeRule; input: FeeInput; fee: number; zone?: string | null; steps?: string[] }[] = [
    { title: 'flat', rule: { base: { kind: 'flat', amount: 1000 } }, input: order(), fee: 1000, steps: ['flat'] },
    { title: 'flat, zero', rule: { base: { kind: 'flat', amount: 0 } }, input: order(), fee: 0 },
    { title: 'pickup is free whatever the rule', rule: { base: { kind: 'flat', amount: 1000 }, perItem: 100 }, input: order({ kind: 'pickup', items: 5 }), fee: 0, steps: ['pickup_free'] },
    { title: 'weight: under the first weight', rule: courier, input: order({ region: '浙江', weightGrams: 300 }), fee: 1200, zone: null, steps: ['first_weight'] },
    { title: 'weight: exactly the first weight', rule: courier, input: order({ region: '浙江', weightGrams: 1000 }), fee: 1200 },
    { title: 'weight: one gram over starts a step', rule: courier, input: order({ region: '浙江', weightGrams: 1001 }), fee: 1700, steps: ['first_weight', 'additional_weight'] },
    { title: 'weight: 3.2 kg = first + 3 steps', rule: courier, input: order({ region: '浙江', weightGrams: 3200 }), fee: 1200 + 3 * 500 },
    { title: 'weight: nothing weighed still pays the first weight', rule: courier, input: order({ region: '浙江', weightGrams: 0 }), fee: 1200 },
    { title: 'zone by region', rule: courier, input: order({ region: '广东', weightGrams: 2500 }), fee: 800 + 2 * 200, zone: 'local', steps: ['zone', 'first_weight', 'additional_weight'] },
    { title: 'zone region matched case-insensitively', rule: courier, input: order({ region: ' GuangDong ', weightGrams: 500 }), fee: 800, zone: 'local' },
    { title: 'remote zone', rule: courier, input: order({ region: '新疆', weightGrams: 1500 }), fee: 3500, zone: 'remote' },
    { title: 'zone by country', rule: courier, input: order({ country: 'US', region: 'CA', weightGrams: 8000 }), fee: 9900, zone: 'abroad' },
    { title: 'no address: the base rule', rule: courier, input: order({ country: null, region: null, weightGrams: 500 }), fee: 1200, zone: null },
    { title: 'value bands: lowest band', rule: { base: { kind: 'value', bands: [{ from: 0, fee: 1500 }, { from: 5000, fee: 800 }, { from: 20000, fee: 300 }] } }, input: order({ orderValue: 4999 }), fee: 1500 },
    { title: 'value bands: boundary belongs to the higher band', rule: { base: { kind: 'value', bands: [{ from: 0, fee: 1500 }, { from: 5000, fee: 800 }] } }, input: order({ orderValue: 5000 }), fee: 800 },
    { title: 'value bands: unordered bands', rule: { base: { kind: 'value', bands: [{ from: 20000, fee: 300 }, { from: 0, fee: 1500 }, { from: 5000, fee: 800 }] } }, input: order({ orderValue: 25000 }), fee: 300 },
    { title: 'value bands: below every band is free', rule: { base: { kind: 'value', bands: [{ from: 1000, fee: 500 }] } }, input: order({ orderValue: 999 }), fee: 0 },
    { title: 'free from a threshold: below', rule: { base: { kind: 'flat', amount: 1000 }, freeFrom: 9900 }, input: order({ orderValue: 9899 }), fee: 1000 },
    { title: 'free from a threshold: at', rule: { base: { kind: 'flat', amount: 1000 }, freeFrom: 9900 }, input: order({ orderValue: 9900 }), fee: 0, steps: ['flat', 'free_from'] },
    { title: 'per-item surcharge', rule: { base: { kind: 'flat', amount: 1000 }, perItem: 150 }, input: order({ items: 4 }), fee: 1600, steps: ['flat', 'per_item'] },
    { title: 'free threshold also waives the surcharge', rule: { base: { kind: 'flat', amount: 1000 }, perItem: 150, freeFrom: 100 }, input: order({ items: 4 }), fee: 0 },
    { title: 'freight by weight in 50 kg steps', rule: { base: { kind: 'weight', firstGrams: 50_000, firstFee: 20000, stepGrams: 50_000, stepFee: 12000 } }, input: order({ kind: 'freight', weightGrams: 120_000 }), fee: 20000 + 2 * 12000 },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const q = computeShippingFee(c.rule, c.input);
      expect(q.fee).toBe(c.fee);
      expect(q.steps.reduce((s, x) => s + x.amount, 0)).toBe(q.fee);
      if (c.zone !== undefined) expect(q.zone).toBe(c.zone);
      if (c.steps) expect(q.steps.map((s) => s.step)).toEqual(c.steps);
    });
  }

  it('a fee beyond the safe range is refused naming weightGrams', () => {
    const rule: FeeRule = { base: { kind: 'weight', firstGrams: 1, firstFee: 1, stepGrams: 1, stepFee: 1e13 } };
    expect(() => computeShippingFee(rule, order({ weightGrams: 10_000_000 }))).toThrow(AppError);
    try {
      computeShippingFee(rule, order({ weightGrams: 10_000_000 }));
    } catch (e) {
      expect((e as AppError).field).toBe('weightGrams');
    }
  });
});

describe('computeShippingFee: properties', () => {
  const weightRule = fc.record({
    firstGrams: fc.integer({ min: 1, max: 100_000 }),
    firstFee: fc.integer({ min: 0, max: 100_000 }),
    stepGrams: fc.integer({ min: 1, max: 100_000 }),
    stepFee: fc.integer({ min: 0, max: 100_000 }),
  });

  it('steps always add up to the fee, and the fee is never negative', () => {
    fc.assert(
      fc.property(weightRule, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1e9 }), fc.option(fc.integer({ min: 0, max: 1e9 })), fc.integer({ min: 0, max: 1000 }), (w, grams, value, freeFrom, perItem) => {
        const q = computeShippingFee({ base: { kind: 'weight', ...w }, freeFrom, perItem }, order({ weightGrams: grams, orderValue: value, items: 3 }));
        expect(q.fee).toBeGreaterThanOrEqual(0);
        expect(q.steps.reduce((s, x) => s + x.amount, 0)).toBe(q.fee);
        if (freeFrom !== null && value >= freeFrom) expect(q.fee).toBe(0);
      }),
    );
  });

  it('a heavier parcel never costs less', () => {
    fc.assert(
      fc.property(weightRule, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (w, a, b) => {
        const fee = (g: number) => computeShippingFee({ base: { kind: 'weight', ...w } }, order({ weightGrams: g })).fee;
        expect(fee(Math.max(a, b))).toBeGreaterThanOrEqual(fee(Math.min(a, b)));
      }),
    );
  });

  it('the additional weight is charged per started step', () => {
    fc.assert(
      fc.property(weightRule, fc.integer({ min: 0, max: 1_000_000 }), (w, grams) => {
        const fee = computeShippingFee({ base: { kind: 'weight', ...w } }, order({ weightGrams: grams })).fee;
        const steps = grams <= w.firstGrams ? 0 : Math.ceil((grams - w.firstGrams) / w.stepGrams);
        expect(fee).toBe(w.firstFee + steps * w.stepFee);
        // The step count is the least that covers the weight.
        expect(w.firstGrams + steps * w.stepGrams).toBeGreaterThanOrEqual(grams);
        if (steps > 0) expect(w.firstGrams + (steps - 1) * w.stepGrams).toBeLessThan(grams);
      }),
    );
  });
});

describe('matchZone and trackingLink', () => {
  it('a region entry beats a country entry, whatever the order', () => {
    const zones = [
      { name: 'china', regions: ['CN'], base: { kind: 'flat' as const, amount: 1 } },
      { name: 'shanghai', regions: ['CN/上海'], base: { kind: 'flat' as const, amount: 2 } },
    ];
    expect(matchZone(zones, 'CN', '上海')?.name).toBe('shanghai');
    expect(matchZone(zones, 'cn', '北京')?.name).toBe('china');
    expect(matchZone(zones, 'JP', null)).toBeNull();
    expect(matchZone(zones, null, '上海')).toBeNull();
  });

  it('fills the template with the encoded number', () => {
    expect(trackingLink('https://track.example/?n={tracking}', 'SF 123/4')).toBe('https://track.example/?n=SF%20123%2F4');
    expect(trackingLink(null, 'X')).toBeNull();
    expect(trackingLink('https://track.example/', 'X')).toBeNull();
  });
});
