import type { OpInput } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { defaultPreset, resolveColumns, type ImportKind, type ImportPreset } from '../../shared/imports/presets.ts';
import { parseAmountCell, parseBoolCell, parseCountryCell, parseDateTimeCell, parseKgAsGrams, parseQuantityCell } from '../../shared/imports/values.ts';
import { LOCAL_OWNER, type Caller } from '../../shared/permissions.ts';
import type { App } from '../app.ts';

/** What an import needs of the app: the ledger and the dispatcher (a job's host). */
type Host = Pick<App, 'ledger' | 'dispatcher'>;
import { BatchNeedsSavepoints } from '../db/transaction.ts';
import type { BatchCalls } from '../dispatcher.ts';
import { ImportFileError, openTable, type TableInfo, type TableRow } from './read-table.ts';

/**
 * Batch import: a file's rows become calls of the ordinary contract operations (products.create,
 * stock.receive, customers.create, orders.create), so every row is validated and journaled
 * exactly like one typed in. All calls run in one transaction (Dispatcher.batch):
 *  - `dry-run` runs every row against the real ledger and rolls back: the report lists every
 *    problem and nothing is written;
 *  - `all-or-nothing` commits only when no row has a problem;
 *  - `valid-rows` commits the records without problems and reports the others.
 * Records that are already in the ledger (an order with the same channel and channel order id,
 * a product with the same SKU, a customer with the same code or email, a product that already
 * has stock in the warehouse) are skipped, so importing a file twice changes nothing.
 */

export type ImportMode = 'dry-run' | 'all-or-nothing' | 'valid-rows';

export type ImportProblem = { readonly row: number; readonly column: string | null; readonly message: string };

export type ImportReport = {
  readonly kind: ImportKind;
  readonly preset: string;
  readonly mode: ImportMode;
  readonly file: TableInfo;
  /** Data rows read (the header not counted). */
  rows: number;
  /** Records written (or, in a dry run, that would be). */
  created: number;
  /** Records already in the ledger, left as they are. */
  skipped: number;
  /** Records refused because of a problem. */
  refused: number;
  problemCount: number;
  /** The first `maxProblems` problems, in file order. */
  problems: ImportProblem[];
  committed: boolean;
};

export type ImportOptions = {
  readonly kind: ImportKind;
  readonly preset?: ImportPreset;
  readonly mode: ImportMode;
  /** Warehouse code for stock and orders; default: the first active warehouse by code. */
  readonly warehouse?: string;
  /** Tax rate code for products without a tax column; default: the first active rate by code. */
  readonly taxRate?: string;
  /** Channel for orders when the preset names none. */
  readonly channel?: string;
  readonly caller?: Caller;
  readonly maxProblems?: number;
  /** Called every `progressEvery` rows with the rows read so far. */
  readonly onProgress?: (rows: number) => void;
  readonly progressEvery?: number;
  /** Aborting rolls the whole import back. */
  readonly signal?: AbortSignal;
};

export class ImportCancelledError extends Error {
  constructor() {
    super('Import cancelled; nothing was written.');
  }
}

