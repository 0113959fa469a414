import type { z } from 'zod';
import type { customer } from '../../shared/contract/customers.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { CustomerTable } from '../db/schema.ts';
import type { Handlers, ReadDb } from './context.ts';
import { decodeCursor, encodeCursor, textSearch } from './paging.ts';
import { NUMBER_SERIES, takeNumber } from './settings.ts';

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export const toCustomer = (r: CustomerTable): z.infer<typeof customer> => ({
  id: r.id,
  code: r.code,
  name: r.name,
  email: r.email,
  phone: r.phone,
  taxId: r.tax_id,
  billingAddress: r.billing_address ? JSON.parse(r.billing_address) : null,
  shippingAddress: r.shipping_address ? JSON.parse(r.shipping_address) : null,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

// Orders, invoices and payments each read their customer: compiled once (db/prepared.ts).
const customerRow = preparedQuery((db, p: { id: string }) => db.selectFrom('customer').selectAll().where('id', '=', p.id));

export async function getCustomerRow(db: ReadDb, id: string, field = 'customerId'): Promise<CustomerTable> {
  const [row] = await customerRow(db, { id });
  if (!row) throw notFound('Customer', field, id);
  return row;
}

export const customersHandlers = {
  'customers.list': async (ctx, input) => {
    const after = input.cursor ? decodeCursor(input.cursor, 2) : undefined;
    let q = ctx.db.selectFrom('customer').selectAll('customer');
    if (after) {
      const [name, id] = after.map(String) as [string, string];
      q = q.where((eb) => eb.or([eb('customer.name', '>', name), eb.and([eb('customer.name', '=', name), eb('customer.id', '>', id)])]));
    }
    if (input.search) q = q.where(textSearch('customer', 'customer_fts', ['code', 'name', 'email', 'phone'], input.search));
    const rows = await q.orderBy('customer.name').orderBy('customer.id').limit(input.limit + 1).execute();
    const items = rows.slice(0, input.limit).map(toCustomer);
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.name, last.id]) : null };
  },
  'customers.get': async (ctx, input) => toCustomer(await getCustomerRow(ctx.db, input.id, 'id')),
  'customers.create': async (ctx, input) => {
    if (input.code) {
      const taken = await ctx.db.selectFrom('customer').select('id').where('code', '=', input.code).executeTakeFirst();
      if (taken) throw conflict(`Customer code ${input.code} is already used`, { customerId: taken.id }, 'code');
    }
    const row: CustomerTable = {
      id: newId(),
      code: input.code ?? (await takeNumber(ctx, NUMBER_SERIES.customer)),
      name: input.name,
      email: input.email,
      phone: input.phone,
      tax_id: input.taxId,
      billing_address: json(input.billingAddress),
      shipping_address: json(input.shippingAddress),
      notes: input.notes,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('customer', row);
    return toCustomer(row);
  },
  'customers.update': async (ctx, input) => {
    const row = await getCustomerRow(ctx.db, input.id, 'id');
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.email !== undefined && { email: input.email }),
      ...(input.phone !== undefined && { phone: input.phone || null }),
      ...(input.taxId !== undefined && { tax_id: input.taxId || null }),
      ...(input.billingAddress !== undefined && { billing_address: json(input.billingAddress) }),
      ...(input.shippingAddress !== undefined && { shipping_address: json(input.shippingAddress) }),
      ...(input.notes !== undefined && { notes: input.notes || null }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('customer', row.id, patch);
    return toCustomer({ ...row, ...patch });
  },
} satisfies Pick<Handlers, 'customers.list' | 'customers.get' | 'customers.create' | 'customers.update'>;
