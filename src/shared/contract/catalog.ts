import { z } from 'zod';
import { address, amount, basisPoints, code, currency, id, isoTimestamp, optionalText, page, pageInput, searchText, sku, text } from './common.ts';
import { op } from './define.ts';

export const taxRate = z.object({
  id,
  code: z.string(),
  name: z.string(),
  rateBp: z.number().int(),
  active: z.boolean(),
});

export const warehouse = z.object({
  id,
  code: z.string(),
  name: z.string(),
  address: address.nullable(),
  active: z.boolean(),
});

export const barcode = z.object({ code: z.string(), symbology: z.enum(['ean13', 'upca', 'ean8', 'code128']) });

export const product = z.object({
  id,
  sku: z.string(),
  name: z.string(),
  altName: z.string().nullable(),
  unit: z.string(),
  price: z.number().int(),
  currency,
  taxRateId: id,
  taxRateBp: z.number().int(),
  weightGrams: z.number().int().nullable(),
  allowBackorder: z.boolean(),
  active: z.boolean(),
  barcodes: z.array(barcode),
  updatedAt: isoTimestamp,
});

const productFields = {
  sku,
  name: text(200),
  altName: optionalText(200),
  unit: text(16).default('pcs'),
  price: amount,
  taxRateId: id,
  weightGrams: z.number().int().min(0).max(10_000_000).nullish().transform((v) => v ?? null),
  allowBackorder: z.boolean().default(false),
  active: z.boolean().default(true),
  barcodes: z.array(z.string().max(48)).max(20).default([]),
};

export const catalogContract = {
  'taxRates.list': op({
    kind: 'read',
    permission: 'catalog.read',
    summary: 'List tax rates',
    input: z.object({}),
    output: z.object({ items: z.array(taxRate) }),
  }),
  'taxRates.create': op({
    kind: 'write',
    permission: 'catalog.write',
    summary: 'Create a tax rate',
    input: z.object({ code, name: text(100), rateBp: basisPoints }),
    output: taxRate,
  }),
  'taxRates.update': op({
    kind: 'write',
    permission: 'catalog.write',
    summary: 'Rename or deactivate a tax rate (its rate is fixed once created)',
    input: z.object({ id, name: text(100).optional(), active: z.boolean().optional() }),
    output: taxRate,
  }),
  'warehouses.list': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'List warehouses',
    input: z.object({}),
    output: z.object({ items: z.array(warehouse) }),
  }),
  'warehouses.create': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Create a warehouse',
    input: z.object({ code, name: text(200), address: address.nullish().transform((v) => v ?? null) }),
    output: warehouse,
  }),
  'warehouses.update': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Rename, move or deactivate a warehouse',
    input: z.object({ id, name: text(200).optional(), address: address.nullable().optional(), active: z.boolean().optional() }),
    output: warehouse,
  }),
  'products.list': op({
    kind: 'read',
    permission: 'catalog.read',
    summary: 'List products by SKU, optionally filtered by a search text (SKU, name, Chinese name, barcode)',
    input: z.object({ search: searchText.optional(), includeInactive: z.boolean().default(false), ...pageInput }),
    output: page(product),
  }),
  'products.get': op({
    kind: 'read',
    permission: 'catalog.read',
    summary: 'Get one product by id, SKU or barcode',
    input: z
      .object({ id: id.optional(), sku: z.string().max(64).optional(), barcode: z.string().max(48).optional() })
      .refine((v) => [v.id, v.sku, v.barcode].filter((x) => x !== undefined).length === 1, {
        message: 'give exactly one of id, sku or barcode',
        path: ['id'],
      }),
    output: product,
  }),
  'products.create': op({
    kind: 'write',
    permission: 'catalog.write',
    summary: 'Create a product',
    input: z.object(productFields),
    output: product,
  }),
  'products.update': op({
    kind: 'write',
    permission: 'catalog.write',
    summary: 'Change a product; barcodes, when given, replace the current set',
    input: z.object({
      id,
      sku: productFields.sku.optional(),
      name: productFields.name.optional(),
      altName: z.string().trim().max(200).nullable().optional(),
      unit: text(16).optional(),
      price: amount.optional(),
      taxRateId: id.optional(),
      weightGrams: z.number().int().min(0).max(10_000_000).nullable().optional(),
      allowBackorder: z.boolean().optional(),
      active: z.boolean().optional(),
      barcodes: z.array(z.string().max(48)).max(20).optional(),
    }),
    output: product,
  }),
} as const;
