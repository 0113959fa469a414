// Formatting at the edge, for printed documents: money, dates, rates, weights and addresses by
// the document's language, and the words every layout prints. Pure: Intl only.

import { formatMoney } from '../money.ts';
import type { DocAddress, DocLang } from './view-models.ts';

export const LOCALES: Readonly<Record<DocLang, string>> = { en: 'en-GB', zh: 'zh-CN' };

// Intl objects are costly to build and cheap to use: one per language and options, kept.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.DisplayNames>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function money(amount: number, currency: string, lang: DocLang): string {
  return formatMoney({ amount, currency }, LOCALES[lang]);
}

/** A negative amount shown as a deduction (discounts, payments). */
export function minusMoney(amount: number, currency: string, lang: DocLang): string {
  return money(-amount, currency, lang);
}

export function quantity(n: number, lang: DocLang): string {
  return cached(`q:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 })).format(n);
}

/** Basis points as a percentage: 1300 → "13%", 650 → "6.5%". */
export function rate(bp: number, lang: DocLang): string {
  return cached(`r:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 2 })).format(bp / 10_000);
}

/** The calendar date of an ISO date or instant in the given time zone (UTC by default). */
export function date(iso: string, lang: DocLang, timeZone = 'UTC'): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
  const zone = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : timeZone;
  return cached(`d:${lang}:${zone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: lang === 'zh' ? 'long' : 'short', day: 'numeric', timeZone: zone })).format(d);
}

export function dateTime(iso: string, lang: DocLang, timeZone = 'UTC'): string {
  return cached(`t:${lang}:${timeZone}`, () => new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(new Date(iso));
}

export function weight(grams: number, lang: DocLang): string {
  if (grams < 1000) return `${quantity(grams, lang)} g`;
  return `${cached(`w:${lang}`, () => new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 2 })).format(grams / 1000)} kg`;
}

export function countryName(code: string, lang: DocLang): string {
  try {
    return cached(`c:${lang}`, () => new Intl.DisplayNames([LOCALES[lang]], { type: 'region' })).of(code) ?? code;
  } catch {
    return code;
  }
}

/** An address as printed lines: Chinese addresses run from country down, others from name down. */
export function addressLines(a: DocAddress, lang: DocLang): string[] {
  const present = (xs: (string | null | undefined)[]) => xs.filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (lang === 'zh' && a.country === 'CN') {
    return present([a.name, [a.region, a.city].filter(Boolean).join(' '), a.line1, a.line2, a.postalCode, a.phone]);
  }
  return present([
    a.name,
    a.line1,
    a.line2,
    present([a.postalCode, a.city]).join(' '),
    a.region,
    countryName(a.country, lang),
    a.phone,
  ]);
}

/** Every word a document prints, in both languages; layouts never hold their own strings. */
export const LABELS = {
  en: {
    invoice: 'Invoice',
    creditNote: 'Credit note',
    packingSlip: 'Packing slip',
    pickList: 'Pick list',
    invoiceNumber: 'Invoice no.',
    creditNoteNumber: 'Credit note no.',
    creditedInvoice: 'Credits invoice',
    reason: 'Reason',
    issueDate: 'Issue date',
    dueDate: 'Due date',
    orderNumber: 'Order no.',
    orderDate: 'Order date',
    printedAt: 'Printed',
    seller: 'From',
    billTo: 'Bill to',
    shipTo: 'Ship to',
    taxId: 'Tax ID',
    sku: 'SKU',
    description: 'Description',
    qty: 'Qty',
    unitPrice: 'Unit price',
    discount: 'Disc.',
    taxRate: 'Tax',
    net: 'Net',
    amount: 'Amount',
    taxBreakdown: 'Tax breakdown',
    rate: 'Rate',
    tax: 'Tax',
    gross: 'Gross',
    subtotal: 'Subtotal',
    orderDiscount: 'Discount',
    netTotal: 'Net total',
    taxTotal: 'Tax total',
    total: 'Total',
    creditTotal: 'Total credited',
    paid: 'Paid',
    due: 'Amount due',
    refunded: 'Refunded',
    remaining: 'Remaining',
    paymentTerms: 'Payment terms',
    bankDetails: 'Bank details',
    notes: 'Notes',
    pricesIncludeTax: 'Prices include tax.',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    customer: 'Customer',
    bin: 'Bin',
    ordered: 'Ordered',
    shippedBefore: 'Shipped before',
    inThisShipment: 'In this parcel',
    remainingLater: 'Later',
    leftForLater: (n: number) => `${n} item(s) will follow in a later shipment.`,
    carrier: 'Carrier',
    tracking: 'Tracking no.',
    deliveryMethod: 'Delivery',
    shippingFee: 'Shipping fee',
    shipment: 'Shipment',
    warehouse: 'Warehouse',
    orders: 'Orders',
    picked: 'Picked',
    totalUnits: 'Total units',
    from: 'FROM',
    to: 'TO',
    service: 'Service',
    weight: 'Weight',
    shipDate: 'Ship date',
    parcel: (i: number, n: number) => `Parcel ${i} of ${n}`,
    noBin: '—',
    purchaseOrder: 'Purchase order',
    poNumber: 'PO no.',
    supplier: 'Supplier',
    buyer: 'Buyer',
    deliverTo: 'Deliver to',
    expectedBy: 'Deliver by',
    supplierSku: 'Your ref.',
    unitCost: 'Unit cost',
    orderTotal: 'Order total',
    contact: 'Contact',
    netDays: (n: number) => (n === 0 ? 'Due on receipt of invoice' : `${n} days net`),
    quoteOurNumber: 'Please quote our PO number on your delivery note and invoice.',
  },
  zh: {
    invoice: '发票',
    creditNote: '红字发票 / 贷记单',
    packingSlip: '装箱单',
    pickList: '拣货单',
    invoiceNumber: '发票号码',
    creditNoteNumber: '贷记单号',
    creditedInvoice: '原发票号码',
    reason: '原因',
    issueDate: '开票日期',
    dueDate: '付款截止日',
    orderNumber: '订单号',
    orderDate: '下单日期',
    printedAt: '打印时间',
    seller: '销售方',
    billTo: '购买方',
    shipTo: '收货地址',
    taxId: '税号',
    sku: 'SKU',
    description: '品名',
    qty: '数量',
    unitPrice: '单价',
    discount: '折扣',
    taxRate: '税率',
    net: '不含税金额',
    amount: '金额',
    taxBreakdown: '分税率汇总',
    rate: '税率',
    tax: '税额',
    gross: '价税合计',
    subtotal: '小计',
    orderDiscount: '整单折扣',
    netTotal: '不含税合计',
    taxTotal: '税额合计',
    total: '价税合计',
    creditTotal: '贷记合计',
    paid: '已付',
    due: '应付余额',
    refunded: '已退款',
    remaining: '待退',
    paymentTerms: '付款条件',
    bankDetails: '开户行及账号',
    notes: '备注',
    pricesIncludeTax: '单价含税。',
    page: (n: number, of: number) => `第 ${n} 页，共 ${of} 页`,
    customer: '客户',
    bin: '库位',
    ordered: '订购',
    shippedBefore: '已发',
    inThisShipment: '本次',
    remainingLater: '待发',
    leftForLater: (n: number) => `尚有 ${n} 件将另行发出。`,
    carrier: '承运商',
    tracking: '运单号',
    deliveryMethod: '配送方式',
    shippingFee: '运费',
    shipment: '发货单',
    warehouse: '仓库',
    orders: '订单',
    picked: '已拣',
    totalUnits: '合计件数',
    from: '寄件人',
    to: '收件人',
    service: '服务',
    weight: '重量',
    shipDate: '发货日期',
    parcel: (i: number, n: number) => `第 ${i} 件，共 ${n} 件`,
    noBin: '—',
    purchaseOrder: '采购订单',
    poNumber: '采购单号',
    supplier: '供应商',
    buyer: '采购方',
    deliverTo: '送货地址',
    expectedBy: '要求到货日期',
    supplierSku: '供应商货号',
    unitCost: '单价',
    orderTotal: '订单合计',
    contact: '联系人',
    netDays: (n: number) => (n === 0 ? '见票即付' : `开票后 ${n} 天内付款`),
    quoteOurNumber: '送货单及发票上请注明我方采购单号。',
  },
} as const satisfies Record<DocLang, Record<string, unknown>>;

export type Labels = (typeof LABELS)[DocLang];
