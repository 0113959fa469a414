import { describe, expect, it } from 'vitest';
import { parseAmountCell, parseBoolCell, parseCountryCell, parseDateTimeCell, parseKgAsGrams, parseQuantityCell } from './values.ts';
import { builtInPreset, defaultPreset, resolveColumns } from './presets.ts';

describe('import cell parsers', () => {
  it('amounts are exact minor units from decimal text', () => {
    expect(parseAmountCell('0.29', 'CNY')).toBe(29);
    expect(parseAmountCell('1280', 'CNY')).toBe(128000);
    expect(parseAmountCell('1280', 'JPY')).toBe(1280);
    expect(parseAmountCell('19.999', 'KWD')).toBe(19999);
    expect(() => parseAmountCell('1.005', 'CNY')).toThrow(/at most 2/);
    expect(() => parseAmountCell('-1', 'CNY')).toThrow(/negative/);
    expect(() => parseAmountCell('1,000.00', 'CNY')).toThrow(RangeError);
  });
  it('quantities are whole numbers', () => {
    expect(parseQuantityCell('3')).toBe(3);
    expect(parseQuantityCell('3.00')).toBe(3);
    expect(parseQuantityCell('-2', true)).toBe(-2);
    expect(() => parseQuantityCell('-2')).toThrow(/negative/);
    expect(() => parseQuantityCell('2.5')).toThrow(/whole/);
    expect(() => parseQuantityCell('1e3')).toThrow(/whole/);
    expect(() => parseQuantityCell('99999999999')).toThrow(/too large/);
  });
  it('kilograms become grams exactly', () => {
    expect(parseKgAsGrams('0.085')).toBe(85);
    expect(parseKgAsGrams('.2')).toBe(200);
    expect(parseKgAsGrams('1.25')).toBe(1250);
    expect(parseKgAsGrams('3')).toBe(3000);
    expect(() => parseKgAsGrams('0.0001')).toThrow(RangeError);
  });
  it('yes/no, dates and countries as the platforms write them', () => {
    expect(parseBoolCell('continue')).toBe(true);
    expect(parseBoolCell('deny')).toBe(false);
    expect(parseBoolCell('1')).toBe(true);
    expect(() => parseBoolCell('maybe')).toThrow(RangeError);
    expect(parseDateTimeCell('2024-03-05 14:02:11 +0800')).toBe('2024-03-05T06:02:11.000Z');
    expect(parseDateTimeCell('2024-03-05T14:02:11+08:00')).toBe('2024-03-05T06:02:11.000Z');
    expect(parseDateTimeCell('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
    expect(() => parseDateTimeCell('2024-02-30')).toThrow(/real date/);
    expect(() => parseDateTimeCell('05/03/2024')).toThrow(RangeError);
    expect(parseCountryCell('cn')).toBe('CN');
    expect(parseCountryCell('United States')).toBe('US');
    expect(() => parseCountryCell('Atlantis')).toThrow(RangeError);
  });
});

describe('column mapping', () => {
  it('matches headers exactly, then ignoring case and spacing, and names what is missing', () => {
    const preset = builtInPreset('shopify-orders')!;
    const { index, missing } = resolveColumns(preset, ['name', 'LINEITEM SKU', 'Lineitem quantity']);
    expect(missing).toEqual([]);
    expect(index.get('externalRef')).toBe(0);
    expect(index.get('sku')).toBe(1);
    expect(resolveColumns(defaultPreset('stock'), ['sku']).missing).toEqual(['quantity']);
  });
});
