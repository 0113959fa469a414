// Invoicing crash worker: issues invoices, credit notes and payments through the dispatcher, one
// after another, until it is SIGKILLed. Run: `node --import tsx tests/crash/invoice-worker.ts LEDGER`.
// Prints `READY` once the ledger is open and `ACK <number>` after each document committed.
import { openApp } from '../../src/main/app.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';

const file = process.argv[2]!;
const app = await openApp({ file });
const call = app.dispatcher.call;
// The teapot allows backorder, so orders never run out of stock.
const product = await call('products.get', { sku: 'POT-003' }, LOCAL_OWNER);
const warehouse = (await call('warehouses.list', {}, LOCAL_OWNER)).items[0]!;
const customer = (await call('customers.list', { limit: 1 }, LOCAL_OWNER)).items[0]!;
process.stdout.write('READY\n');
for (let i = 0; ; i++) {
  const o = await call('orders.create', { customerId: customer.id, warehouseId: warehouse.id, lines: [{ productId: product.id, quantity: 1 + (i % 3) }] }, LOCAL_OWNER);
  await call('orders.confirm', { id: o.id }, LOCAL_OWNER);
  const inv = await call('invoices.issue', { orderId: o.id }, LOCAL_OWNER);
  process.stdout.write(`ACK ${inv.number}\n`);
  if (i % 2 === 0) {
    const cn = await call('invoices.credit', { invoiceId: inv.id, reason: 'crash test', lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] }, LOCAL_OWNER);
    process.stdout.write(`ACK ${cn.number}\n`);
  }
  const pay = await call('payments.record', { customerId: customer.id, method: 'cash', amount: 1 + (i % 500) }, LOCAL_OWNER);
  process.stdout.write(`ACK ${pay.number}\n`);
}
