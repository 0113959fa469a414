// Sample view models: the template check renders one before a template is saved, the tests
// and the benchmark print them. Made from arithmetic that keeps lines, breakdown and totals in
// agreement, as the ledger's own totals are.

import type { AnyDoc, CreditNoteDoc, DocKind, DocLang, DocShop, InvoiceDoc, InvoiceLineDoc, PackingSlipDoc, PickListDoc, PurchaseOrderDoc, ShippingLabelDoc } from '../../shared/documents/view-models.ts';
import { mergePickLines } from '../../shared/documents/view-models.ts';
import { mulDivRound } from '../../shared/money.ts';

export const SAMPLE_SHOP: DocShop = {
  name: '茶韵 Tea House Ltd.',
  address: { name: '茶韵 Tea House Ltd.', line1: '88 Garden Road', line2: 'Unit 3', city: 'Hangzhou', region: 'Zhejiang', postalCode: '310000', country: 'CN', phone: '+86 571 5550 1234' },
  taxId: '91330100MA2B3C4D5E',
  email: 'hello@teahouse.example',
  phone: '+86 571 5550 1234',
  website: null,
  bankDetails: 'Bank of Hangzhou, 6222 0000 1234 5678, SWIFT HZCBCNBH',
  timeZone: 'Asia/Shanghai',
};

const PRODUCTS = [
  { sku: 'TEA-LJ-250', en: 'Longjing green tea 250 g', zh: '西湖龙井绿茶 250克', price: 12_800, taxRateBp: 1300 },
  { sku: 'CUP-POR-01', en: 'Porcelain cup', zh: '青花瓷杯', price: 3_500, taxRateBp: 1300 },
  { sku: 'POT-ZS-300', en: 'Yixing clay teapot, hand-made, 300 ml, with a very long description that has to wrap over several lines in the table', zh: '宜兴紫砂壶 手工制作 300毫升，配有需要在表格中换行的很长的商品描述文字', price: 58_000, taxRateBp: 1300 },
  { sku: 'BOOK-TEA-1', en: 'The Classic of Tea (book)', zh: '《茶经》图书', price: 6_800, taxRateBp: 900 },
  { sku: 'SVC-GIFT', en: 'Gift wrapping', zh: '礼品包装', price: 1_000, taxRateBp: 600 },
] as const;

export function sampleLines(count: number, lang: DocLang, pricesIncludeTax = false): InvoiceLineDoc[] {
  return Array.from({ length: count }, (_, i) => {
    const p = PRODUCTS[i % PRODUCTS.length]!;
    const quantity = (i % 7) + 1;
    const discountBp = i % 4 === 1 ? 1000 : 0;
    const amount = quantity * p.price - mulDivRound(quantity * p.price, discountBp, 10_000);
    const tax = pricesIncludeTax ? mulDivRound(amount, p.taxRateBp, 10_000 + p.taxRateBp) : mulDivRound(amount, p.taxRateBp, 10_000);
    const net = pricesIncludeTax ? amount - tax : amount;
    return { sku: p.sku, description: lang === 'zh' ? p.zh : p.en, quantity, unitPrice: p.price, discountBp, taxRateBp: p.taxRateBp, net, tax, gross: net + tax };
  });
}

export function sampleInvoice(lang: DocLang, lineCount = 6, number = 'INV-A-000042'): InvoiceDoc {
  const lines = sampleLines(lineCount, lang);
  const rates = [...new Set(lines.map((l) => l.taxRateBp))].sort((a, b) => b - a);
  const taxBreakdown = rates.map((taxRateBp) => {
    const ls = lines.filter((l) => l.taxRateBp === taxRateBp);
    const sum = (f: (l: InvoiceLineDoc) => number) => ls.reduce((s, l) => s + f(l), 0);
    return { taxRateBp, net: sum((l) => l.net), tax: sum((l) => l.tax), gross: sum((l) => l.gross) };
  });
  const netTotal = lines.reduce((s, l) => s + l.net, 0);
  const taxTotal = lines.reduce((s, l) => s + l.tax, 0);
  const grossTotal = netTotal + taxTotal;
  const paid = Math.floor(grossTotal / 3);
  return {
    kind: 'invoice',
    lang,
    number,
    issueDate: '2026-11-20',
    dueDate: '2026-12-20',
    orderNumber: 'SO-A-000123',
    currency: 'CNY',
    seller: SAMPLE_SHOP,
    buyer: {
      name: lang === 'zh' ? '王秀英' : 'Wang Xiuying',
      address: { name: '王秀英', line1: lang === 'zh' ? '南京东路 100 号 5 楼' : '100 Nanjing East Road, 5th floor', city: lang === 'zh' ? '上海' : 'Shanghai', postalCode: '200001', country: 'CN', phone: '+86 21 5555 0100' },
      taxId: '91310000MA1K2L3M4N',
    },
    shipTo: { name: '王秀英', line1: lang === 'zh' ? '南京东路 100 号 5 楼' : '100 Nanjing East Road, 5th floor', city: lang === 'zh' ? '上海' : 'Shanghai', postalCode: '200001', country: 'CN' },
    pricesIncludeTax: false,
    lines,
    taxBreakdown,
    subtotal: netTotal,
    discountTotal: 0,
    netTotal,
    taxTotal,
    grossTotal,
    paid,
    due: grossTotal - paid,
    paymentTerms: lang === 'zh' ? '开票后 30 天内付款' : 'Net 30 days from the invoice date',
    notes: null,
  };
}

