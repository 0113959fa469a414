import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { OpInput, OpResult } from '../../shared/contract/index.ts';
import { csvRecord, minorToDecimal, neutraliseCell } from '../../shared/exports/cells.ts';
import { LOCAL_OWNER, type Caller } from '../../shared/permissions.ts';
import type { App } from '../app.ts';

/** What an export needs of the app: the ledger and the dispatcher (a job's host). */
type Host = Pick<App, 'ledger' | 'dispatcher'>;

/**
 * Any list, with the filters the list operation takes, to CSV (UTF-8 with BOM, so Excel reads
 * Chinese) or XLSX. Pages are read through the list operation itself (so permissions and
 * filters are exactly the screen's) with the keyset cursor, and streamed to the file. Text that
 * a spreadsheet would run as a formula is neutralised; amounts are exact decimals in the row's
 * currency; quantities are numbers.
 */

import { EXPORT_LISTS } from '../../shared/contract/exchange.ts';

export { EXPORT_LISTS };
export type ExportList = (typeof EXPORT_LISTS)[number];

type Cell = string | number | boolean | null;
type Column<T> = { readonly header: string; readonly value: (row: T) => Cell };

const money = (amount: number, currency: string): string => minorToDecimal(amount, currency);

type OrderRow = OpResult<'orders.list'>['items'][number];
type ProductRow = OpResult<'products.list'>['items'][number];
type CustomerRow = OpResult<'customers.list'>['items'][number];
type StockRow = OpResult<'stock.levels'>['items'][number];

const ORDER_COLUMNS: Column<OrderRow>[] = [
  { header: 'Number', value: (o) => o.number },
  { header: 'Status', value: (o) => o.status },
  { header: 'Order date', value: (o) => o.orderDate },
  { header: 'Customer', value: (o) => o.customerName },
  { header: 'Channel', value: (o) => o.channel },
  { header: 'Channel order', value: (o) => o.externalRef },
  { header: 'Currency', value: (o) => o.currency },
  { header: 'Gross total', value: (o) => money(o.grossTotal, o.currency) },
];
const PRODUCT_COLUMNS: Column<ProductRow>[] = [
  { header: 'SKU', value: (p) => p.sku },
  { header: 'Name', value: (p) => p.name },
  { header: 'Chinese name', value: (p) => p.altName },
  { header: 'Unit', value: (p) => p.unit },
  { header: 'Currency', value: (p) => p.currency },
  { header: 'Price', value: (p) => money(p.price, p.currency) },
  { header: 'Tax rate %', value: (p) => `${Math.trunc(p.taxRateBp / 100)}.${String(p.taxRateBp % 100).padStart(2, '0')}` },
  { header: 'Weight (g)', value: (p) => p.weightGrams },
  { header: 'Barcodes', value: (p) => p.barcodes.map((b) => b.code).join(' ') },
  { header: 'Backorder', value: (p) => p.allowBackorder },
  { header: 'Active', value: (p) => p.active },
];
const CUSTOMER_COLUMNS: Column<CustomerRow>[] = [
  { header: 'Code', value: (c) => c.code },
  { header: 'Name', value: (c) => c.name },
  { header: 'Email', value: (c) => c.email },
  { header: 'Phone', value: (c) => c.phone },
  { header: 'Tax id', value: (c) => c.taxId },
  { header: 'City', value: (c) => c.shippingAddress?.city ?? c.billingAddress?.city ?? null },
  { header: 'Country', value: (c) => c.shippingAddress?.country ?? c.billingAddress?.country ?? null },
  { header: 'Notes', value: (c) => c.notes },
];
const STOCK_COLUMNS: Column<StockRow>[] = [
  { header: 'SKU', value: (s) => s.sku },
  { header: 'Product', value: (s) => s.productName },
  { header: 'Warehouse', value: (s) => s.warehouseCode },
  { header: 'On hand', value: (s) => s.onHand },
  { header: 'Reserved', value: (s) => s.reserved },
  { header: 'Available', value: (s) => s.available },
];

export type ListExportOptions = {
  readonly list: ExportList;
  /** The list operation's own filters (validated by its schema); paging is the exporter's. */
  readonly filters?: Record<string, unknown>;
  readonly file: string;
  readonly format?: 'csv' | 'xlsx';
  readonly caller?: Caller;
};

type Page = { columns: Column<never>[]; items: unknown[] };

async function* pages(app: Host, options: ListExportOptions): AsyncGenerator<Page> {
  const caller = options.caller ?? LOCAL_OWNER;
  let cursor: string | undefined;
  const op = { orders: 'orders.list', products: 'products.list', customers: 'customers.list', stock: 'stock.levels' } as const;
  const columns = { orders: ORDER_COLUMNS, products: PRODUCT_COLUMNS, customers: CUSTOMER_COLUMNS, stock: STOCK_COLUMNS }[options.list] as Column<never>[];
  for (;;) {
    const input = { ...options.filters, limit: 500, ...(cursor ? { cursor } : {}) } as OpInput<'orders.list'>;
    const page = (await app.dispatcher.callUnknown(op[options.list], input, caller)) as { items: unknown[]; nextCursor: string | null };
    yield { columns, items: page.items };
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

const asText = (v: Cell): string => (v === null ? '' : typeof v === 'string' ? neutraliseCell(v) : String(v));

/** Writes the list; returns the number of rows. A failed export leaves no partial file. */
export async function exportList(app: Host, options: ListExportOptions): Promise<{ rows: number }> {
  const format = options.format ?? (extname(options.file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
  let rows = 0;
  // The first page is read before the file is made, so a refused filter leaves no file.
  const source = pages(app, options);
  const first = await source.next();
  if (first.done) throw new Error('a list always has a first page');
  async function* all(): AsyncGenerator<Page> {
    yield first.value as Page;
    yield* source;
  }
  try {
    if (format === 'csv') {
      const out = createWriteStream(options.file);
      const write = async (s: string) => {
        if (!out.write(s)) await once(out, 'drain');
      };
      await write('\uFEFF');
      let header = false;
      for await (const { columns, items } of all()) {
        if (!header) {
          await write(csvRecord(columns.map((c) => c.header)));
          header = true;
        }
        for (const item of items) {
          await write(csvRecord(columns.map((c) => asText(c.value(item as never)))));
          rows++;
        }
      }
      out.end();
      await once(out, 'finish');
    } else {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: options.file, useStyles: false, useSharedStrings: false });
      const sheet = workbook.addWorksheet(options.list);
      let header = false;
      for await (const { columns, items } of all()) {
        if (!header) {
          sheet.addRow(columns.map((c) => c.header)).commit();
          header = true;
        }
        for (const item of items) {
          // Strings stay strings (never formulas), and are neutralised for programs that re-read them as CSV.
          sheet.addRow(columns.map((c) => {
            const v = c.value(item as never);
            return typeof v === 'string' ? neutraliseCell(v) : v;
          })).commit();
          rows++;
        }
      }
      sheet.commit();
      await workbook.commit();
    }
  } catch (e) {
    rmSync(options.file, { force: true });
    throw e;
  }
  return { rows };
}