/** A record-level problem: the row and the import field whose column it names. */
class RowProblem extends Error {
  constructor(
    readonly row: number,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** Several problems of one record, reported together (every bad cell of an order, not the first). */
class RowProblems extends Error {
  constructor(readonly problems: readonly RowProblem[]) {
    super(problems[0]?.message ?? 'problems');
  }
}

/** Runs each check; collects their problems instead of stopping at the first. */
function gather() {
  const problems: RowProblem[] = [];
  return {
    check<T>(fn: () => T): T | undefined {
      try {
        return fn();
      } catch (e) {
        if (e instanceof RowProblem) {
          problems.push(e);
          return undefined;
        }
        throw e;
      }
    },
    done() {
      if (problems.length === 1) throw problems[0]!;
      if (problems.length > 1) throw new RowProblems(problems);
    },
  };
}

type Cells = { readonly row: number; get(field: string): string };

/** Import field named by an operation's error field path (its last named segment). */
const OP_FIELD_TO_IMPORT: Readonly<Record<string, string>> = {
  productId: 'sku',
  barcodes: 'barcode',
  weightGrams: 'weightGrams',
  orderDiscount: 'orderDiscount',
  customerId: 'email',
  name: 'name',
  line1: 'line1',
  city: 'city',
  country: 'country',
  postalCode: 'postalCode',
  region: 'region',
};

/**
 * Runs the import first without a savepoint per record (much faster, see runBatch). Only when a
 * record fails after it has written something is that run rolled back and the file imported
 * again with savepoints, so the failing record undoes only itself; a clean file runs once.
 */
export async function importFile(app: Host, file: string, options: ImportOptions): Promise<ImportReport> {
  const raw = app.ledger.raw;
  const cacheSize = raw.pragma('cache_size', { simple: true }) as number;
  const tempStore = raw.pragma('temp_store', { simple: true }) as number;
  // A 64 MB page cache (the default is 2 MB) keeps an import's hot index pages in memory without
  // spilling them mid-transaction; fixed, so memory stays flat however long the file is.
  raw.pragma('cache_size = -65536');
  // Inside the import's one long transaction every statement with triggers or foreign keys keeps a
  // statement journal (the prior image of each page it touches, so it alone can be undone). With
  // the default temp_store that journal spills to a temporary file, about 20 page writes per order
  // line: most of an import's time went to those system calls. In memory it is truncated after
  // each statement, so it stays a few pages. Set before the batch begins (SQLite reads it at
  // BEGIN); the ledger keeps no TEMP tables, which changing temp_store would drop.
  raw.pragma('temp_store = MEMORY');
  try {
    return await runImport(app, file, options, false);
  } catch (e) {
    if (!(e instanceof BatchNeedsSavepoints)) throw e;
    return runImport(app, file, options, true);
  } finally {
    raw.pragma(`cache_size = ${cacheSize}`);
    raw.pragma(`temp_store = ${tempStore}`);
  }
}

async function runImport(app: Host, file: string, options: ImportOptions, savepoints: boolean): Promise<ImportReport> {
  const preset = options.preset ?? defaultPreset(options.kind);
  if (preset.kind !== options.kind) throw new ImportFileError(`Preset ${preset.name} imports ${preset.kind}, not ${options.kind}.`);
  const caller = options.caller ?? LOCAL_OWNER;
  const maxProblems = options.maxProblems ?? 1000;
  const progressEvery = options.progressEvery ?? 1000;
  const { info, rows } = await openTable(file);
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new ImportFileError('The file has no header row.');
  const header = first.value.cells;
  const { index, missing } = resolveColumns(preset, header);
  if (missing.length > 0) {
    const wanted = missing.map((f) => `${f} (column "${preset.columns[f] ?? f}")`).join(', ');
    throw new ImportFileError(`The file has no column for ${wanted}; choose another preset or map the columns.`, 1);
  }
  const columnOf = (field: string | null): string | null => {
    if (field === null) return null;
    const i = index.get(field);
    return i === undefined ? (preset.columns[field] ?? field) : (header[i] ?? field);
  };

  const report: ImportReport = { kind: options.kind, preset: preset.name, mode: options.mode, file: info, rows: 0, created: 0, skipped: 0, refused: 0, problemCount: 0, problems: [], committed: false };
  const addProblem = (row: number, field: string | null, message: string) => {
    report.problemCount++;
    if (report.problems.length < maxProblems) report.problems.push({ row, column: columnOf(field), message });
  };

  const cellsOf = (r: TableRow): Cells => {
    // An order asks for its head row's cells many times (checks, notes, the customer).
    const clean: (string | undefined)[] = [];
    return {
      row: r.row,
      get(field) {
        const i = index.get(field);
        if (i === undefined) return '';
        const known = clean[i];
        if (known !== undefined) return known;
        const v = (r.cells[i] ?? '').trim();
        if (v.includes('\uFFFD')) throw new RowProblem(r.row, field, 'holds characters that are not valid in the file\u2019s encoding');
        clean[i] = v;
        return v;
      },
    };
  };

  const prepare = app.ledger.prepare;
  const one = <T>(sql: string, ...params: unknown[]) => prepare(sql).get(...params) as T | undefined;

  await app.dispatcher.batch(
    caller,
    () => report.committed,
    async (calls) => {
      const { currency } = await calls.call('settings.get', {});
      const warehouse = options.warehouse
        ? one<{ id: string }>('SELECT id FROM warehouse WHERE code = ?', options.warehouse)
        : one<{ id: string }>('SELECT id FROM warehouse WHERE active = 1 ORDER BY code LIMIT 1');
      if ((options.kind === 'orders' || options.kind === 'stock') && !warehouse) {
        throw new ImportFileError(options.warehouse ? `There is no warehouse ${options.warehouse}.` : 'The ledger has no warehouse yet; create one first.');
      }
      const taxRate = options.taxRate
        ? one<{ id: string }>('SELECT id FROM tax_rate WHERE code = ?', options.taxRate)
        : one<{ id: string }>('SELECT id FROM tax_rate WHERE active = 1 ORDER BY code LIMIT 1');
      if (options.kind === 'products' && !taxRate && !index.has('taxRate')) {
        throw new ImportFileError(options.taxRate ? `There is no tax rate ${options.taxRate}.` : 'The ledger has no tax rate yet; create one first.');
      }
      // Order and stock imports make no products, so a SKU found once keeps its id.
      const skuIds = new Map<string, string>();
      const productId = (sku: string, row: number) => {
        const known = skuIds.get(sku);
        if (known !== undefined) return known;
        const p = one<{ id: string }>('SELECT id FROM product WHERE sku = ?', sku);
        if (!p) throw new RowProblem(row, 'sku', `unknown SKU ${sku}`);
        if (options.kind !== 'products') skuIds.set(sku, p.id);
        return p.id;
      };
      // The customer each email found or was made for, once its order stood (see importOrder).
      const customersByEmail = new Map<string, string>();

      /** Runs one record; problems are reported, other failures end the import. */
      const record = async (firstRow: number, rowsOfRecord: readonly number[], fn: () => Promise<'created' | 'skipped' | 'ignored'>) => {
        try {
          const outcome = await fn();
          if (outcome === 'created') report.created++;
          else if (outcome === 'skipped') report.skipped++;
        } catch (e) {
          if (e instanceof RowProblem) {
            report.refused++;
            addProblem(e.row, e.field, e.message);
          } else if (e instanceof RowProblems) {
            report.refused++;
            for (const p of e.problems) addProblem(p.row, p.field, p.message);
          } else if (isAppError(e) && e.code !== 'internal') {
            report.refused++;
            const issues = e.issues && e.issues.length > 0 ? e.issues : [{ field: e.field ?? '', message: e.message }];
            for (const issue of issues) {
              const path = issue.field.split('.');
              const lineNo = path[0] === 'lines' ? Number(path[1]) : NaN;
              const row = Number.isInteger(lineNo) ? (rowsOfRecord[lineNo] ?? firstRow) : firstRow;
              const last = [...path].reverse().find((s) => !/^\d+$/.test(s)) ?? '';
              const field = OP_FIELD_TO_IMPORT[last] ?? (index.has(last) ? last : null);
              addProblem(row, field, issue.message.replace(/^[\w.]+: /, ''));
            }
          } else throw e;
        }
      };

      const handlers: Record<ImportKind, (group: Cells[]) => Promise<'created' | 'skipped' | 'ignored'>> = {
        products: ([c]) => importProduct(calls, c!, { currency, taxRateId: taxRate?.id, one }),
        stock: async ([c]) => {
          const sku = c!.get('sku');
          const quantity = parseOptional(c!, 'quantity', (t) => parseQuantityCell(t, true)) ?? 0;
          if (quantity === 0) return 'ignored';
          if (quantity < 0) throw new RowProblem(c!.row, 'quantity', 'opening stock cannot be negative');
          const pid = productId(sku, c!.row);
          const code = c!.get('warehouse');
          const wid = code ? one<{ id: string }>('SELECT id FROM warehouse WHERE code = ?', code)?.id : warehouse!.id;
          if (!wid) throw new RowProblem(c!.row, 'warehouse', `unknown warehouse ${code}`);
          if (one('SELECT 1 FROM stock_movement WHERE product_id = ? AND warehouse_id = ? LIMIT 1', pid, wid)) return 'skipped';
          await calls.call('stock.receive', { warehouseId: wid, lines: [{ productId: pid, quantity }], reason: 'Opening stock' });
          return 'created';
        },
        customers: ([c]) => importCustomer(calls, c!, one),
        orders: (group) => importOrder(calls, group, { currency, warehouseId: warehouse?.id ?? '', channel: preset.channel ?? options.channel ?? 'import', productId, one, customersByEmail }),
      };

      const groupField = preset.groupBy;
      const carry = preset.carry ?? [];
      const skipIndex = index.get('__skip');
      const skipValues = new Set((preset.skip?.values ?? []).map((v) => v.toLowerCase()));
      const seenOrders = new Set<string>();
      let group: Cells[] = [];
      let groupKey: string | null = null;
      let carried = new Map<string, string>();

      const flush = async () => {
        if (group.length === 0) return;
        const g = group;
        group = [];
        const rowNos = g.map((c) => c.row);
        if (options.kind === 'orders') {
          const key = g[0]!.get('externalRef');
          if (seenOrders.has(key)) {
            report.refused++;
            addProblem(g[0]!.row, 'externalRef', `duplicate: order ${key} appears again here, apart from its other rows`);
            return;
          }
          seenOrders.add(key);
          await record(g[0]!.row, rowNos, () => handlers.orders(g));
        } else {
          for (const c of g) await record(c.row, [c.row], () => handlers[options.kind]([c]));
        }
      };

      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const r = next.value;
        if (options.signal?.aborted) throw new ImportCancelledError();
        report.rows++;
        if (options.onProgress && report.rows % progressEvery === 0) options.onProgress(report.rows);
        if (skipIndex !== undefined && skipValues.has((r.cells[skipIndex] ?? '').trim().toLowerCase())) continue;
        if (r.cells.length < header.length && r.cells.length <= 1 && (r.cells[0] ?? '').trim() === '') continue;
        const base = cellsOf(r);
        try {
          // XLSX rows leave out trailing empty cells; in a CSV file a short row is cut off.
          if (info.format === 'csv' && r.cells.length < header.length) {
            throw new RowProblem(r.row, null, `has ${r.cells.length} cells where the header has ${header.length}: the row is cut short`);
          }
          const key = groupField ? base.get(groupField) : null;
          if (groupField && key !== groupKey) {
            await flush();
            groupKey = key;
            carried = new Map(carry.map((f) => [f, base.get(f)]));
          }
          const cells: Cells = carry.length === 0 ? base : {
            row: r.row,
            get: (f) => base.get(f) || (carried.get(f) ?? ''),
          };
          if (preset.skipWhenBlank && cells.get(preset.skipWhenBlank) === '') continue;
          group.push(cells);
          if (!groupField) await flush();
        } catch (e) {
          if (!(e instanceof RowProblem)) throw e;
          report.refused++;
          addProblem(e.row, e.field, e.message);
        }
      }
      await flush();
      report.problems.sort((a, b) => a.row - b.row);
      report.committed = options.mode === 'valid-rows' || (options.mode === 'all-or-nothing' && report.problemCount === 0);
      return report;
    },
    // Its calls (creates, settings.get) never read the journal back, so entries may go in bulk;
    // nor do they search orders, so new orders' search documents are written in groups.
    { savepoints, bulkJournal: true, deferSearch: true },
  );
  return report;
}

function parseCell<T>(c: Cells, field: string, parse: (text: string) => T): T {
  const text = c.get(field);
  if (text === '') throw new RowProblem(c.row, field, 'is empty');
  return parseOptional(c, field, parse) as T;
}

function parseOptional<T>(c: Cells, field: string, parse: (text: string) => T): T | undefined {
  const text = c.get(field);
  if (text === '') return undefined;
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new RowProblem(c.row, field, e.message);
    throw e;
  }
}

