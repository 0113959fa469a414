// A crash-test worker: a real station process that does random business operations through the
// dispatcher until the harness SIGKILLs it. Run: `echo GO | node --import tsx tests/crash/worker.ts LEDGER SEED`.
//
// Protocol (stdout, one line each):
//   READY                          modules are loaded; waiting for `GO` on stdin
//   ACK <op> <id> <seq> <claim>    <op> COMMITTED (the dispatcher promise resolved); <id> is what it
//                                  created or changed, <seq> its journal entry, <claim> what the
//                                  harness may assert about it afterwards ('-' when nothing more)
//   ERR <code> <op>                an expected business refusal (insufficient_stock, conflict)
//   FAIL <op> <message>            anything else: the worker exits with status 2
//
// The worker waits for GO before touching the ledger, so the harness may start it (and pay for
// TypeScript loading) while it is still checking the ledger the previous worker left behind.
import { pathToFileURL } from 'node:url';
import { openApp, type App } from '../../src/main/app.ts';
import type { OpInput, OpName, OpResult } from '../../src/shared/contract/index.ts';
import { isAppError } from '../../src/shared/errors.ts';
import type { OrderStatus } from '../../src/shared/order-state.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';
import { seededRandom } from '../../src/shared/seeded-random.ts';

/** Seedable, so a failing cycle replays; the harness uses it too. */
export const prng = seededRandom;

/** Business refusals the random mix is expected to provoke; everything else is a finding. */
const EXPECTED_ERRORS = new Set(['insufficient_stock', 'conflict']);

/** What one step reports on success: the record it made or changed and what it claims about it. */
type Ack = { readonly id: string; readonly claim: string };

type Step = { readonly weight: number; readonly op: OpName; readonly run: () => Promise<Ack | null> };

async function waitForGo(): Promise<void> {
  let buffered = '';
  for await (const chunk of process.stdin) {
    buffered += String(chunk);
    if (buffered.split('\n').some((l) => l.trim() === 'GO')) {
      // Stop reading so stdin does not keep the loop busy; the process never ends on its own.
      process.stdin.pause();
      return;
    }
  }
  // The harness went away before saying GO: nothing to do.
  process.exit(0);
}

