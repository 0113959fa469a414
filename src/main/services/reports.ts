import { sql } from 'kysely';
import type { PAYMENT_METHODS } from '../../shared/contract/payments.ts';
import type { CSV_DATASETS } from '../../shared/contract/reports.ts';
import { decimalAmount, percent, toCsv, type Cell, type CsvNumber } from '../../shared/csv.ts';
import { journalLines, type AccountMap, type BookDocument } from '../../shared/double-entry.ts';
import { accountsDto, readAccounts, writeAccounts } from './account-map.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { AGING_BUCKETS, agingBucket, type AgingBucket } from '../../shared/invoice-math.ts';
import { buildUbl } from '../../shared/ubl.ts';
import type { Handlers, ReadDb } from './context.ts';
import { loadInvoice, readSeller, today } from './invoice-read.ts';
import { isPurchasingDataset, purchasingCsv, purchasingJournalDocs } from './purchasing-exports.ts';
import { readSettings } from './settings.ts';

// Reports read issued documents only, so every figure is a sum of document lines and
// reconciles with them to the cent. Dates are document dates: issue dates of invoices and
// credit notes, payment dates, entry dates. Credit notes count negative in the period they are
// issued in (not in their invoice's period).

type Period = 'day' | 'month' | 'year';
const PERIOD_LENGTH: Record<Period, number> = { day: 10, month: 7, year: 4 };

function checkRange(dateFrom: string, dateTo: string): void {
  if (dateFrom > dateTo) throw invalid('dateTo', 'The end of the period is before its start');
}

export async function salesReport(db: ReadDb, input: { dateFrom: string; dateTo: string; period: Period }) {
  checkRange(input.dateFrom, input.dateTo);
  const len = PERIOD_LENGTH[input.period];
  // Summed per day as invoices are issued (migration 0014): a year is a few hundred rows.
  const period = sql<string>`substr(day, 1, ${len})`;
  const rows = await db
    .selectFrom('sales_tax_day')
    .select((eb) => [period.as('period'), 'tax_rate_bp', 'kind', eb.fn.sum<number>('net').as('net'), eb.fn.sum<number>('tax').as('tax')])
    .where('day', '>=', input.dateFrom)
    .where('day', '<=', input.dateTo)
    .groupBy([period, 'tax_rate_bp', 'kind'])
    .execute();
  const byKey = new Map<string, { period: string; taxRateBp: number; invoicedNet: number; invoicedTax: number; creditedNet: number; creditedTax: number }>();
  for (const r of rows) {
    const key = `${r.period}|${r.tax_rate_bp}`;
    const row = byKey.get(key) ?? { period: r.period, taxRateBp: r.tax_rate_bp, invoicedNet: 0, invoicedTax: 0, creditedNet: 0, creditedTax: 0 };
    if (r.kind === 'invoice') {
      row.invoicedNet += Number(r.net);
      row.invoicedTax += Number(r.tax);
    } else {
      row.creditedNet += Number(r.net);
      row.creditedTax += Number(r.tax);
    }
    byKey.set(key, row);
  }
  const out = [...byKey.values()]
    .sort((a, b) => (a.period === b.period ? a.taxRateBp - b.taxRateBp : a.period < b.period ? -1 : 1))
    .map((r) => {
      const net = r.invoicedNet - r.creditedNet;
      const tax = r.invoicedTax - r.creditedTax;
      return { ...r, net, tax, gross: net + tax };
    });
  const counts = await db
    .selectFrom('sales_invoice_day')
    .select((eb) => ['kind', eb.fn.sum<number>('invoices').as('n')])
    .where('day', '>=', input.dateFrom)
    .where('day', '<=', input.dateTo)
    .groupBy('kind')
    .execute();
  const count = (k: string) => Number(counts.find((c) => c.kind === k)?.n ?? 0);
  const net = out.reduce((s, r) => s + r.net, 0);
  const tax = out.reduce((s, r) => s + r.tax, 0);
  return {
    currency: (await readSettings(db)).currency,
    rows: out,
    totals: { net, tax, gross: net + tax, invoices: count('invoice'), creditNotes: count('credit_note') },
  };
}