type One = <T>(sql: string, ...params: unknown[]) => T | undefined;

async function importProduct(calls: BatchCalls, c: Cells, env: { currency: string; taxRateId: string | undefined; one: One }) {
  const sku = c.get('sku');
  if (sku === '') throw new RowProblem(c.row, 'sku', 'is empty');
  if (env.one('SELECT 1 FROM product WHERE sku = ?', sku)) return 'skipped' as const;
  const options = ['option1', 'option2', 'option3'].map((f) => c.get(f)).filter((v) => v !== '' && v !== 'Default Title');
  const base = c.get('name');
  if (base === '') throw new RowProblem(c.row, 'name', 'is empty');
  const name = options.length > 0 ? `${base} / ${options.join(' / ')}` : base;
  const price = parseCell(c, 'price', (t) => parseAmountCell(t, env.currency));
  const taxCode = c.get('taxRate');
  let taxRateId = env.taxRateId;
  if (taxCode !== '') {
    taxRateId = env.one<{ id: string }>('SELECT id FROM tax_rate WHERE code = ?', taxCode)?.id;
    if (!taxRateId) throw new RowProblem(c.row, 'taxRate', `unknown tax rate ${taxCode}`);
  }
  const grams = parseOptional(c, 'weightGrams', (t) => parseQuantityCell(t)) ?? parseOptional(c, 'weightKg', parseKgAsGrams);
  const barcode = c.get('barcode');
  const input: OpInput<'products.create'> = {
    sku,
    name: name.slice(0, 200),
    altName: c.get('altName') || null,
    price,
    taxRateId: taxRateId!,
    weightGrams: grams ?? null,
    barcodes: barcode ? [barcode] : [],
  };
  const unit = c.get('unit');
  if (unit) input.unit = unit;
  const backorder = parseOptional(c, 'allowBackorder', parseBoolCell);
  if (backorder !== undefined) input.allowBackorder = backorder;
  const active = parseOptional(c, 'active', parseBoolCell);
  if (active !== undefined) input.active = active;
  await calls.call('products.create', input);
  return 'created' as const;
}

