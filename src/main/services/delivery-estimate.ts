import { invalid, notFound } from '../../shared/errors.ts';
import { destinationOf, quoteOrderFee } from '../../shared/order-fee.ts';
import { computeOrderTotals, type OrderTotals, type TaxRounding } from '../../shared/order-totals.ts';
import type { FeeRule } from '../../shared/shipping-fee.ts';
import type { Handlers, ReadDb } from './context.ts';
import { getCustomerRow } from './customers.ts';
import { getMethodRow } from './delivery-fee.ts';
import { getOrderRow, shippingFeeOf } from './order-records.ts';
import { readSettings } from './settings.ts';

// The shipping fee of an order while it is being entered, before anything is saved. It prices the
// lines as orders.create / orders.update would (catalog price unless one is typed, the order's or
// the ledger's price basis and tax rounding), then goes through quoteOrderFee like the saved order
// does (delivery-fee.ts), so the estimate and the fee stored on save are the same number.

type Basis = { pricesIncludeTax: boolean; taxRounding: TaxRounding; currency: string; shipTo: string | null; feeInTotals: number | null };

/** Address, price basis and tax rounding: the saved draft's when editing one, else the ledger's and the customer's. */
async function basisOf(db: ReadDb, orderId: string | undefined, customerId: string | undefined): Promise<Basis> {
  if (orderId) {
    const o = await getOrderRow(db, orderId, 'orderId');
    // orders.update rewrites the lines with the stored fee in the totals before it re-quotes; with
    // tax rounded per document that fee takes part in the goods' tax, so it does here too.
    return { pricesIncludeTax: o.prices_include_tax === 1, taxRounding: o.tax_rounding, currency: o.currency, shipTo: o.ship_to, feeInTotals: await shippingFeeOf(db, o.id) };
  }
  const settings = await readSettings(db);
  const customer = customerId ? await getCustomerRow(db, customerId) : null;
  return { pricesIncludeTax: settings.pricesIncludeTax, taxRounding: settings.taxRounding, currency: settings.currency, shipTo: customer?.shipping_address ?? null, feeInTotals: null };
}

export const deliveryEstimateHandlers = {
  'delivery.estimate': async (ctx, input) => {
    const method = await getMethodRow(ctx.db, input.deliveryMethodId);
    if (method.active !== 1) throw invalid('deliveryMethodId', `Delivery method ${method.code} is inactive`);
    const basis = await basisOf(ctx.db, input.orderId, input.customerId);
    const products: { sku: string; price: number; active: number; weight_grams: number | null; rate_bp: number }[] = [];
    for (const [i, l] of input.lines.entries()) {
      const p = await ctx.db
        .selectFrom('product')
        .innerJoin('tax_rate', 'tax_rate.id', 'product.tax_rate_id')
        .select(['product.sku', 'product.price', 'product.active', 'product.weight_grams', 'tax_rate.rate_bp'])
        .where('product.id', '=', l.productId)
        .executeTakeFirst();
      if (!p) throw notFound('Product', `lines.${i}.productId`, l.productId);
      if (p.active !== 1) throw invalid(`lines.${i}.productId`, `Product ${p.sku} is inactive`);
      products.push(p);
    }
    let totals: OrderTotals;
    try {
      totals = computeOrderTotals({
        lines: input.lines.map((l, i) => ({ quantity: l.quantity, unitPrice: l.unitPrice ?? products[i]!.price, discountBp: l.discountBp, taxRateBp: products[i]!.rate_bp })),
        orderDiscount: input.orderDiscount,
        pricesIncludeTax: basis.pricesIncludeTax,
        taxRounding: basis.taxRounding,
        shippingFee: basis.feeInTotals,
      });
    } catch (e) {
      throw invalid('orderDiscount', (e as Error).message);
    }
    const goods = input.lines.map((l, i) => ({ sku: products[i]!.sku, quantity: l.quantity, gross: totals.lines[i]!.gross, unitWeightGrams: products[i]!.weight_grams }));
    const shipTo = input.shipTo !== undefined ? input.shipTo : basis.shipTo ? (JSON.parse(basis.shipTo) as { country?: string; region?: string | null }) : null;
    const q = quoteOrderFee(method.kind, JSON.parse(method.fee_rule) as FeeRule, goods, destinationOf(shipTo));
    return { fee: q.fee, currency: basis.currency, zone: q.zone, weightGrams: q.weightGrams, unweighedSkus: [...q.unweighedSkus], steps: [...q.steps], destination: q.destination };
  },
} satisfies Pick<Handlers, 'delivery.estimate'>;
