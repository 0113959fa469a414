// A writer in its own process for the backup tests: creates and confirms orders (and receives
// stock now and then) flat out on the ledger given, until a line arrives on stdin. Prints READY
// after its first commit and, at the end, DONE <orders confirmed>.
import { createInterface } from 'node:readline';
import { openApp } from '../../src/main/app.ts';
import type { LedgerKey } from '../../src/main/db/cipher.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';

const [file, keyHex] = process.argv.slice(2);
if (!file) throw new Error('usage: writer.ts <ledger> [raw key hex]');
const key: LedgerKey | undefined = keyHex ? { kind: 'raw', key: Buffer.from(keyHex, 'hex') } : undefined;
const app = await openApp({ file, ...(key ? { key } : {}) });
const call = app.dispatcher.call.bind(app.dispatcher);

let stop = false;
const stdin = createInterface({ input: process.stdin });
stdin.once('line', () => {
  stop = true;
});

const products = (await call('products.list', { limit: 50 }, LOCAL_OWNER)).items;
const warehouse = (await call('warehouses.list', {}, LOCAL_OWNER)).items[0]!;
const customer = (await call('customers.list', { limit: 1 }, LOCAL_OWNER)).items[0]!;
let confirmed = 0;
for (let i = 0; !stop; i++) {
  if (i % 10 === 0) {
    await call('stock.receive', { warehouseId: warehouse.id, reason: 'writer', lines: products.map((p) => ({ productId: p.id, quantity: 20 })) }, LOCAL_OWNER);
  }
  const order = await call(
    'orders.create',
    { customerId: customer.id, warehouseId: warehouse.id, channel: 'pos', lines: [{ productId: products[i % products.length]!.id, quantity: 1 }] },
    LOCAL_OWNER,
  );
  await call('orders.confirm', { id: order.id }, LOCAL_OWNER);
  confirmed++;
  if (i === 0) process.stdout.write('READY\n');
  // Let the stdin line in now and then; the loop is otherwise all awaits on synchronous SQLite.
  if (i % 20 === 0) await new Promise((r) => setImmediate(r));
}
await app.close();
stdin.close();
process.stdin.destroy();
process.stdout.write(`DONE ${confirmed}\n`);