function addressOf(c: Cells, prefix: '' | 'ship', name: string) {
  const f = (s: string) => (prefix ? `${prefix}${s[0]!.toUpperCase()}${s.slice(1)}` : s);
  const line1 = c.get(f('line1'));
  const city = c.get(f('city'));
  const countryText = c.get(f('country'));
  if (!line1 && !city && !countryText) return null;
  const country = parseOptional(c, f('country'), parseCountryCell) ?? '';
  return {
    name: c.get(f('name')) || name,
    line1,
    line2: c.get(f('line2')) || null,
    city,
    region: c.get(f('region')) || null,
    postalCode: c.get(f('postalCode')) || null,
    country,
    phone: c.get(f('phone')) || null,
  };
}

async function importCustomer(calls: BatchCalls, c: Cells, one: One) {
  const code = c.get('code');
  const email = c.get('email');
  if (code && one('SELECT 1 FROM customer WHERE code = ?', code)) return 'skipped' as const;
  if (email && one('SELECT 1 FROM customer WHERE email = ? COLLATE NOCASE', email)) return 'skipped' as const;
  const name = c.get('name');
  if (!name) throw new RowProblem(c.row, 'name', 'is empty');
  const address = addressOf(c, '', name);
  await calls.call('customers.create', {
    ...(code ? { code } : {}),
    name,
    email: email || null,
    phone: c.get('phone') || null,
    taxId: c.get('taxId') || null,
    notes: c.get('notes') || null,
    billingAddress: address,
    shippingAddress: address,
  });
  return 'created' as const;
}