type Buckets = Record<AgingBucket, number>;
const emptyBuckets = (): Buckets => Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Buckets;

export async function receivablesReport(db: ReadDb, asOf: string) {
  // One statement: each invoice's amount due at the date (the formula of invoiceBalance, with
  // credit notes and allocations dated up to then), through the indexes on the credited invoice
  // and the allocated invoice.
  const dueExpr = sql<number>`i.gross_total
    - coalesce((SELECT sum(c.gross_total) FROM invoice c WHERE c.credited_invoice_id = i.id AND c.issue_date <= ${asOf}), 0)
    - coalesce((SELECT sum(CASE p.kind WHEN 'payment' THEN a.amount ELSE -a.amount END) FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
                WHERE a.invoice_id = i.id AND a.allocated_on <= ${asOf}), 0)`;
  const due = await db
    .selectFrom(
      db
        .selectFrom('invoice as i')
        .select(['i.id', 'i.number', 'i.customer_id', 'i.customer_name', 'i.due_date', dueExpr.as('amount_due')])
        .where('i.kind', '=', 'invoice')
        .where('i.issue_date', '<=', asOf)
        .as('d'),
    )
    .selectAll()
    .where('amount_due', '>', 0)
    .orderBy('due_date')
    .orderBy('number')
    .execute();
  const totals = { ...emptyBuckets(), total: 0 };
  const customers = new Map<string, Buckets & { customerId: string; customerName: string; total: number }>();
  const rows = [];
  for (const inv of due) {
    const amountDue = Number(inv.amount_due);
    const bucket = agingBucket(inv.due_date, asOf);
    rows.push({ id: inv.id, number: inv.number, customerId: inv.customer_id, customerName: inv.customer_name, dueDate: inv.due_date, amountDue, bucket });
    const c = customers.get(inv.customer_id) ?? { ...emptyBuckets(), customerId: inv.customer_id, customerName: inv.customer_name, total: 0 };
    c[bucket] += amountDue;
    c.total += amountDue;
    customers.set(inv.customer_id, c);
    totals[bucket] += amountDue;
    totals.total += amountDue;
  }
  return {
    asOf,
    currency: (await readSettings(db)).currency,
    totals,
    customers: [...customers.values()].sort((a, b) => b.total - a.total || (a.customerName < b.customerName ? -1 : 1)),
    invoices: rows,
  };
}

export async function profitReport(db: ReadDb, input: { dateFrom: string; dateTo: string; period: Period }) {
  checkRange(input.dateFrom, input.dateTo);
  const len = PERIOD_LENGTH[input.period];
  const docs = await db
    .selectFrom('invoice')
    .select((eb) => [sql<string>`substr(issue_date, 1, ${len})`.as('period'), 'kind', eb.fn.sum<number>('net_total').as('net'), eb.fn.sum<number>('cost_total').as('cost')])
    .where('issue_date', '>=', input.dateFrom)
    .where('issue_date', '<=', input.dateTo)
    .groupBy([sql`substr(issue_date, 1, ${len})`, 'kind'])
    .execute();
  const entries = await db
    .selectFrom('book_entry')
    .select((eb) => [sql<string>`substr(entry_date, 1, ${len})`.as('period'), 'kind', eb.fn.sum<number>('amount').as('amount')])
    .where('entry_date', '>=', input.dateFrom)
    .where('entry_date', '<=', input.dateTo)
    .groupBy([sql`substr(entry_date, 1, ${len})`, 'kind'])
    .execute();
  const rows = new Map<string, { sales: number; costOfGoods: number; otherIncome: number; expenses: number }>();
  const row = (p: string) => rows.get(p) ?? rows.set(p, { sales: 0, costOfGoods: 0, otherIncome: 0, expenses: 0 }).get(p)!;
  for (const d of docs) {
    const sign = d.kind === 'invoice' ? 1 : -1;
    row(d.period).sales += sign * Number(d.net);
    row(d.period).costOfGoods += sign * Number(d.cost);
  }
  for (const e of entries) {
    if (e.kind === 'income') row(e.period).otherIncome += Number(e.amount);
    else row(e.period).expenses += Number(e.amount);
  }
  const full = (r: { sales: number; costOfGoods: number; otherIncome: number; expenses: number }) => {
    const grossProfit = r.sales - r.costOfGoods;
    return { ...r, grossProfit, profit: grossProfit + r.otherIncome - r.expenses };
  };
  const out = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, r]) => ({ period, ...full(r) }));
  const sum = (k: 'sales' | 'costOfGoods' | 'otherIncome' | 'expenses') => out.reduce((s, r) => s + r[k], 0);
  return {
    currency: (await readSettings(db)).currency,
    rows: out,
    totals: full({ sales: sum('sales'), costOfGoods: sum('costOfGoods'), otherIncome: sum('otherIncome'), expenses: sum('expenses') }),
  };
}

