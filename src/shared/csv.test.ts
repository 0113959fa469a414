import { describe, expect, it } from 'vitest';
import { BOM, decimalAmount, percent, toCsv } from './csv.ts';

describe('csv', () => {
  it('writes a BOM, CRLF lines, quotes where needed and guards formula-looking text', () => {
    const csv = toCsv(['name', 'amount'], [
      ['王秀英, "VIP"', decimalAmount(-123450, 'CNY')],
      ['=HYPERLINK("x")', decimalAmount(5, 'EUR')],
      [null, decimalAmount(1234, 'JPY')],
      ['-5 apples', 3],
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual(['name,amount', '"王秀英, ""VIP""",-1234.50', `"'=HYPERLINK(""x"")",0.05`, ',1234', "'-5 apples,3", '']);
  });

  it('formats amounts by the currency minor unit and rates as percents', () => {
    expect(decimalAmount(0, 'CNY').csvNumber).toBe('0.00');
    expect(decimalAmount(-5, 'CNY').csvNumber).toBe('-0.05');
    expect(decimalAmount(1234, 'KWD').csvNumber).toBe('1.234');
    expect([percent(1300), percent(550), percent(0), percent(1), percent(10_000)]).toEqual(['13', '5.5', '0', '0.01', '100']);
  });
});
