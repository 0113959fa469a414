// Accountant exports: CSV files that reconcile with the documents, and EN 16931 e-invoices
// (UBL 2.1) checked two ways: the business terms read back from the XML, and, where the
// official validator is installed (../shared/validators/en16931: UBL XSD + CEN schematron), a
// full validation of a varied set of invoices and credit notes.

import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpResult } from '../src/shared/contract/index.ts';
import { BOM, parseCsv } from '../src/shared/csv.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Doc = OpResult<'invoices.get'>;

const VALIDATOR = process.env.EN16931_VALIDATE ?? resolve(process.cwd(), '../shared/validators/en16931/validate');
// The validator comes with the shared folder next to the repository; where it exists it must run
// (it installs java, Saxon-HE and xmllint itself when run as root, and .ci/run installs them).
const validatorUsable = existsSync(VALIDATOR);

let t: TestLedger;
const docs: Doc[] = [];


const cents = (s: string) => Math.round(Number(s) * 100);

/** Every value of an element (by qualified name) in document order. */
function values(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
}

beforeAll(async () => {
  t = await openTestLedger();
  const s = await smallShop(t);
  await t.call('settings.update', { shopName: 'Tea House' });
  await t.call('invoices.configureSeller', {
    taxId: 'DE123456789',
    address: { name: 'Tea House', line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    iban: 'DE89370400440532013000',
    email: 'shop@example.com',
  });
  const vat7 = await t.call('taxRates.create', { code: 'VAT7', name: 'VAT 7%', rateBp: 700 });
  const zero = await t.call('taxRates.create', { code: 'ZERO', name: 'Zero rated', rateBp: 0 });
  const book = await t.call('products.create', { sku: 'BOOK-004', name: 'Tea atlas & "guide" <2nd ed.>', price: 8800, taxRateId: vat7.id, allowBackorder: true });
  const voucher = await t.call('products.create', { sku: 'GIFT-005', name: 'Gift wrapping', price: 333, taxRateId: zero.id, allowBackorder: true });
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 100 }, { productId: s.cup.id, quantity: 100 }] });
  const foreign = await t.call('customers.create', {
    name: 'Café Müller GmbH',
    taxId: 'FR12345678901',
    billingAddress: { name: 'Café Müller', line1: '3 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
  });
  const order = async (customerId: string, lines: { productId: string; quantity: number; discountBp?: number }[], orderDiscount = 0) => {
    const o = await t.call('orders.create', { customerId, warehouseId: s.main.id, lines, orderDiscount });
    return t.call('orders.confirm', { id: o.id });
  };
  const o1 = await order(s.customer.id, [{ productId: s.tea.id, quantity: 3 }, { productId: book.id, quantity: 2, discountBp: 1250 }, { productId: voucher.id, quantity: 7 }], 999);
  const inv1 = await t.call('invoices.issue', { orderId: o1.id, issueDate: '2025-05-02' });
  const o2 = await order(foreign.id, [{ productId: s.cup.id, quantity: 12, discountBp: 333 }, { productId: voucher.id, quantity: 1 }]);
  const inv2 = await t.call('invoices.issue', { orderId: o2.id, issueDate: '2025-05-03', paymentTermsDays: 14 });
  const cn1 = await t.call('invoices.credit', { invoiceId: inv1.id, reason: 'One book damaged', lines: [{ invoiceLineId: inv1.lines[1]!.id, quantity: 1 }], issueDate: '2025-05-04' });
  const cn2 = await t.call('invoices.credit', { invoiceId: inv2.id, reason: 'Order cancelled after invoicing', issueDate: '2025-05-05' });
  await t.call('settings.update', { pricesIncludeTax: true });
  const o3 = await order(foreign.id, [{ productId: s.tea.id, quantity: 1 }, { productId: book.id, quantity: 3 }], 1);
  const inv3 = await t.call('invoices.issue', { orderId: o3.id, issueDate: '2025-05-06' });
  await t.call('payments.record', { customerId: foreign.id, method: 'bank_transfer', amount: 5000, paidOn: '2025-05-07', reference: 'SEPA, "ref" 1' });
  const fees = await t.call('books.createCategory', { kind: 'expense', code: 'FEES', name: 'Bank fees' });
  await t.call('books.record', { categoryId: fees.id, amount: 250, method: 'bank_transfer', description: '=SUM(A1:A9) fee', entryDate: '2025-05-08' });
  for (const d of [inv1, inv2, cn1, cn2, inv3]) docs.push(await t.call('invoices.get', { id: d.id }));
});

afterAll(async () => {
  const report = await t?.call('system.verify', {});
  await t?.close();
  expect(report?.problems).toEqual([]);
});