export async function salesByReport(db: ReadDb, input: { dateFrom: string; dateTo: string; by: 'product' | 'customer' | 'channel' }) {
  checkRange(input.dateFrom, input.dateTo);
  const sign = sql<number>`CASE i.kind WHEN 'invoice' THEN 1 ELSE -1 END`;
  const key = { product: sql<string>`coalesce(l.product_id, l.charge)`, customer: sql<string>`i.customer_id`, channel: sql<string>`o.channel` }[input.by];
  const label = { product: sql<string>`max(l.sku)`, customer: sql<string>`max(i.customer_name)`, channel: sql<string>`o.channel` }[input.by];
  const rows = await db
    .selectFrom('invoice_line as l')
    .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
    .innerJoin('sales_order as o', 'o.id', 'i.order_id')
    .select([
      key.as('key'),
      label.as('label'),
      sql<number>`sum(${sign} * l.quantity)`.as('quantity'),
      sql<number>`sum(${sign} * l.net)`.as('net'),
      sql<number>`sum(${sign} * l.tax)`.as('tax'),
      sql<number>`sum(${sign} * l.cost)`.as('cost'),
    ])
    .where('i.issue_date', '>=', input.dateFrom)
    .where('i.issue_date', '<=', input.dateTo)
    .groupBy(key)
    .execute();
  const out = rows
    .map((r) => {
      const net = Number(r.net);
      const tax = Number(r.tax);
      const cost = Number(r.cost);
      return { key: r.key, label: r.label, quantity: Number(r.quantity), net, tax, gross: net + tax, cost, margin: net - cost };
    })
    .sort((a, b) => b.net - a.net || (a.label < b.label ? -1 : 1));
  return { currency: (await readSettings(db)).currency, rows: out };
}

export async function paymentsReport(db: ReadDb, input: { dateFrom: string; dateTo: string; period: Period }) {
  checkRange(input.dateFrom, input.dateTo);
  const len = PERIOD_LENGTH[input.period];
  const rows = await db
    .selectFrom('payment')
    .select((eb) => [sql<string>`substr(paid_on, 1, ${len})`.as('period'), 'method', 'kind', eb.fn.sum<number>('amount').as('amount'), eb.fn.countAll<number>().as('n')])
    .where('paid_on', '>=', input.dateFrom)
    .where('paid_on', '<=', input.dateTo)
    .groupBy([sql`substr(paid_on, 1, ${len})`, 'method', 'kind'])
    .execute();
  const byKey = new Map<string, { period: string; method: (typeof PAYMENT_METHODS)[number]; received: number; refunded: number; count: number }>();
  for (const r of rows) {
    const key = `${r.period}|${r.method}`;
    const row = byKey.get(key) ?? { period: r.period, method: r.method as (typeof PAYMENT_METHODS)[number], received: 0, refunded: 0, count: 0 };
    if (r.kind === 'payment') row.received += Number(r.amount);
    else row.refunded += Number(r.amount);
    row.count += Number(r.n);
    byKey.set(key, row);
  }
  const out = [...byKey.values()].sort((a, b) => (a.period === b.period ? (a.method < b.method ? -1 : 1) : a.period < b.period ? -1 : 1)).map((r) => ({ ...r, net: r.received - r.refunded }));
  const received = out.reduce((s, r) => s + r.received, 0);
  const refunded = out.reduce((s, r) => s + r.refunded, 0);
  return { currency: (await readSettings(db)).currency, rows: out, totals: { received, refunded, net: received - refunded } };
}

