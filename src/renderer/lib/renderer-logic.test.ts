import { describe, expect, it } from 'vitest';
import { date, dateTime, integer, moneyInputText, parseMoneyInput, percentFromBp, todayIso } from './format.ts';
import { guideSection } from './guide.ts';
import { computeOrderTotals } from '../../shared/order-totals.ts';
import { addProduct, draftTotals, estimateInput, linesInput, overridePrice, oversold, removeLine, setLine, type DraftLine } from './order-draft.ts';
import { helpSection, parseRoute, routeHash } from './route.ts';
import { comboOf, keyLabel, needsModifier } from './shortcuts.ts';

const tea = { id: '0190f4a0-0000-7000-8000-000000000001', sku: 'TEA-1', name: 'Tea', price: 4999, taxRateBp: 1300, allowBackorder: false };
const pot = { id: '0190f4a0-0000-7000-8000-000000000002', sku: 'POT-1', name: 'Pot', price: 25800, taxRateBp: 1300, allowBackorder: true };

describe('order draft', () => {
  it('adds a product once and counts further scans as quantity', () => {
    let lines: DraftLine[] = addProduct([], tea, 5);
    lines = addProduct(lines, tea, 5);
    lines = addProduct(lines, pot, 0);
    expect(lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['TEA-1', 2],
      ['POT-1', 1],
    ]);
    expect(linesInput(removeLine(lines, 1))).toEqual([{ productId: tea.id, quantity: 2, discountBp: 0 }]);
  });

  it('sends a price only when it was typed over the catalog price, and totals use it', () => {
    const lines = addProduct(addProduct([], tea, 5), pot, 0);
    expect(overridePrice(lines, 0, tea.price)).toEqual(lines);
    const changed = overridePrice(lines, 0, 3999);
    expect(changed.map((l) => l.priceOverridden)).toEqual([true, false]);
    expect(linesInput(changed)).toEqual([
      { productId: tea.id, quantity: 1, discountBp: 0, unitPrice: 3999 },
      { productId: pot.id, quantity: 1, discountBp: 0 },
    ]);
    expect(draftTotals(changed, 0, true).gross).toBe(3999 + pot.price);
  });

  it('warns of an oversell only where backorder is not allowed and stock is known', () => {
    const lines = setLine(addProduct(addProduct([], tea, 3), pot, 0), 0, { quantity: 4 });
    expect(lines.map(oversold)).toEqual([true, false]);
    expect(oversold({ ...lines[0]!, available: undefined })).toBe(false);
    expect(oversold({ ...lines[0]!, quantity: 3 })).toBe(false);
  });

  it('computes totals in integer minor units with per-line rounding', () => {
    const lines = setLine(addProduct([], tea, 10), 0, { quantity: 3, discountBp: 1000 });
    // 3 × 49.99 = 149.97; −10 % = 14.997 → 15.00 (half up); net 134.97; tax 13 % = 17.5461 → 17.55.
    const totals = draftTotals(lines, 0, false);
    expect([totals.subtotal, totals.discount, totals.net, totals.tax, totals.gross]).toEqual([14997, 1500, 13497, 1755, 15252]);
    expect(Number.isInteger(totals.gross)).toBe(true);
    const inclusive = draftTotals(lines, 497, true);
    expect(inclusive.gross).toBe(13000);
  });

  it('adds the shipping fee as the ledger does: a line taxed at the goods rate, outside the discount', () => {
    const lines = setLine(addProduct(addProduct([], tea, 10), pot, 1), 0, { quantity: 3 });
    const discount = 1001;
    for (const pricesIncludeTax of [false, true]) {
      for (const taxRounding of ['line', 'document'] as const) {
        const withFee = draftTotals(lines, discount, pricesIncludeTax, { taxRounding, shippingFee: 1733 });
        const ledger = computeOrderTotals({ lines, orderDiscount: discount, pricesIncludeTax, taxRounding, shippingFee: 1733 });
        expect(withFee).toEqual(ledger);
        expect(withFee.shipping?.fee).toBe(1733);
        expect(withFee.subtotal).toBe(draftTotals(lines, discount, pricesIncludeTax, { taxRounding }).subtotal);
      }
    }
    // 3 × 49.99 + 258.00 = 407.97 net; shipping 10.00 at 13 %: 1.30; no fee is no line.
    expect(draftTotals(lines, 0, false, { shippingFee: 1000 }).gross - draftTotals(lines, 0, false).gross).toBe(1130);
    expect(draftTotals(lines, 0, false, { shippingFee: null }).shipping).toBeNull();
  });

  it('asks for a fee estimate only once the method, the goods and the destination are known', () => {
    const lines = addProduct([], tea, 10);
    const methodId = '0190f4a0-0000-7000-8000-00000000000a';
    const customerId = '0190f4a0-0000-7000-8000-00000000000c';
    const orderId = '0190f4a0-0000-7000-8000-00000000000d';
    expect(estimateInput({ methodId: undefined, orderId: undefined, customerId, lines, orderDiscount: 0 })).toBeNull();
    expect(estimateInput({ methodId, orderId: undefined, customerId: undefined, lines, orderDiscount: 0 })).toBeNull();
    expect(estimateInput({ methodId, orderId: undefined, customerId, lines: [], orderDiscount: 0 })).toBeNull();
    expect(estimateInput({ methodId, orderId: undefined, customerId, lines: setLine(lines, 0, { quantity: 0 }), orderDiscount: 0 })).toBeNull();
    expect(estimateInput({ methodId, orderId: undefined, customerId, lines, orderDiscount: 100 })).toEqual({ deliveryMethodId: methodId, customerId, lines: [{ productId: tea.id, quantity: 1, discountBp: 0 }], orderDiscount: 100 });
    // A saved draft is asked for by its id (its own ship-to), the customer is not sent.
    expect(estimateInput({ methodId, orderId, customerId, lines: overridePrice(lines, 0, 3999), orderDiscount: 0 })).toEqual({ deliveryMethodId: methodId, orderId, lines: [{ productId: tea.id, quantity: 1, discountBp: 0, unitPrice: 3999 }], orderDiscount: 0 });
  });
});