export function sampleCreditNote(lang: DocLang): CreditNoteDoc {
  const inv = sampleInvoice(lang, 2, 'INV-A-000042');
  const { kind: _k, dueDate: _d, paid: _p, due: _du, ...rest } = inv;
  return {
    ...rest,
    kind: 'credit-note',
    number: 'CN-A-000007',
    creditedInvoiceNumber: 'INV-A-000042',
    reason: lang === 'zh' ? '商品破损退货' : 'Returned: arrived broken',
    refunded: 0,
    remaining: inv.grossTotal,
  };
}

export function samplePackingSlip(lang: DocLang, orderNumber = 'SO-A-000123'): PackingSlipDoc {
  return {
    kind: 'packing-slip',
    lang,
    orderNumber,
    orderDate: '2026-11-19T08:30:00.000Z',
    printedAt: '2026-11-20T09:15:00.000Z',
    shop: SAMPLE_SHOP,
    customerName: '王秀英',
    shipTo: { name: '王秀英', line1: '南京东路 100 号 5 楼', city: '上海', region: '上海市', postalCode: '200001', country: 'CN', phone: '+86 21 5555 0100' },
    shipment: { number: 'SH-A-000031', carrier: 'SF Express', trackingNumber: 'SF1234567890123' },
    lines: PRODUCTS.slice(0, 4).map((p, i) => ({
      sku: p.sku,
      name: lang === 'zh' ? p.zh : p.en,
      bin: `A-0${i + 1}-${i % 2 === 0 ? 'L' : 'R'}`,
      ordered: i + 2,
      shippedBefore: i === 1 ? 1 : 0,
      inThisShipment: i === 3 ? 1 : i + 2 - (i === 1 ? 1 : 0),
      remaining: i === 3 ? i + 1 : 0,
    })),
    notes: lang === 'zh' ? '请轻拿轻放' : 'Fragile: handle with care',
  };
}

export function samplePickList(lang: DocLang): PickListDoc {
  const orders = ['SO-A-000123', 'SO-A-000124', 'SO-A-000125'];
  const raw = orders.flatMap((orderNumber, o) =>
    PRODUCTS.slice(0, 3 + o).map((p, i) => ({ bin: i === 4 ? null : `B-${String(10 - i).padStart(2, '0')}`, sku: p.sku, name: lang === 'zh' ? p.zh : p.en, quantity: o + i + 1, orderNumber })),
  );
  return { kind: 'pick-list', lang, number: 'PL-A-000009', warehouseName: lang === 'zh' ? '主仓库' : 'Main warehouse', printedAt: '2026-11-20T08:00:00.000Z', shop: SAMPLE_SHOP, orderNumbers: orders, lines: mergePickLines(raw) };
}

export function sampleShippingLabel(lang: DocLang, trackingNumber = 'SF1234567890123'): ShippingLabelDoc {
  return {
    kind: 'shipping-label',
    lang,
    sender: SAMPLE_SHOP.address!,
    recipient: { name: '王秀英', line1: '南京东路 100 号 5 楼', city: '上海', region: '上海市', postalCode: '200001', country: 'CN', phone: '+86 21 5555 0100' },
    carrier: 'SF Express',
    service: lang === 'zh' ? '标准快递' : 'Standard',
    weightGrams: 1250,
    trackingNumber,
    orderNumber: 'SO-A-000123',
    parcel: { index: 1, count: 2 },
    shipDate: '2026-11-20',
  };
}

export function samplePurchaseOrder(lang: DocLang, lineCount = 3): PurchaseOrderDoc {
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    sku: `TEA-${String(i + 1).padStart(3, '0')}`,
    supplierSku: `LJ-${250 + i}`,
    description: lang === 'zh' ? `西湖龙井 ${250 + i} 克` : `West Lake Longjing ${250 + i} g`,
    quantity: 12 * (i + 1),
    unitCost: 2000 + i * 10,
    amount: 12 * (i + 1) * (2000 + i * 10),
  }));
  return {
    kind: 'purchase-order',
    lang,
    number: 'PO-A-000042',
    orderDate: '2026-11-20',
    expectedDate: '2026-11-30',
    currency: 'CNY',
    buyer: SAMPLE_SHOP,
    supplier: { code: 'HZTEA', name: lang === 'zh' ? '杭州茶叶有限公司' : 'Hangzhou Tea Co.', address: { name: 'Hangzhou Tea Co.', line1: '龙井路 8 号', city: '杭州', region: '浙江省', postalCode: '310000', country: 'CN' }, taxId: null, contact: '陈经理', email: 'sales@hztea.example', phone: '+86 571 8888 0000' },
    deliverTo: { warehouse: 'MAIN', address: SAMPLE_SHOP.address },
    paymentTermsDays: 30,
    lines,
    total: lines.reduce((n, l) => n + l.amount, 0),
    notes: null,
    printedAt: '2026-11-20T08:00:00.000Z',
  };
}

export function sampleFor(kind: DocKind, lang: DocLang): AnyDoc {
  switch (kind) {
    case 'invoice':
      return sampleInvoice(lang, 2);
    case 'credit-note':
      return sampleCreditNote(lang);
    case 'packing-slip':
      return samplePackingSlip(lang);
    case 'pick-list':
      return samplePickList(lang);
    case 'shipping-label':
      return sampleShippingLabel(lang);
    case 'purchase-order':
      return samplePurchaseOrder(lang);
  }
}
