import { z } from 'zod';
import { address, code, id, isoTimestamp, optionalText, page, pageInput, searchText, text } from './common.ts';
import { op } from './define.ts';

export const customer = z.object({
  id,
  code: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  taxId: z.string().nullable(),
  billingAddress: address.nullable(),
  shippingAddress: address.nullable(),
  notes: z.string().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

const email = z.email().max(254).nullish().transform((v) => v ?? null);

export const customersContract = {
  'customers.list': op({
    kind: 'read',
    permission: 'customers.read',
    summary: 'List customers by name, optionally filtered by a search text (name, code, email, phone)',
    input: z.object({ search: searchText.optional(), ...pageInput }),
    output: page(customer),
  }),
  'customers.get': op({
    kind: 'read',
    permission: 'customers.read',
    summary: 'Get one customer',
    input: z.object({ id }),
    output: customer,
  }),
  'customers.create': op({
    kind: 'write',
    permission: 'customers.write',
    summary: 'Create a customer; the code is taken from the customer series when not given',
    input: z.object({
      code: code.optional(),
      name: text(200),
      email,
      phone: optionalText(40),
      taxId: optionalText(40),
      billingAddress: address.nullish().transform((v) => v ?? null),
      shippingAddress: address.nullish().transform((v) => v ?? null),
      notes: optionalText(2000),
    }),
    output: customer,
  }),
  'customers.update': op({
    kind: 'write',
    permission: 'customers.write',
    summary: 'Change a customer',
    input: z.object({
      id,
      name: text(200).optional(),
      email: z.email().max(254).nullable().optional(),
      phone: z.string().trim().max(40).nullable().optional(),
      taxId: z.string().trim().max(40).nullable().optional(),
      billingAddress: address.nullable().optional(),
      shippingAddress: address.nullable().optional(),
      notes: z.string().trim().max(2000).nullable().optional(),
    }),
    output: customer,
  }),
} as const;
