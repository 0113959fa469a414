import type { z } from 'zod';
import type { supplier, supplierProduct } from '../../shared/contract/purchasing.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { SupplierProductTable, SupplierTable } from '../db/schema-purchasing.ts';
import { getProductRow } from './catalog.ts';
import type { Handlers, ReadDb } from './context.ts';
import { columnsContain } from './paging.ts';
import { readSettings } from './settings.ts';

type SupplierDto = z.infer<typeof supplier>;
type SupplierProductDto = z.infer<typeof supplierProduct>;

export const toSupplier = (s: SupplierTable): SupplierDto => ({
  id: s.id,
  code: s.code,
  name: s.name,
  contactName: s.contact_name,
  email: s.email,
  phone: s.phone,
  address: s.address ? (JSON.parse(s.address) as SupplierDto['address']) : null,
  currency: s.currency,
  paymentTermsDays: s.payment_terms_days,
  leadTimeDays: s.lead_time_days,
  notes: s.notes,
  active: s.active === 1,
});

export async function getSupplierRow(db: ReadDb, id: string, field = 'supplierId'): Promise<SupplierTable> {
  const row = await db.selectFrom('supplier').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Supplier', field, id);
  return row;
}

async function loadSupplierProducts(db: ReadDb, filter: { supplierId?: string | undefined; productId?: string | undefined; id?: string }): Promise<SupplierProductDto[]> {
  let q = db
    .selectFrom('supplier_product as sp')
    .innerJoin('supplier as s', 's.id', 'sp.supplier_id')
    .innerJoin('product as p', 'p.id', 'sp.product_id')
    .selectAll('sp')
    .select(['s.code as supplier_code', 'p.sku']);
  if (filter.supplierId) q = q.where('sp.supplier_id', '=', filter.supplierId);
  if (filter.productId) q = q.where('sp.product_id', '=', filter.productId);
  if (filter.id) q = q.where('sp.id', '=', filter.id);
  const rows = await q.orderBy('p.sku').orderBy('s.code').execute();
  return rows.map((r: SupplierProductTable & { supplier_code: string; sku: string }) => ({
    id: r.id,
    supplierId: r.supplier_id,
    supplierCode: r.supplier_code,
    productId: r.product_id,
    sku: r.sku,
    supplierSku: r.supplier_sku,
    lastPrice: r.last_price,
    minOrderQty: r.min_order_qty,
    packSize: r.pack_size,
    preferred: r.preferred === 1,
  }));
}

export const suppliersHandlers = {
  'suppliers.create': async (ctx, input) => {
    const taken = await ctx.db.selectFrom('supplier').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) throw conflict(`There is already a supplier ${input.code}`, { code: input.code }, 'code');
    const row: SupplierTable = {
      id: newId(),
      code: input.code,
      name: input.name,
      contact_name: input.contactName,
      email: input.email,
      phone: input.phone,
      address: input.address ? JSON.stringify(input.address) : null,
      currency: input.currency ?? (await readSettings(ctx.db)).currency,
      payment_terms_days: input.paymentTermsDays,
      lead_time_days: input.leadTimeDays,
      notes: input.notes,
      active: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('supplier', row);
    return toSupplier(row);
  },
  'suppliers.update': async (ctx, input) => {
    const current = await getSupplierRow(ctx.db, input.id, 'id');
    const patch: Partial<SupplierTable> = {
      name: input.name,
      contact_name: input.contactName,
      email: input.email,
      phone: input.phone,
      address: input.address === undefined ? undefined : input.address ? JSON.stringify(input.address) : null,
      payment_terms_days: input.paymentTermsDays,
      lead_time_days: input.leadTimeDays,
      notes: input.notes,
      active: input.active === undefined ? undefined : input.active ? 1 : 0,
    };
    const changed = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && v !== current[k as keyof SupplierTable]));
    if (Object.keys(changed).length > 0) await ctx.tx.update('supplier', current.id, { ...changed, updated_at: ctx.now });
    return toSupplier(await getSupplierRow(ctx.db, current.id, 'id'));
  },
  'suppliers.get': async (ctx, input) => toSupplier(await getSupplierRow(ctx.db, input.id, 'id')),
  'suppliers.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('supplier').selectAll();
    if (!input.includeInactive) q = q.where('active', '=', 1);
    if (input.search) q = q.where(columnsContain('supplier', ['code', 'name'], input.search.toLowerCase()));
    return { items: (await q.orderBy('code').limit(1000).execute()).map(toSupplier) };
  },
  'supplierProducts.set': async (ctx, input) => {
    await getSupplierRow(ctx.db, input.supplierId);
    await getProductRow(ctx.db, input.productId);
    const existing = await ctx.db.selectFrom('supplier_product').selectAll().where('supplier_id', '=', input.supplierId).where('product_id', '=', input.productId).executeTakeFirst();
    if (input.preferred) {
      // One preferred supplier per product: choosing this one un-prefers the other.
      const other = await ctx.db.selectFrom('supplier_product').select('id').where('product_id', '=', input.productId).where('preferred', '=', 1).where('supplier_id', '!=', input.supplierId).executeTakeFirst();
      if (other) await ctx.tx.update('supplier_product', other.id, { preferred: 0, updated_at: ctx.now });
    }
    const values = {
      supplier_sku: input.supplierSku,
      last_price: input.lastPrice === undefined ? (existing?.last_price ?? null) : input.lastPrice,
      min_order_qty: input.minOrderQty,
      pack_size: input.packSize,
      preferred: input.preferred ? 1 : 0,
      updated_at: ctx.now,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await ctx.tx.update('supplier_product', id, values);
    } else {
      id = newId();
      await ctx.tx.insert('supplier_product', { id, supplier_id: input.supplierId, product_id: input.productId, ...values });
    }
    return (await loadSupplierProducts(ctx.db, { id }))[0]!;
  },
  'supplierProducts.list': async (ctx, input) => ({ items: await loadSupplierProducts(ctx.db, input) }),
} satisfies Pick<Handlers, 'suppliers.create' | 'suppliers.update' | 'suppliers.get' | 'suppliers.list' | 'supplierProducts.set' | 'supplierProducts.list'>;
