import { describe, expect, it } from 'vitest';
import { cleanPrinterChoice, MAX_COPIES } from '../src/shared/documents/print-bridge.ts';

// What the desktop app keeps per document kind for this station, whatever the renderer sends.
describe('station printer choice', () => {
  it.each([
    [{ deviceName: 'Zebra ZD420', silent: true, paper: 'label-100x150', copies: 2 }, { deviceName: 'Zebra ZD420', silent: true, paper: 'label-100x150', copies: 2 }],
    [{ deviceName: null, silent: true }, { deviceName: null, silent: false }],
    [{ deviceName: '  ', silent: true }, { deviceName: null, silent: false }],
    [{ deviceName: 'HP', silent: false, paper: 'A3', copies: 1 }, { deviceName: 'HP', silent: false }],
    [{ deviceName: 'HP', silent: 'yes', copies: 999 }, { deviceName: 'HP', silent: false, copies: MAX_COPIES }],
    [{ deviceName: 'HP', silent: false, copies: 0 }, { deviceName: 'HP', silent: false }],
    [{ deviceName: 'HP', silent: false, copies: 2.5, paper: 'Letter' }, { deviceName: 'HP', silent: false, paper: 'Letter' }],
    [null, { deviceName: null, silent: false }],
    ['A4', { deviceName: null, silent: false }],
  ])('%o is kept as %o', (raw, kept) => {
    expect(cleanPrinterChoice(raw)).toEqual(kept);
  });
});