/**
 * On hand at the end of `asOf` (UTC) is the sum of movements up to then; its unit cost is the
 * moving average after the last costed receipt recorded up to then (0 if none).
 */
export async function stockValuation(db: ReadDb, asOf: string, warehouseId?: string) {
  const end = `${asOf}T23:59:59.999Z`;
  let q = db
    .selectFrom('stock_movement as m')
    .innerJoin('product as p', 'p.id', 'm.product_id')
    .innerJoin('warehouse as w', 'w.id', 'm.warehouse_id')
    .select((eb) => ['m.product_id', 'p.sku', 'm.warehouse_id', 'w.code', eb.fn.sum<number>('m.on_hand_delta').as('on_hand')])
    .where('m.at', '<=', end);
  if (warehouseId) q = q.where('m.warehouse_id', '=', warehouseId);
  const levels = await q.groupBy(['m.product_id', 'm.warehouse_id']).orderBy('p.sku').orderBy('w.code').execute();
  let cq = db
    .selectFrom('purchase_line as l')
    .select(['l.product_id', 'l.warehouse_id', 'l.average_after'])
    .where('l.recorded_at', '<=', end)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('purchase_line as later').select('later.id').whereRef('later.product_id', '=', 'l.product_id').whereRef('later.warehouse_id', '=', 'l.warehouse_id').where('later.recorded_at', '<=', end).whereRef('later.id', '>', 'l.id'))),
    );
  if (warehouseId) cq = cq.where('l.warehouse_id', '=', warehouseId);
  const costs = new Map((await cq.execute()).map((c) => [`${c.product_id}|${c.warehouse_id}`, c.average_after]));
  const rows = levels
    .map((l) => {
      const onHand = Number(l.on_hand);
      const unitCost = costs.get(`${l.product_id}|${l.warehouse_id}`) ?? 0;
      return { productId: l.product_id, sku: l.sku, warehouseId: l.warehouse_id, warehouseCode: l.code, onHand, unitCost, value: onHand * unitCost };
    })
    .filter((r) => r.onHand !== 0);
  return { asOf, currency: (await readSettings(db)).currency, rows, total: rows.reduce((s, r) => s + r.value, 0) };
}

// ---- exports -----------------------------------------------------------------------------

type Dataset = (typeof CSV_DATASETS)[number];