type OrderEnv = {
  readonly currency: string;
  readonly warehouseId: string;
  readonly channel: string;
  readonly productId: (sku: string, row: number) => string;
  readonly one: One;
  /** Filled only after an order stood, so a record undone never leaves its customer here. */
  readonly customersByEmail: Map<string, string>;
};

async function importOrder(calls: BatchCalls, group: readonly Cells[], env: OrderEnv) {
  const head = group[0]!;
  const externalRef = head.get('externalRef');
  if (env.one('SELECT 1 FROM sales_order WHERE channel = ? AND external_ref = ?', env.channel, externalRef)) return 'skipped' as const;
  const lines: { productId: string; quantity: number; unitPrice?: number }[] = [];
  let lineDiscounts = 0;
  const g = gather();
  g.check(() => {
    const currency = head.get('currency');
    if (currency && currency.toUpperCase() !== env.currency) {
      throw new RowProblem(head.row, 'currency', `the order is in ${currency} but the ledger keeps ${env.currency}; it is not converted`);
    }
  });
  for (const c of group) {
    const sku = c.get('sku');
    const productId = g.check(() => {
      if (!sku) throw new RowProblem(c.row, 'sku', 'is empty');
      return env.productId(sku, c.row);
    });
    const quantity = g.check(() => {
      const q = parseCell(c, 'quantity', (t) => parseQuantityCell(t));
      if (q === 0) throw new RowProblem(c.row, 'quantity', 'must be at least 1');
      return q;
    });
    const unitPrice = g.check(() => parseOptional(c, 'unitPrice', (t) => parseAmountCell(t, env.currency)));
    lineDiscounts += g.check(() => parseOptional(c, 'lineDiscount', (t) => parseAmountCell(t, env.currency))) ?? 0;
    if (productId !== undefined && quantity !== undefined) lines.push(unitPrice === undefined ? { productId, quantity } : { productId, quantity, unitPrice });
  }
  const orderDiscount = (g.check(() => parseOptional(head, 'orderDiscount', (t) => parseAmountCell(t, env.currency))) ?? 0) + lineDiscounts;
  const orderDate = g.check(() => parseOptional(head, 'orderDate', parseDateTimeCell));
  const shipping = g.check(() => parseOptional(head, 'shipping', (t) => parseAmountCell(t, env.currency))) ?? 0;
  const shipTo = g.check(() => addressOf(head, 'ship', head.get('customerName') || head.get('shipName') || head.get('email'))) ?? null;
  g.done();

  const email = head.get('email');
  const name = head.get('customerName') || head.get('shipName');
  const customerId = email ? (env.customersByEmail.get(email) ?? env.one<{ id: string }>('SELECT id FROM customer WHERE email = ? COLLATE NOCASE ORDER BY code LIMIT 1', email)?.id) : undefined;
  if (!customerId && !name && !email) throw new RowProblem(head.row, 'email', 'missing customer: the order has neither an email nor a name');
  const notes = [head.get('notes'), shipping > 0 ? `Shipping charged on ${env.channel}: ${head.get('shipping')} ${env.currency}` : '', head.get('status') ? `Status on ${env.channel}: ${head.get('status')}` : '']
    .filter((s) => s !== '')
    .join('\n');
  const create = (id: string) => {
    const input = { customerId: id, warehouseId: env.warehouseId, channel: env.channel, externalRef, shipTo, notes: notes.slice(0, 2000) || null, orderDiscount, lines };
    // The date added with Object.assign, not spread in the middle (src/shared/objects.ts).
    return calls.call('orders.create', orderDate ? Object.assign(input, { orderDate }) : input);
  };
  if (customerId) {
    await create(customerId);
    if (email) env.customersByEmail.set(email, customerId);
  } else {
    // The customer made for an order stands or falls with it.
    const made = await calls.atomic(async () => {
      const created = await calls.call('customers.create', { name: name || email, email: email || null, phone: head.get('phone') || null, shippingAddress: shipTo });
      await create(created.id);
      return created.id;
    });
    if (email) env.customersByEmail.set(email, made);
  }
  return 'created' as const;
}
