import type { z } from 'zod';
import { classifyBarcode } from '../../shared/barcode.ts';
import type { product, taxRate, warehouse } from '../../shared/contract/catalog.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { ProductTable, TaxRateTable, WarehouseTable } from '../db/schema.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { decodeCursor, encodeCursor, textSearch } from './paging.ts';
import { readSettings } from './settings.ts';

type ProductDto = z.infer<typeof product>;

const toTaxRate = (r: TaxRateTable): z.infer<typeof taxRate> => ({
  id: r.id,
  code: r.code,
  name: r.name,
  rateBp: r.rate_bp,
  active: r.active === 1,
});

const toWarehouse = (r: WarehouseTable): z.infer<typeof warehouse> => ({
  id: r.id,
  code: r.code,
  name: r.name,
  address: r.address ? JSON.parse(r.address) : null,
  active: r.active === 1,
});

export async function getProductRow(db: ReadDb, id: string, field = 'productId'): Promise<ProductTable> {
  const row = await db.selectFrom('product').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Product', field, id);
  return row;
}

// Every new order reads its warehouse: compiled once (db/prepared.ts).
const warehouseRow = preparedQuery((db, p: { id: string }) => db.selectFrom('warehouse').selectAll().where('id', '=', p.id));

export async function getWarehouseRow(db: ReadDb, id: string, field = 'warehouseId'): Promise<WarehouseTable> {
  const [row] = await warehouseRow(db, { id });
  if (!row) throw notFound('Warehouse', field, id);
  return row;
}

async function getTaxRateRow(db: ReadDb, id: string, field = 'taxRateId'): Promise<TaxRateTable> {
  const row = await db.selectFrom('tax_rate').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Tax rate', field, id);
  return row;
}

/** Loads products with their tax rate and barcodes in three queries, whatever the count. */
async function toProducts(db: ReadDb, rows: readonly ProductTable[]): Promise<ProductDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const barcodes = await db.selectFrom('product_barcode').select(['product_id', 'code', 'symbology']).where('product_id', 'in', ids).orderBy('code').execute();
  const rates = await db.selectFrom('tax_rate').select(['id', 'rate_bp']).where('id', 'in', [...new Set(rows.map((r) => r.tax_rate_id))]).execute();
  const rateById = new Map(rates.map((r) => [r.id, r.rate_bp]));
  return rows.map((r) => ({
    id: r.id,
    sku: r.sku,
    name: r.name,
    altName: r.alt_name,
    unit: r.unit,
    price: r.price,
    currency: r.currency,
    taxRateId: r.tax_rate_id,
    taxRateBp: rateById.get(r.tax_rate_id) ?? 0,
    weightGrams: r.weight_grams,
    allowBackorder: r.allow_backorder === 1,
    active: r.active === 1,
    barcodes: barcodes
      .filter((b) => b.product_id === r.id)
      .map((b) => ({ code: b.code, symbology: b.symbology as ProductDto['barcodes'][number]['symbology'] })),
    updatedAt: r.updated_at,
  }));
}

async function productById(db: ReadDb, id: string): Promise<ProductDto> {
  const [dto] = await toProducts(db, [await getProductRow(db, id, 'id')]);
  return dto!;
}

/** Replaces a product's barcodes; each is validated (GTIN check digits) and must be unused. */
async function setBarcodes(ctx: WriteContext, productId: string, codes: readonly string[]): Promise<void> {
  const seen = new Set<string>();
  const checked = codes.map((code, i) => {
    const c = classifyBarcode(code);
    if (!c.ok) throw invalid(`barcodes.${i}`, c.reason);
    if (seen.has(code)) throw invalid(`barcodes.${i}`, `Barcode ${code} is listed twice`);
    seen.add(code);
    return { code, symbology: c.symbology };
  });
  const existing = await ctx.db.selectFrom('product_barcode').select(['id', 'code', 'product_id']).where((eb) => eb.or([eb('product_id', '=', productId), eb('code', 'in', checked.length ? checked.map((c) => c.code) : [''])])).execute();
  for (const [i, c] of checked.entries()) {
    const owner = existing.find((e) => e.code === c.code && e.product_id !== productId);
    if (owner) throw conflict(`Barcode ${c.code} already belongs to another product`, { productId: owner.product_id }, `barcodes.${i}`);
  }
  for (const e of existing) {
    if (e.product_id === productId && !seen.has(e.code)) await ctx.tx.delete('product_barcode', e.id);
  }
  for (const c of checked) {
    if (existing.some((e) => e.code === c.code)) continue;
    await ctx.tx.insert('product_barcode', { id: newId(), product_id: productId, code: c.code, symbology: c.symbology });
  }
}

async function requireUniqueSku(db: ReadDb, sku: string, exceptId?: string): Promise<void> {
  const row = await db.selectFrom('product').select('id').where('sku', '=', sku).executeTakeFirst();
  if (row && row.id !== exceptId) throw conflict(`SKU ${sku} is already used by another product`, { productId: row.id }, 'sku');
}