export async function csvRows(db: ReadDb, dataset: Dataset, from: string, to: string, currency: string): Promise<{ header: string[]; rows: (Cell | CsvNumber)[][] }> {
  const money = (n: number) => decimalAmount(n, currency);
  if (isPurchasingDataset(dataset)) return purchasingCsv(db, dataset, from, to, currency);
  switch (dataset) {
    case 'invoices': {
      const docs = await db
        .selectFrom('invoice as i')
        .innerJoin('sales_order as o', 'o.id', 'i.order_id')
        .leftJoin('invoice as c', 'c.id', 'i.credited_invoice_id')
        .select(['i.number', 'i.kind', 'i.issue_date', 'i.due_date', 'o.number as order_number', 'c.number as credited', 'i.customer_name', 'i.customer_tax_id', 'i.currency', 'i.net_total', 'i.tax_total', 'i.gross_total'])
        .where('i.issue_date', '>=', from)
        .where('i.issue_date', '<=', to)
        .orderBy('i.issue_date')
        .orderBy('i.number')
        .execute();
      return {
        header: ['number', 'type', 'issue_date', 'due_date', 'order', 'credited_invoice', 'customer', 'customer_tax_id', 'currency', 'net', 'tax', 'gross'],
        rows: docs.map((d) => {
          const s = d.kind === 'invoice' ? 1 : -1;
          return [d.number, d.kind, d.issue_date, d.due_date, d.order_number, d.credited, d.customer_name, d.customer_tax_id, d.currency, money(s * d.net_total), money(s * d.tax_total), money(s * d.gross_total)];
        }),
      };
    }
    case 'invoice_lines': {
      const lines = await db
        .selectFrom('invoice_line as l')
        .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
        .select(['i.number', 'i.kind', 'i.issue_date', 'l.line_no', 'l.sku', 'l.name', 'l.quantity', 'l.unit', 'l.unit_price', 'l.discount_bp', 'l.tax_rate_bp', 'l.net', 'l.tax', 'l.gross', 'l.cost'])
        .where('i.issue_date', '>=', from)
        .where('i.issue_date', '<=', to)
        .orderBy('i.issue_date')
        .orderBy('i.number')
        .orderBy('l.line_no')
        .execute();
      return {
        header: ['number', 'type', 'issue_date', 'line', 'sku', 'description', 'quantity', 'unit', 'unit_price', 'discount_percent', 'tax_rate_percent', 'net', 'tax', 'gross', 'cost'],
        rows: lines.map((l) => {
          const s = l.kind === 'invoice' ? 1 : -1;
          return [l.number, l.kind, l.issue_date, l.line_no, l.sku, l.name, s * l.quantity, l.unit, money(l.unit_price), percent(l.discount_bp), percent(l.tax_rate_bp), money(s * l.net), money(s * l.tax), money(s * l.gross), money(s * l.cost)];
        }),
      };
    }
    case 'payments': {
      const pays = await db
        .selectFrom('payment as p')
        .innerJoin('customer as c', 'c.id', 'p.customer_id')
        .leftJoin('payment_allocation as a', 'a.payment_id', 'p.id')
        .select((eb) => ['p.number', 'p.kind', 'p.paid_on', 'c.name', 'p.method', 'p.currency', 'p.amount', 'p.reference', eb.fn.coalesce(eb.fn.sum<number>('a.amount'), eb.lit(0)).as('allocated')])
        .where('p.paid_on', '>=', from)
        .where('p.paid_on', '<=', to)
        .groupBy('p.id')
        .orderBy('p.paid_on')
        .orderBy('p.number')
        .execute();
      return {
        header: ['number', 'type', 'date', 'customer', 'method', 'currency', 'amount', 'allocated', 'unallocated', 'reference'],
        rows: pays.map((p) => {
          const s = p.kind === 'payment' ? 1 : -1;
          return [p.number, p.kind, p.paid_on, p.name, p.method, p.currency, money(s * p.amount), money(s * Number(p.allocated)), money(s * (p.amount - Number(p.allocated))), p.reference];
        }),
      };
    }
    case 'book_entries': {
      const entries = await db
        .selectFrom('book_entry as e')
        .innerJoin('book_category as c', 'c.id', 'e.category_id')
        .select(['e.number', 'e.kind', 'e.entry_date', 'c.code', 'c.name', 'e.description', 'e.method', 'e.currency', 'e.amount', 'e.reference'])
        .where('e.entry_date', '>=', from)
        .where('e.entry_date', '<=', to)
        .orderBy('e.entry_date')
        .orderBy('e.number')
        .execute();
      return {
        header: ['number', 'type', 'date', 'category', 'category_name', 'description', 'method', 'currency', 'amount', 'reference'],
        rows: entries.map((e) => [e.number, e.kind, e.entry_date, e.code, e.name, e.description, e.method, e.currency, money(e.kind === 'income' ? e.amount : -e.amount), e.reference]),
      };
    }
    case 'journal': {
      const accounts = await readAccounts(db);
      type Doc = { date: string; number: string; id: string; doc: BookDocument };
      const docs: Doc[] = [];
      const invoices = await db.selectFrom('invoice').select(['id', 'number', 'kind', 'issue_date', 'gross_total', 'cost_total']).where('issue_date', '>=', from).where('issue_date', '<=', to).execute();
      const rates = new Map<string, { taxRateBp: number; net: number; tax: number }[]>();
      for (let i = 0; i < invoices.length; i += 500) {
        const rows = await db
          .selectFrom('invoice_line')
          .select((eb) => ['invoice_id', 'tax_rate_bp', eb.fn.sum<number>('net').as('net'), eb.fn.sum<number>('tax').as('tax')])
          .where('invoice_id', 'in', invoices.slice(i, i + 500).map((d) => d.id))
          .groupBy(['invoice_id', 'tax_rate_bp'])
          .orderBy('tax_rate_bp')
          .execute();
        for (const r of rows) rates.set(r.invoice_id, [...(rates.get(r.invoice_id) ?? []), { taxRateBp: r.tax_rate_bp, net: Number(r.net), tax: Number(r.tax) }]);
      }
      for (const d of invoices) docs.push({ date: d.issue_date, number: d.number, id: d.id, doc: { type: d.kind, taxBreakdown: rates.get(d.id) ?? [], gross: d.gross_total, cost: d.cost_total } });
      const pays = await db.selectFrom('payment').select(['id', 'number', 'kind', 'method', 'amount', 'paid_on']).where('paid_on', '>=', from).where('paid_on', '<=', to).execute();
      for (const p of pays) docs.push({ date: p.paid_on, number: p.number, id: p.id, doc: { type: p.kind, method: p.method, amount: p.amount } });
      const entries = await db
        .selectFrom('book_entry as e')
        .innerJoin('book_category as c', 'c.id', 'e.category_id')
        .select(['e.id', 'e.number', 'e.kind', 'e.method', 'e.amount', 'e.entry_date', 'c.code'])
        .where('e.entry_date', '>=', from)
        .where('e.entry_date', '<=', to)
        .execute();
      for (const e of entries) docs.push({ date: e.entry_date, number: e.number, id: e.id, doc: { type: e.kind, method: e.method, category: e.code, amount: e.amount } });
      const purchases = await db.selectFrom('purchase_line').select(['id', 'quantity', 'unit_cost', 'supplier', 'reference', 'received_on']).where('received_on', '>=', from).where('received_on', '<=', to).execute();
      for (const p of purchases) {
        const name = ['purchase', p.supplier, p.reference].filter(Boolean).join(' ');
        docs.push({ date: p.received_on, number: name, id: p.id, doc: { type: 'purchase', amount: p.quantity * p.unit_cost } });
      }
      docs.push(...(await purchasingJournalDocs(db, from, to)));
      docs.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));
      return {
        header: ['date', 'document', 'document_id', 'type', 'account', 'debit', 'credit', 'memo'],
        rows: docs.flatMap((d) => journalLines(d.doc, accounts).map((l) => [d.date, d.number, d.id, d.doc.type, l.account, money(l.debit), money(l.credit), l.memo])),
      };
    }
    case 'tax_summary': {
      const report = await salesReport(db, { dateFrom: from, dateTo: to, period: 'month' });
      return {
        header: ['month', 'tax_rate_percent', 'invoiced_net', 'invoiced_tax', 'credited_net', 'credited_tax', 'net', 'tax', 'gross'],
        rows: report.rows.map((r) => [r.period, percent(r.taxRateBp), money(r.invoicedNet), money(r.invoicedTax), money(-r.creditedNet), money(-r.creditedTax), money(r.net), money(r.tax), money(r.gross)]),
      };
    }
  }
}