describe('money input', () => {
  it('parses what people type into minor units and back', () => {
    expect(parseMoneyInput('12.5', 'CNY')).toBe(1250);
    expect(parseMoneyInput(' 1 234,50 ', 'EUR')).toBe(123450);
    expect(parseMoneyInput('1,234', 'CNY')).toBe(123400);
    expect(parseMoneyInput('12.345', 'CNY')).toBeUndefined();
    expect(parseMoneyInput('abc', 'CNY')).toBeUndefined();
    expect(parseMoneyInput('', 'CNY')).toBeUndefined();
    expect(parseMoneyInput('500', 'JPY')).toBe(500);
    expect(moneyInputText(1250, 'CNY')).toBe('12.50');
    expect(moneyInputText(5, 'CNY')).toBe('0.05');
    expect(moneyInputText(500, 'JPY')).toBe('500');
    expect(todayIso(new Date('2026-01-02T23:59:00Z'))).toBe('2026-01-02');
  });
});

describe('kept formatters', () => {
  it('format each locale and style with its own formatter, however they interleave', () => {
    const at = '2026-03-05T14:30:00Z';
    for (let round = 0; round < 2; round++) {
      expect(integer(1234567, 'en-US')).toBe('1,234,567');
      expect(integer(1234567, 'de-DE')).toBe('1.234.567');
      expect(percentFromBp(1300, 'en-US')).toBe('13%');
      expect(date(at, 'en-US')).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(at)));
      expect(date(at, 'zh-CN')).toBe(new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium' }).format(new Date(at)));
      expect(dateTime(at, 'en-US')).toBe(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at)));
      expect(dateTime(at, 'en-US')).not.toBe(date(at, 'en-US'));
    }
  });
});

describe('routes', () => {
  it('round-trips every screen through the hash', () => {
    const id = '0190f4a0-0000-7000-8000-000000000009';
    for (const r of [{ screen: 'home' }, { screen: 'orders' }, { screen: 'order-new' }, { screen: 'order', id }, { screen: 'order-edit', id }, { screen: 'stock' }, { screen: 'settings' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'home' });
    expect(helpSection('order-new')).toBe('orders');
    expect(helpSection('products')).toBe('stock');
  });

  it('addresses the purchasing tabs and a purchase order, and falls back to its orders', () => {
    const id = '0190f4a0-0000-7000-8000-000000000010';
    for (const r of [{ screen: 'purchasing', tab: 'suggestions' }, { screen: 'purchasing', tab: 'payments' }, { screen: 'purchasing', tab: 'payables' }, { screen: 'purchase-order', id }] as const) expect(parseRoute(routeHash(r))).toEqual(r);
    expect(routeHash({ screen: 'purchasing', tab: 'suggestions' })).toBe('#/purchasing/suggestions');
    expect(parseRoute('#/purchasing')).toEqual({ screen: 'purchasing', tab: 'orders' });
    expect(parseRoute('#/purchasing/elsewhere')).toEqual({ screen: 'purchasing', tab: 'orders' });
    expect(helpSection('purchase-order')).toBe('purchasing');
  });
});

describe('shortcuts', () => {
  const key = (k: Partial<KeyboardEvent>) => ({ key: '', code: '', ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...k });
  it('names combinations by the physical key when a modifier is held', () => {
    expect(comboOf(key({ key: '¡', code: 'Digit1', altKey: true }))).toBe('alt+1');
    expect(comboOf(key({ key: 'Enter', code: 'Enter', ctrlKey: true }))).toBe('ctrl+enter');
    expect(comboOf(key({ key: 'Enter', code: 'Enter', metaKey: true }))).toBe('ctrl+enter');
    expect(comboOf(key({ key: 'ß', code: 'KeyS', ctrlKey: true }))).toBe('ctrl+s');
    expect(comboOf(key({ key: 'N', code: 'KeyN', shiftKey: true }))).toBe('n');
    expect(comboOf(key({ key: 'F1', code: 'F1' }))).toBe('f1');
  });
  it('lets plain letters through only outside fields', () => {
    expect(needsModifier('n')).toBe(false);
    expect(needsModifier('ctrl+s')).toBe(true);
    expect(needsModifier('f1')).toBe(true);
    expect(keyLabel('ctrl+enter')).toBe('Ctrl+Enter');
    expect(keyLabel('alt+1', true)).toBe('⌥+1');
  });
});

describe('guide sections', () => {
  const md = ['# Guide', '<!-- help:orders -->', '## Orders', '- Press **N**', '![List](images/en-orders.png)', 'Text `here`.', '<!-- help:stock -->', '## Stock'].join('\n');
  it('cuts the section F1 shows', () => {
    expect(guideSection(md, 'orders')).toEqual([
      { kind: 'heading', level: 2, text: 'Orders' },
      { kind: 'item', text: 'Press **N**' },
      { kind: 'image', alt: 'List', src: 'images/en-orders.png' },
      { kind: 'text', text: 'Text `here`.' },
    ]);
    expect(guideSection(md, 'missing')).toEqual([]);
  });
});