export const catalogHandlers = {
  'taxRates.list': async (ctx) => ({
    items: (await ctx.db.selectFrom('tax_rate').selectAll().orderBy('rate_bp').orderBy('code').execute()).map(toTaxRate),
  }),
  'taxRates.create': async (ctx, input) => {
    const row = { id: newId(), code: input.code, name: input.name, rate_bp: input.rateBp, active: 1, created_at: ctx.now, updated_at: ctx.now };
    await ctx.tx.insert('tax_rate', row);
    return toTaxRate(row);
  },
  'taxRates.update': async (ctx, input) => {
    const row = await getTaxRateRow(ctx.db, input.id, 'id');
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('tax_rate', row.id, patch);
    return toTaxRate({ ...row, ...patch });
  },

  'warehouses.list': async (ctx) => ({
    items: (await ctx.db.selectFrom('warehouse').selectAll().orderBy('code').execute()).map(toWarehouse),
  }),
  'warehouses.create': async (ctx, input) => {
    const row = {
      id: newId(),
      code: input.code,
      name: input.name,
      address: input.address ? JSON.stringify(input.address) : null,
      active: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('warehouse', row);
    return toWarehouse(row);
  },
  'warehouses.update': async (ctx, input) => {
    const row = await getWarehouseRow(ctx.db, input.id, 'id');
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.address !== undefined && { address: input.address ? JSON.stringify(input.address) : null }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('warehouse', row.id, patch);
    return toWarehouse({ ...row, ...patch });
  },

  'products.list': async (ctx, input) => {
    const after = input.cursor ? decodeCursor(input.cursor, 1)[0] : undefined;
    let q = ctx.db.selectFrom('product').selectAll('product');
    if (!input.includeInactive) q = q.where('product.active', '=', 1);
    if (after !== undefined) q = q.where('product.sku', '>', String(after));
    if (input.search) {
      const term = input.search;
      q = q.where((eb) =>
        eb.or([
          eb('product.id', 'in', eb.selectFrom('product_barcode').select('product_id').where('code', '=', term)),
          textSearch('product', 'product_fts', ['sku', 'name', 'alt_name'], term),
        ]),
      );
    }
    const rows = await q.orderBy('product.sku').limit(input.limit + 1).execute();
    const items = await toProducts(ctx.db, rows.slice(0, input.limit));
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.sku]) : null };
  },
  'products.get': async (ctx, input) => {
    if (input.id !== undefined) return productById(ctx.db, input.id);
    if (input.sku !== undefined) {
      const row = await ctx.db.selectFrom('product').select('id').where('sku', '=', input.sku).executeTakeFirst();
      if (!row) throw notFound('Product with SKU', 'sku', input.sku);
      return productById(ctx.db, row.id);
    }
    const code = input.barcode ?? '';
    const row = await ctx.db.selectFrom('product_barcode').select('product_id').where('code', '=', code).executeTakeFirst();
    if (!row) throw notFound('Product with barcode', 'barcode', code);
    return productById(ctx.db, row.product_id);
  },
  'products.create': async (ctx, input) => {
    await requireUniqueSku(ctx.db, input.sku);
    await getTaxRateRow(ctx.db, input.taxRateId);
    const { currency } = await readSettings(ctx.db);
    const id = newId();
    await ctx.tx.insert('product', {
      id,
      sku: input.sku,
      name: input.name,
      alt_name: input.altName,
      unit: input.unit,
      price: input.price,
      currency,
      tax_rate_id: input.taxRateId,
      weight_grams: input.weightGrams,
      allow_backorder: input.allowBackorder ? 1 : 0,
      active: input.active ? 1 : 0,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    await setBarcodes(ctx, id, input.barcodes);
    return productById(ctx.db, id);
  },
  'products.update': async (ctx, input) => {
    const row = await getProductRow(ctx.db, input.id, 'id');
    if (input.sku !== undefined && input.sku !== row.sku) await requireUniqueSku(ctx.db, input.sku, row.id);
    if (input.taxRateId !== undefined) await getTaxRateRow(ctx.db, input.taxRateId);
    const patch = {
      ...(input.sku !== undefined && { sku: input.sku }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.altName !== undefined && { alt_name: input.altName || null }),
      ...(input.unit !== undefined && { unit: input.unit }),
      ...(input.price !== undefined && { price: input.price }),
      ...(input.taxRateId !== undefined && { tax_rate_id: input.taxRateId }),
      ...(input.weightGrams !== undefined && { weight_grams: input.weightGrams }),
      ...(input.allowBackorder !== undefined && { allow_backorder: input.allowBackorder ? 1 : 0 }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('product', row.id, patch);
    if (input.barcodes !== undefined) await setBarcodes(ctx, row.id, input.barcodes);
    return productById(ctx.db, row.id);
  },
} satisfies Pick<
  Handlers,
  | 'taxRates.list'
  | 'taxRates.create'
  | 'taxRates.update'
  | 'warehouses.list'
  | 'warehouses.create'
  | 'warehouses.update'
  | 'products.list'
  | 'products.get'
  | 'products.create'
  | 'products.update'
>;