describe('CSV exports', () => {
  it('invoices: BOM, CRLF, one row per document, signed amounts that sum to the sales report', async () => {
    const file = await t.call('exports.csv', { dataset: 'invoices', dateFrom: '2025-05-01', dateTo: '2025-05-31' });
    expect(file.filename).toBe('invoices_2025-05-01_2025-05-31.csv');
    expect(file.content.startsWith(BOM)).toBe(true);
    expect(file.content.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(file.content.slice(1));
    expect(header).toEqual(['number', 'type', 'issue_date', 'due_date', 'order', 'credited_invoice', 'customer', 'customer_tax_id', 'currency', 'net', 'tax', 'gross']);
    expect(rows.map((r) => r[0])).toEqual(docs.map((d) => d.number));
    expect(rows.find((r) => r[0] === docs[1]!.number)?.[6]).toBe('Café Müller GmbH');
    const report = await t.call('reports.sales', { dateFrom: '2025-05-01', dateTo: '2025-05-31' });
    const col = (i: number) => rows.reduce((s, r) => s + cents(r[i]!), 0);
    expect([col(9), col(10), col(11)]).toEqual([report.totals.net, report.totals.tax, report.totals.gross]);
  });

  it('invoice lines, tax summary, payments and book entries reconcile too, and text is guarded', async () => {
    const lines = parseCsv((await t.call('exports.csv', { dataset: 'invoice_lines', dateFrom: '2025-05-01', dateTo: '2025-05-31' })).content.slice(1));
    const tax = parseCsv((await t.call('exports.csv', { dataset: 'tax_summary', dateFrom: '2025-05-01', dateTo: '2025-05-31' })).content.slice(1));
    expect(lines.slice(1).reduce((s, r) => s + cents(r[12]!), 0)).toBe(tax.slice(1).reduce((s, r) => s + cents(r[7]!), 0));
    expect(tax.slice(1).map((r) => r[1])).toEqual(['0', '7', '13']);
    expect(lines.find((r) => r[4] === 'BOOK-004')?.[5]).toBe('Tea atlas & "guide" <2nd ed.>');
    const pays = parseCsv((await t.call('exports.csv', { dataset: 'payments', dateFrom: '2025-05-01', dateTo: '2025-05-31' })).content.slice(1));
    expect(pays[1]).toEqual([expect.stringMatching(/^PAY-A-2025-/), 'payment', '2025-05-07', 'Café Müller GmbH', 'bank_transfer', 'CNY', '50.00', expect.any(String), expect.any(String), 'SEPA, "ref" 1']);
    expect(cents(pays[1]![7]!) + cents(pays[1]![8]!)).toBe(5000);
    const book = parseCsv((await t.call('exports.csv', { dataset: 'book_entries', dateFrom: '2025-05-01', dateTo: '2025-05-31' })).content.slice(1));
    expect(book[1]![5]).toBe("'=SUM(A1:A9) fee");
    expect(book[1]![8]).toBe('-2.50');
  });
});

describe('double-entry journal export', () => {
  it('balances per document and follows the editable account mapping', async () => {
    const read = async () => parseCsv((await t.call('exports.csv', { dataset: 'journal', dateFrom: '2025-05-01', dateTo: '2025-05-31' })).content.slice(1));
    const [header, ...first] = await read();
    let rows = first;
    expect(header).toEqual(['date', 'document', 'document_id', 'type', 'account', 'debit', 'credit', 'memo']);
    const byDoc = new Map<string, number>();
    for (const r of rows) byDoc.set(r[2]!, (byDoc.get(r[2]!) ?? 0) + cents(r[5]!) - cents(r[6]!));
    expect([...byDoc.values()].every((v) => v === 0)).toBe(true);
    expect(byDoc.size).toBe(docs.length + 2); // five documents, a payment and an expense
    expect(rows.find((r) => r[3] === 'expense')?.[4]).toBe('6000');
    const map = await t.call('exports.configureAccounts', { sales: '8400', methods: { bank_transfer: '1810' }, categories: { FEES: '6855' } });
    expect(map).toMatchObject({ sales: '8400', receivables: '1200', methods: { bank_transfer: '1810', cash: '1000' }, categories: { FEES: '6855' } });
    rows = (await read()).slice(1);
    expect(rows.filter((r) => r[4] === '4000')).toEqual([]);
    expect(rows.find((r) => r[3] === 'expense' && cents(r[5]!) > 0)?.[4]).toBe('6855');
    expect(rows.find((r) => r[3] === 'payment' && cents(r[5]!) > 0)?.[4]).toBe('1810');
    expect((await t.call('invoices.settings', {})).accounts).toEqual(map);
  });
});

describe('EN 16931 UBL e-invoices', () => {
  it('carry the required business terms, and lines, breakdown and totals agree', async () => {
    for (const d of docs) {
      const { xml, filename } = await t.call('exports.ubl', { id: d.id });
      expect(filename).toBe(`${d.number}.xml`);
      const root = d.kind === 'invoice' ? 'Invoice' : 'CreditNote';
      expect(xml).toMatch(new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"`));
      expect(values(xml, 'cbc:CustomizationID')).toEqual(['urn:cen.eu:en16931:2017']);
      expect(values(xml, 'cbc:ID')[0]).toBe(d.number); // BT-1
      expect(values(xml, 'cbc:IssueDate')[0]).toBe(d.issueDate); // BT-2
      expect(values(xml, d.kind === 'invoice' ? 'cbc:InvoiceTypeCode' : 'cbc:CreditNoteTypeCode')).toEqual([d.kind === 'invoice' ? '380' : '381']); // BT-3
      expect(values(xml, 'cbc:DocumentCurrencyCode')).toEqual(['CNY']); // BT-5
      expect(values(xml, 'cbc:RegistrationName')).toEqual(['Tea House', d.customerName]); // BT-27, BT-44
      expect(values(xml, 'cbc:IdentificationCode')).toEqual(['DE', d.billingAddress!.country]); // BT-40, BT-55
      const lineNets = values(xml, 'cbc:LineExtensionAmount').map(cents);
      // The document total (BT-106) comes before the lines (BT-131) in UBL.
      expect(lineNets).toEqual([d.netTotal, ...d.lines.map((l) => l.net)]);
      expect(values(xml, 'cbc:TaxExclusiveAmount').map(cents)).toEqual([d.netTotal]);
      expect(values(xml, 'cbc:TaxInclusiveAmount').map(cents)).toEqual([d.grossTotal]);
      expect(values(xml, 'cbc:PayableAmount').map(cents)).toEqual([d.grossTotal]);
      expect(values(xml, 'cbc:TaxableAmount').map(cents)).toEqual(d.taxBreakdown.map((b) => b.net));
      expect(values(xml, 'cbc:TaxAmount').map(cents)).toEqual([d.taxTotal, ...d.taxBreakdown.map((b) => b.tax)]);
      if (d.kind === 'credit_note') expect(xml).toContain(`<cac:InvoiceDocumentReference><cbc:ID>${d.creditedInvoiceNumber}</cbc:ID>`);
      if (d.lines.some((l) => l.sku === 'BOOK-004')) expect(xml).toContain('<cbc:Name>Tea atlas &amp; &quot;guide&quot; &lt;2nd ed.&gt;</cbc:Name>');
    }
  });

  it('refuses an e-invoice while the seller has no tax id', async () => {
    const other = await openTestLedger();
    try {
      const s = await smallShop(other);
      await other.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
      const o = await other.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
      await other.call('orders.confirm', { id: o.id });
      const inv = await other.call('invoices.issue', { orderId: o.id });
      await expect(other.call('exports.ubl', { id: inv.id })).rejects.toMatchObject({ code: 'conflict', field: 'id' });
    } finally {
      await other.close();
    }
  });

  it.skipIf(!validatorUsable)('pass the official EN 16931 validation (UBL XSD and CEN schematron)', async () => {
    const files = [];
    for (const d of docs) {
      const { xml, filename } = await t.call('exports.ubl', { id: d.id });
      const file = join(t.dir, filename);
      writeFileSync(file, xml);
      files.push(file);
    }
    // The same documents from a seller with a national tax registration number instead of a VAT
    // id (BT-32) and no bank account (payment means "not defined").
    await t.call('invoices.configureSeller', { taxId: '91330106MA2B0Y1234', address: { name: 'Tea House', line1: '1 West Lake Road', city: 'Hangzhou', country: 'CN' } });
    for (const d of docs.slice(0, 3)) {
      const { xml, filename } = await t.call('exports.ubl', { id: d.id });
      expect(xml).toContain('<cbc:CompanyID>91330106MA2B0Y1234</cbc:CompanyID><cac:TaxScheme><cbc:ID>TAX</cbc:ID>');
      const file = join(t.dir, `national-${filename}`);
      writeFileSync(file, xml);
      files.push(file);
    }
    // A control: the same invoice with a payable amount that no longer adds up must fail, so a
    // validator that passes everything would be caught here.
    const { xml } = await t.call('exports.ubl', { id: docs[0]!.id });
    const broken = join(t.dir, 'broken.xml');
    writeFileSync(broken, xml.replace(/(<cbc:PayableAmount currencyID="CNY">)([\d.]+)/, (_m, open: string, v: string) => `${open}${(Number(v) + 1).toFixed(2)}`));
    const run = spawnSync(VALIDATOR, ['--no-peppol', ...files, broken], { encoding: 'utf8', timeout: 120_000 });
    const out = run.stdout + run.stderr;
    expect(out).toMatch(new RegExp(`${files.length} passed, 1 failed`));
    for (const f of files) expect(out).toContain(`PASS ${f}`);
    expect(out).toMatch(/FAIL .*broken\.xml[\s\S]*BR-CO-16/);
  }, 150_000);
});
