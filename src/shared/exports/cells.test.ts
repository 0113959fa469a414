import { describe, expect, it } from 'vitest';
import { csvRecord, minorToDecimal, neutraliseCell } from './cells.ts';

describe('export cells', () => {
  it('neutralise text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")']) expect(neutraliseCell(s)).toBe(`'${s}`);
    for (const s of ['Tea', '王', '1-2', 'a=b', '', "'already"]) expect(neutraliseCell(s)).toBe(s);
  });
  it('quote CSV cells only when needed', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines'])).toBe('a,"b,c","say ""hi""","two\nlines"\r\n');
  });
  it('format minor units exactly', () => {
    expect(minorToDecimal(1250, 'CNY')).toBe('12.50');
    expect(minorToDecimal(5, 'CNY')).toBe('0.05');
    expect(minorToDecimal(-5, 'CNY')).toBe('-0.05');
    expect(minorToDecimal(1280, 'JPY')).toBe('1280');
    expect(minorToDecimal(9_999_999_999_999, 'KWD')).toBe('9999999999.999');
  });
});