export const reportsHandlers = {
  'exports.configureAccounts': async (ctx, input) => {
    const current = await readAccounts(ctx.db);
    const { methods, categories, ...roles } = input;
    const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    const nextCategories: Record<string, string> = { ...current.categories };
    for (const [k, v] of Object.entries(categories ?? {})) {
      if (v === null) delete nextCategories[k];
      else nextCategories[k] = v;
    }
    const next: AccountMap = { ...current, ...defined(roles), methods: { ...current.methods, ...defined(methods ?? {}) }, categories: nextCategories };
    await writeAccounts(ctx, next);
    return accountsDto(next);
  },
  'reports.sales': (ctx, input) => salesReport(ctx.db, input),
  'reports.receivables': (ctx, input) => receivablesReport(ctx.db, input.asOf ?? today(ctx.now)),
  'reports.profit': (ctx, input) => profitReport(ctx.db, input),
  'reports.payments': (ctx, input) => paymentsReport(ctx.db, input),
  'reports.salesBy': (ctx, input) => salesByReport(ctx.db, input),
  'reports.stockValuation': (ctx, input) => stockValuation(ctx.db, input.asOf ?? today(ctx.now), input.warehouseId),
  'exports.csv': async (ctx, input) => {
    checkRange(input.dateFrom, input.dateTo);
    const { currency } = await readSettings(ctx.db);
    const { header, rows } = await csvRows(ctx.db, input.dataset, input.dateFrom, input.dateTo, currency);
    return { filename: `${input.dataset}_${input.dateFrom}_${input.dateTo}.csv`, mediaType: 'text/csv; charset=utf-8', rows: rows.length, content: toCsv(header, rows) };
  },
  'exports.ubl': async (ctx, input) => {
    const doc = await loadInvoice(ctx.db, input.id, today(ctx.now));
    const seller = await readSeller(ctx.db);
    if (!seller.address) throw conflict('Set the seller address (invoices.configureSeller) before making e-invoices', { missing: 'address' }, 'id');
    if (!seller.taxId) throw conflict('Set the seller tax id (invoices.configureSeller) before making e-invoices', { missing: 'taxId' }, 'id');
    if (!doc.billingAddress) throw conflict(`Customer ${doc.customerName} has no billing address; an e-invoice needs the buyer's country`, { missing: 'billingAddress' }, 'id');
    const preceding = doc.creditedInvoiceId ? await loadInvoice(ctx.db, doc.creditedInvoiceId, today(ctx.now)) : null;
    const xml = buildUbl({
      kind: doc.kind,
      number: doc.number,
      issueDate: doc.issueDate,
      dueDate: doc.dueDate,
      currency: doc.currency,
      orderNumber: doc.orderNumber,
      note: doc.reason,
      precedingInvoice: preceding ? { number: preceding.number, issueDate: preceding.issueDate } : null,
      seller: { name: seller.name, taxId: seller.taxId, address: seller.address, iban: seller.iban, email: seller.email },
      buyer: { name: doc.customerName, taxId: doc.customerTaxId, address: doc.billingAddress },
      lines: doc.lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, name: l.name, unit: l.unit, quantity: l.quantity, net: l.net, taxRateBp: l.taxRateBp })),
      taxBreakdown: doc.taxBreakdown,
      net: doc.netTotal,
      tax: doc.taxTotal,
      gross: doc.grossTotal,
    });
    return { filename: `${doc.number}.xml`, mediaType: 'application/xml', xml };
  },
} satisfies Pick<Handlers, 'reports.sales' | 'reports.receivables' | 'reports.profit' | 'reports.payments' | 'reports.salesBy' | 'reports.stockValuation' | 'exports.csv' | 'exports.ubl' | 'exports.configureAccounts'>;
