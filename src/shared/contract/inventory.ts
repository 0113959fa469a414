import { z } from 'zod';
import { id, isoTimestamp, page, pageInput, quantity, signedQuantity, text } from './common.ts';
import { op } from './define.ts';

export const stockLevel = z.object({
  productId: id,
  sku: z.string(),
  productName: z.string(),
  warehouseId: id,
  warehouseCode: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  /** Ordered from suppliers on sent purchase orders, not yet received. */
  expected: z.number().int(),
});

export const MOVEMENT_KINDS = ['receipt', 'adjustment', 'reservation', 'release', 'shipment', 'transfer_out', 'transfer_in', 'return'] as const;

export const stockMovement = z.object({
  id,
  productId: id,
  warehouseId: id,
  kind: z.enum(MOVEMENT_KINDS),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  reason: z.string().nullable(),
  orderId: id.nullable(),
  at: isoTimestamp,
  actor: z.string(),
});

export const inventoryContract = {
  'stock.levels': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'Stock levels per product and warehouse (on hand, reserved, available, and expected from purchase orders)',
    input: z.object({
      productId: id.optional(),
      warehouseId: id.optional(),
      /** Only levels with available stock at or below this number. */
      availableAtMost: z.number().int().optional(),
      ...pageInput,
    }),
    output: page(stockLevel),
  }),
  'stock.movements': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'The movements of one product, newest first',
    input: z.object({ productId: id, warehouseId: id.optional(), ...pageInput }),
    output: page(stockMovement),
  }),
  'stock.receive': op({
    kind: 'write',
    permission: 'stock.receive',
    summary: 'Receive goods into a warehouse',
    input: z.object({
      warehouseId: id,
      lines: z.array(z.object({ productId: id, quantity })).min(1).max(1000),
      reason: text(200).optional(),
    }),
    output: z.object({ movements: z.array(stockMovement) }),
  }),
  'stock.adjust': op({
    kind: 'write',
    permission: 'stock.adjust',
    summary: 'Correct on-hand stock (count difference, damage, loss) with a reason',
    input: z.object({ warehouseId: id, productId: id, delta: signedQuantity, reason: text(200) }),
    output: z.object({ movement: stockMovement }),
  }),
} as const;