async function run(file: string, seed: number): Promise<never> {
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const some = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };

  process.stdout.write('READY\n');
  await waitForGo();

  const app: App = await openApp({ file });
  const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);
  // Only this process writes while it runs, so the newest journal entry right after a write
  // resolved is that write's entry.
  const lastSeq = app.ledger.raw.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM journal');

  const products = (await call('products.list', { limit: 100 })).items;
  const warehouses = (await call('warehouses.list', {})).items;
  if (products.length === 0 || warehouses.length === 0) throw new Error('the ledger has no products or warehouses; the harness prepares them');

  // Most orders go to a few regular customers, so there are orders to merge.
  const someCustomer = async () => {
    const customers = (await call('customers.list', { limit: 20 })).items;
    return rand() < 0.7 ? customers[0]! : pick(customers);
  };
  const someOrder = async (status: OrderStatus[]) => {
    const items = (await call('orders.list', { status, limit: 20 })).items;
    return items.length ? pick(items) : null;
  };
  const transition = (op: 'orders.confirm' | 'orders.startPicking' | 'orders.pack' | 'orders.deliver' | 'orders.complete', from: OrderStatus[]) => async () => {
    const o = await someOrder(from);
    if (!o) return null;
    const after = await call(op, { id: o.id });
    return { id: after.id, claim: after.status };
  };

  const steps: Step[] = [
    {
      weight: 22,
      op: 'orders.create',
      run: async () => {
        const customer = await someCustomer();
        const chosen = some(products, int(1, 3));
        const o = await call('orders.create', {
          customerId: customer.id,
          warehouseId: pick(warehouses).id,
          lines: chosen.map((p) => ({ productId: p.id, quantity: int(1, 6), discountBp: rand() < 0.2 ? int(1, 1500) : 0 })),
          orderDiscount: rand() < 0.1 ? int(1, 500) : 0,
        });
        return { id: o.id, claim: o.status };
      },
    },
    { weight: 16, op: 'orders.confirm', run: transition('orders.confirm', ['draft']) },
    { weight: 4, op: 'orders.startPicking', run: transition('orders.startPicking', ['approved', 'partially_shipped']) },
    { weight: 3, op: 'orders.pack', run: transition('orders.pack', ['picking']) },
    {
      weight: 10,
      op: 'orders.ship',
      run: async () => {
        const summary = await someOrder(['approved', 'picking', 'packed', 'partially_shipped']);
        if (!summary) return null;
        const o = await call('orders.get', { id: summary.id });
        const open = o.lines.filter((l) => l.quantity > l.shippedQty);
        if (open.length === 0) return null;
        let lines: { lineId: string; quantity: number }[] | undefined;
        if (rand() < 0.5) {
          const l = pick(open);
          lines = [{ lineId: l.id, quantity: int(1, l.quantity - l.shippedQty) }];
        }
        const after = await call('orders.ship', { id: o.id, ...(lines && { lines }) });
        return { id: after.id, claim: after.status };
      },
    },
    { weight: 2, op: 'orders.deliver', run: transition('orders.deliver', ['shipped']) },
    { weight: 1, op: 'orders.complete', run: transition('orders.complete', ['delivered']) },
    {
      weight: 7,
      op: 'orders.cancel',
      run: async () => {
        const o = await someOrder(['draft', 'approved', 'picking', 'packed']);
        if (!o) return null;
        const after = await call('orders.cancel', { id: o.id, reason: 'crash test' });
        return { id: after.id, claim: after.status };
      },
    },
    {
      weight: 8,
      op: 'stock.receive',
      run: async () => {
        const chosen = some(products, int(1, 2));
        const r = await call('stock.receive', { warehouseId: pick(warehouses).id, lines: chosen.map((p) => ({ productId: p.id, quantity: int(5, 40) })), reason: 'delivery' });
        return { id: r.movements.map((m) => m.id).join(','), claim: 'receipt' };
      },
    },
    {
      weight: 6,
      op: 'stock.adjust',
      run: async () => {
        const delta = rand() < 0.5 ? -int(1, 3) : int(1, 5);
        const r = await call('stock.adjust', { warehouseId: pick(warehouses).id, productId: pick(products).id, delta, reason: 'count' });
        return { id: r.movement.id, claim: 'adjustment' };
      },
    },
    {
      weight: 4,
      op: 'customers.create',
      run: async () => {
        const n = int(1, 1_000_000);
        const c = await call('customers.create', { name: `Crash customer ${n}`, email: `c${n}@example.com` });
        return { id: c.id, claim: '-' };
      },
    },
    {
      weight: 4,
      op: 'products.update',
      run: async () => {
        const p = await call('products.update', { id: pick(products).id, price: int(100, 50_000) });
        return { id: p.id, claim: String(p.price) };
      },
    },
    {
      weight: 6,
      op: 'orders.split',
      run: async () => {
        const summary = await someOrder(['draft', 'approved']);
        if (!summary) return null;
        const o = await call('orders.get', { id: summary.id });
        const divisible = o.lines.filter((l) => l.quantity >= 2);
        let move: { lineId: string; quantity: number };
        if (divisible.length > 0 && (o.lines.length < 2 || rand() < 0.6)) {
          const l = pick(divisible);
          move = { lineId: l.id, quantity: int(1, l.quantity - 1) };
        } else if (o.lines.length >= 2) {
          const l = pick(o.lines);
          move = { lineId: l.id, quantity: l.quantity };
        } else {
          return null;
        }
        const r = await call('orders.split', { id: o.id, lines: [move] });
        return { id: r.created.id, claim: r.source.id };
      },
    },
    {
      weight: 6,
      op: 'orders.merge',
      run: async () => {
        const items = (await call('orders.list', { status: ['draft', 'approved'], limit: 50 })).items;
        const groups = new Map<string, string[]>();
        for (const o of items) {
          const key = `${o.customerId}/${o.warehouseId}`;
          groups.set(key, [...(groups.get(key) ?? []), o.id]);
        }
        const mergeable = [...groups.values()].filter((g) => g.length >= 2);
        if (mergeable.length === 0) return null;
        const group = pick(mergeable);
        const ids = group.slice(0, int(2, Math.min(3, group.length)));
        const merged = await call('orders.merge', { orderIds: ids });
        return { id: merged.id, claim: ids.join(',') };
      },
    },
  ];
  const total = steps.reduce((s, x) => s + x.weight, 0);

  for (;;) {
    let r = rand() * total;
    const step = steps.find((s) => (r -= s.weight) < 0) ?? steps[0]!;
    let ack: Ack | null;
    try {
      ack = await step.run();
    } catch (e) {
      if (isAppError(e) && EXPECTED_ERRORS.has(e.code)) {
        process.stdout.write(`ERR ${e.code} ${step.op}\n`);
        continue;
      }
      const message = isAppError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stdout.write(`FAIL ${step.op} ${message.replace(/\s+/g, ' ')}\n`);
      process.exit(2);
    }
    if (ack === null) continue;
    // Written only now, after the write resolved: a pipe write is synchronous on Linux, so a
    // line the harness reads is a promise about a transaction that has committed.
    process.stdout.write(`ACK ${step.op} ${ack.id} ${lastSeq.get()?.seq ?? 0} ${ack.claim}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, seed] = process.argv.slice(2);
  if (!file || seed === undefined || !Number.isFinite(Number(seed))) {
    process.stderr.write('usage: node --import tsx tests/crash/worker.ts LEDGER SEED (then GO on stdin)\n');
    process.exit(64);
  }
  await run(file, Number(seed));
}
