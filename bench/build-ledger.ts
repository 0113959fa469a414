// Builds (once) and caches a realistic ledger of BENCH_ORDERS orders (default 1,000,000) for the
// benchmarks that need a big shop.
//
// Master data (settings, tax rates, warehouses, products, customers) goes through the dispatcher,
// so it is exactly what the app writes. A million orders through the dispatcher would take hours,
// so orders, their lines, status history, stock movements, levels and journal entries are written
// with prepared statements in large transactions, mirroring the services write for write: the
// same rows with the same columns, the same order of changes, one hash-chained journal entry per
// business operation, stock levels moved with every movement. `BENCH_VERIFY=1` runs the app's own
// `system.verify` over the result, which replays the journal against every row; that is how the
// mirroring is proven on a small build (verify on 1M orders is not required and takes long).
// Two shortcuts, both setup only: synchronous=OFF on the build's own connection, and the order
// search (FTS5) triggers suspended during the bulk and the index filled once at the end with
// exactly the content the triggers produce (then the triggers are recreated verbatim).
//
// The orders come from an event simulation over three years up to a fixed "now": each order is
// created, then confirmed (or sent to approval, or abandoned, or cancelled), picked, packed,
// shipped (sometimes in two parts), delivered and completed, with realistic delays. Events are
// applied in time order across all orders, so the journal, ids (UUIDv7 from the event time) and
// stock levels advance as they would in a real shop, and the recent orders are naturally spread
// over the early states of the state machine.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3-multiple-ciphers';
import { LEDGER_MIGRATIONS } from '../migrations/ledger/index.ts';
import { openApp, type App } from '../src/main/app.ts';
import { entryHash, type RowChange } from '../src/main/db/journal.ts';
import { openRawDatabase } from '../src/main/db/connection.ts';
import { migrateLedger } from '../src/main/db/migrator.ts';
import type { JournaledTable } from '../src/main/db/schema.ts';
import { totalsFor } from '../src/main/services/order-records.ts';
import { approvalReason } from '../src/shared/approval.ts';
import { gtinCheckDigit } from '../src/shared/barcode.ts';
import { fixedClock } from '../src/shared/clock.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import type { ApprovalRule } from '../src/shared/contract/settings.ts';
import { holdsReservation, nextStatus, type OrderEvent, type OrderStatus } from '../src/shared/order-state.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { seededRandom } from '../src/shared/seeded-random.ts';

/** Bump whenever the builder's output changes, so an older cached ledger is not reused. */
export const LEDGER_BUILD_VERSION = 'b1';
/**
 * The schema the cache key names. Later migrations are applied to a cached ledger on load, as
 * they would be to a shop's ledger, instead of rebuilding it (18 minutes for 1,000,000 orders).
 */
const BASE_SCHEMA = 1;

export const BENCH_DIR = fileURLToPath(new URL('../.bench/', import.meta.url));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** The ledger's "now": fixed, so every build of one version has the same shape. */
const END_MS = Date.UTC(2025, 10, 1);
const SPAN_MS = 3 * 365 * DAY;
const START_MS = END_MS - SPAN_MS;

const CUSTOMERS = 5000;
const TX_OPS = 20_000;
/** Orders at or above this gross total wait for approval (the approval rule of the shop). */
const APPROVAL_AT = 300_000;

export type BuiltLedger = {
  readonly file: string;
  readonly key: string;
  readonly orders: number;
  readonly cached: boolean;
  readonly buildSeconds: number;
  readonly fileMB: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly rows: Readonly<Record<string, number>>;
};

type Log = (line: string) => void;

export function benchOrders(): number {
  const n = Number(process.env.BENCH_ORDERS ?? 1_000_000);
  if (!Number.isInteger(n) || n < 100) throw new Error(`BENCH_ORDERS must be an integer of at least 100, got ${process.env.BENCH_ORDERS}`);
  return n;
}

let memo: Promise<BuiltLedger> | undefined;

/** The cached ledger for this builder version, schema version and size; built when missing. */
export function ensureLedger(log: Log): Promise<BuiltLedger> {
  memo ??= loadOrBuild(log);
  return memo;
}

type Meta = Omit<BuiltLedger, 'file' | 'cached'> & {
  /** version → hash of each migration the cached file has applied; absent: only the base. */
  readonly migrations?: Readonly<Record<string, string>>;
};

async function loadOrBuild(log: Log): Promise<BuiltLedger> {
  const orders = benchOrders();
  const key = `ledger-${LEDGER_BUILD_VERSION}-schema${BASE_SCHEMA}.${schemaHash(BASE_SCHEMA)}-${orders}`;
  const file = join(BENCH_DIR, `${key}.sqlite`);
  const metaFile = join(BENCH_DIR, `${key}.json`);
  if (process.env.BENCH_REBUILD !== '1' && existsSync(file) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    const applied = meta.migrations ?? { [BASE_SCHEMA]: migrationHashes()[BASE_SCHEMA]! };
    const edited = Object.entries(applied).filter(([v, hash]) => migrationHashes()[v] !== hash);
    if (edited.length === 0) {
      log(`ledger: cached ${key} (${meta.fileMB} MB), built earlier in ${meta.buildSeconds.toFixed(1)} s; skipping the build`);
      const migrated = migrateForward(file, log);
      if (migrated) writeFileSync(metaFile, `${JSON.stringify({ ...meta, migrations: migrationHashes() }, null, 2)}\n`);
      return { ...meta, file, cached: true };
    }
    log(`ledger: cached ${key} applied migration(s) ${edited.map(([v]) => v).join(', ')} as they were before being edited; rebuilding`);
  }

  mkdirSync(BENCH_DIR, { recursive: true });
  // Build under another name and rename at the end, so an interrupted build is never mistaken
  // for a finished one.
  const tmp = join(BENCH_DIR, `${key}.building.sqlite`);
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, file, `${file}-wal`, `${file}-shm`, metaFile]) rmSync(f, { force: true });
  log(`ledger: building ${key} (${orders.toLocaleString('en')} orders) ...`);
  const t0 = performance.now();
  const built = await buildLedger(tmp, orders, log);
  const buildSeconds = (performance.now() - t0) / 1000;
  renameSync(tmp, file);
  const meta: Meta = { key, orders, buildSeconds, fileMB: Math.round(statSync(file).size / 1e6), statuses: built.statuses, rows: built.rows, migrations: migrationHashes() };
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  log(`ledger: built ${key} in ${buildSeconds.toFixed(1)} s (${meta.fileMB} MB)`);
  return { ...meta, file, cached: false };
}

/** Applies migrations newer than the cached ledger; true when it applied any. */
function migrateForward(file: string, log: Log): boolean {
  const raw = openRawDatabase(file);
  try {
    const before = raw.pragma('user_version', { simple: true }) as number;
    const t0 = performance.now();
    migrateLedger(raw, { readonly: false });
    const after = raw.pragma('user_version', { simple: true }) as number;
    if (after !== before) log(`ledger: migrated the cached ledger from schema ${before} to ${after} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return after !== before;
  } finally {
    raw.close();
  }
}

const sha8 = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 8);

function migrationHashes(): Record<string, string> {
  return Object.fromEntries(LEDGER_MIGRATIONS.map((m) => [String(m.version), sha8(m.sql)]));
}

/**
 * The base schema's own text, hashed into the cache key: a migration edited in place (allowed
 * until it is released) changes the schema without changing user_version.
 */
function schemaHash(upTo: number): string {
  return sha8(
    LEDGER_MIGRATIONS.filter((m) => m.version <= upTo)
      .map((m) => m.sql)
      .join('\n'),
  );
}

// ---- deterministic randomness ------------------------------------------------------------

export type Rng = () => number;

/** Seeded, so a build's data is the same every time. */
export const makeRng: (seed: number) => Rng = seededRandom;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const between = (rng: Rng, lo: number, hi: number): number => lo + rng() * (hi - lo);

/** Samples indices with the given weights (cumulative table and binary search). */
function weightedSampler(weights: readonly number[], rng: Rng): () => number {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  return () => {
    const x = rng() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Popularity with a long tail, assigned to a shuffled order so it is unrelated to codes and SKUs. */
function zipfWeights(n: number, offset: number, s: number, rng: Rng): number[] {
  const rank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  return rank.map((r) => 1 / (r + offset) ** s);
}

/**
 * UUIDv7 ids for a given event time, strictly increasing like newId() in a running app (a
 * 42-bit counter within one millisecond, as RFC 9562 method 1). The other bits come from the
 * seeded generator: asking crypto for 16 random bytes per id cost more than the insert itself.
 */
function uuidV7Generator(rng: Rng): (ms: number) => string {
  let lastMs = -1;
  let counter = 0;
  const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
  return (ms) => {
    if (ms <= lastMs) counter++;
    else {
      lastMs = ms;
      counter = Math.floor(rng() * 2 ** 41);
    }
    const t = hex(lastMs, 12);
    const hi = Math.floor(counter / 2 ** 30); // 12 bits: rand_a
    const lo = counter % 2 ** 30; // 30 bits: the start of rand_b
    const tail = hex(lo & 0xffff, 4) + hex(Math.floor(rng() * 2 ** 32), 8);
    return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(hi, 3)}-${hex(0x8000 | (lo >>> 16), 4)}-${tail}`;
  };
}

// ---- master data, through the dispatcher -------------------------------------------------

type Category = { sku: string; tax: 'VAT9' | 'VAT13'; price: [number, number]; bases: [string, string][]; variants: [string, string][] };

// Eight categories x five bases x five variants = 200 products, English names with Chinese alt names.
const CATEGORIES: Category[] = [
  {
    sku: 'TEA', tax: 'VAT9', price: [1800, 68_000],
    bases: [['Green tea', '绿茶'], ['Black tea', '红茶'], ['Oolong tea', '乌龙茶'], ['Pu-erh tea', '普洱茶'], ['Jasmine tea', '茉莉花茶']],
    variants: [['50 g', '50克'], ['100 g', '100克'], ['250 g', '250克'], ['500 g', '500克'], ['gift tin', '礼罐装']],
  },
  {
    sku: 'WARE', tax: 'VAT13', price: [1500, 48_000],
    bases: [['Porcelain cup', '瓷杯'], ['Clay teapot', '紫砂壶'], ['Glass teapot', '玻璃茶壶'], ['Gaiwan', '盖碗'], ['Fair cup', '公道杯']],
    variants: [['white', '白瓷'], ['blue and white', '青花'], ['celadon', '青瓷'], ['black glaze', '黑釉'], ['gold rim', '金边']],
  },
  {
    sku: 'SNK', tax: 'VAT13', price: [900, 12_800],
    bases: [['Mooncake', '月饼'], ['Sunflower seeds', '瓜子'], ['Dried mango', '芒果干'], ['Osmanthus cake', '桂花糕'], ['Walnut cookies', '桃酥']],
    variants: [['small bag', '小袋'], ['large bag', '大袋'], ['box of 4', '4枚装'], ['box of 8', '8枚装'], ['gift box', '礼盒装']],
  },
  {
    sku: 'HNY', tax: 'VAT9', price: [2500, 16_800],
    bases: [['Acacia honey', '槐花蜜'], ['Longan honey', '龙眼蜜'], ['Jujube honey', '枣花蜜'], ['Wildflower honey', '百花蜜'], ['Linden honey', '椴树蜜']],
    variants: [['250 g', '250克'], ['500 g', '500克'], ['1 kg', '1公斤'], ['squeeze bottle', '挤压瓶'], ['gift set', '礼盒装']],
  },
  {
    sku: 'INC', tax: 'VAT13', price: [1200, 26_800],
    bases: [['Sandalwood incense', '檀香'], ['Agarwood incense', '沉香'], ['Cypress incense', '柏香'], ['Osmanthus incense', '桂花香'], ['Lavender incense', '薰衣草香']],
    variants: [['sticks', '线香'], ['coils', '盘香'], ['cones', '塔香'], ['burner set', '香炉套装'], ['sampler', '试香装']],
  },
  {
    sku: 'ACC', tax: 'VAT13', price: [800, 39_800],
    bases: [['Bamboo tea tray', '竹茶盘'], ['Tea towel', '茶巾'], ['Tea scoop', '茶则'], ['Tea strainer', '茶漏'], ['Tea canister', '茶叶罐']],
    variants: [['small', '小号'], ['medium', '中号'], ['large', '大号'], ['travel', '旅行装'], ['deluxe', '豪华款']],
  },
  {
    sku: 'GFT', tax: 'VAT13', price: [9800, 128_000],
    bases: [['Tea gift set', '茶叶礼盒'], ['Teaware gift set', '茶具礼盒'], ['Festival hamper', '节日礼篮'], ['Corporate gift set', '企业礼品套装'], ['Wedding gift set', '婚庆礼盒']],
    variants: [['standard', '标准款'], ['premium', '高级款'], ['deluxe', '豪华款'], ['mini', '迷你款'], ['limited edition', '限量版']],
  },
  {
    sku: 'CFE', tax: 'VAT13', price: [1500, 15_800],
    bases: [['Yunnan coffee beans', '云南咖啡豆'], ['Drip coffee bags', '挂耳咖啡'], ['Instant coffee', '速溶咖啡'], ['Cold brew', '冷萃咖啡'], ['Coffee filter papers', '咖啡滤纸']],
    variants: [['200 g', '200克'], ['500 g', '500克'], ['box of 10', '10包装'], ['box of 30', '30包装'], ['sampler', '尝鲜装']],
  },
];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华红建国玉梅文辉鹏飞鑫宇浩然子轩欣怡晨晓婷雪琳佳颖思雨嘉宁志诚海燕春凤云龙俊峰'];
const FIRST = ['James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Daniel', 'Emily', 'Matthew', 'Olivia', 'Andrew', 'Sophie', 'Lucas', 'Emma', 'Oliver', 'Chloe', 'Henry', 'Grace'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill'];
const CITIES: [string, string][] = [['上海', 'Shanghai'], ['北京', 'Beijing'], ['杭州', 'Hangzhou'], ['广州', 'Guangzhou'], ['深圳', 'Shenzhen'], ['成都', 'Chengdu'], ['南京', 'Nanjing'], ['苏州', 'Suzhou'], ['武汉', 'Wuhan'], ['西安', "Xi'an"]];
const STREETS: [string, string][] = [['南京路', 'Nanjing Road'], ['中山路', 'Zhongshan Road'], ['解放路', 'Jiefang Road'], ['人民路', 'Renmin Road'], ['建国路', 'Jianguo Road'], ['文三路', 'Wensan Road'], ['深南大道', 'Shennan Avenue'], ['淮海路', 'Huaihai Road']];
const CN_FIRMS = ['茗香', '清风', '福源', '雅韵', '瑞丰', '和畅', '禾木', '锦程'];
const CN_FIRM_KINDS = ['茶业有限公司', '贸易有限公司', '商贸行', '文化传媒有限公司', '餐饮管理有限公司'];
const EN_FIRMS = ['Blue Lotus', 'Golden Leaf', 'Jade Garden', 'Red Lantern', 'Silk Road', 'Bamboo Grove', 'Pearl River', 'Morning Dew'];
const EN_FIRM_KINDS = ['Tea House', 'Trading Ltd', 'Cafe', 'Gift Shop', 'Hotel'];

type CustomerInput = OpInput<'customers.create'>;

function customerInput(i: number, rng: Rng): CustomerInput {
  const r = rng();
  const [cityCn, cityEn] = pick(rng, CITIES);
  const [streetCn, streetEn] = pick(rng, STREETS);
  const no = 1 + Math.floor(rng() * 999);
  const phone = `1${pick(rng, ['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`;
  const postalCode = String(100000 + Math.floor(rng() * 800000));
  if (r < 0.5) {
    // Common surnames come up far more often; given names of one or two characters.
    const surname = SURNAMES[Math.floor(rng() ** 2 * SURNAMES.length)]!;
    const name = surname + pick(rng, GIVEN) + (rng() < 0.7 ? pick(rng, GIVEN) : '');
    return {
      name,
      phone,
      email: rng() < 0.3 ? `user${i}@example.cn` : null,
      shippingAddress: { name, line1: `${streetCn} ${no} 号`, city: cityCn, postalCode, country: 'CN', phone },
    };
  }
  if (r < 0.85) {
    const first = pick(rng, FIRST);
    const last = pick(rng, LAST);
    const name = `${first} ${last}`;
    return {
      name,
      email: `${first}.${last}${i}@example.com`.toLowerCase(),
      phone: rng() < 0.5 ? phone : null,
      shippingAddress: { name, line1: `${no} ${streetEn}`, city: cityEn, postalCode, country: 'CN' },
    };
  }
  const name = r < 0.95 ? `${cityCn}${pick(rng, CN_FIRMS)}${pick(rng, CN_FIRM_KINDS)}` : `${pick(rng, EN_FIRMS)} ${pick(rng, EN_FIRM_KINDS)}`;
  return {
    name,
    email: `orders${i}@example.com`,
    phone,
    taxId: `91${String(Math.floor(rng() * 1e15)).padStart(15, '0')}X`,
    shippingAddress: { name, line1: `${streetCn} ${no} 号`, city: cityCn, postalCode, country: 'CN', phone },
  };
}

type Product = { id: string; sku: string; name: string; price: number; rateBp: number };
type Customer = { id: string; name: string; shippingAddress: string | null };
type Master = { products: Product[]; customers: Customer[]; warehouses: string[] };

async function seedMasterData(app: App, rng: Rng, log: Log): Promise<Master> {
  const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);
  await call('settings.update', { shopName: '茗香茶铺 Mingxiang Tea', approval: { amountAtLeast: APPROVAL_AT, firstOrderOfNewCustomer: false } });
  const vat13 = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const vat9 = await call('taxRates.create', { code: 'VAT9', name: 'VAT 9%', rateBp: 900 });
  const warehouses = [
    await call('warehouses.create', { code: 'SH', name: 'Shanghai main warehouse', address: { name: '上海主仓', line1: '浦东新区 金桥路 88 号', city: '上海', country: 'CN' } }),
    await call('warehouses.create', { code: 'HZ', name: 'Hangzhou shop stock room', address: { name: '杭州门店', line1: '西湖区 龙井路 12 号', city: '杭州', country: 'CN' } }),
    await call('warehouses.create', { code: 'SZ', name: 'Shenzhen fulfilment centre', address: { name: '深圳仓', line1: '南山区 科技园 5 栋', city: '深圳', country: 'CN' } }),
  ];
  let n = 0;
  for (const cat of CATEGORIES) {
    let k = 0;
    for (const [base, baseCn] of cat.bases) {
      for (const [variant, variantCn] of cat.variants) {
        k++;
        n++;
        // Log-uniform prices that end in 9, as shops price them.
        const price = Math.max(99, Math.round(Math.exp(between(rng, Math.log(cat.price[0]), Math.log(cat.price[1]))) / 100) * 100 - 1);
        const gtin = `690${String(1_000_000 + n * 37).padStart(9, '0')}`;
        await call('products.create', {
          sku: `${cat.sku}-${String(k).padStart(4, '0')}`,
          name: `${base}, ${variant}`,
          altName: `${baseCn}（${variantCn}）`,
          price,
          taxRateId: cat.tax === 'VAT9' ? vat9.id : vat13.id,
          weightGrams: Math.round(between(rng, 50, 2500)),
          barcodes: [`${gtin}${gtinCheckDigit(gtin)}`],
        });
      }
    }
  }
  log(`ledger: ${n} products, 3 warehouses, 2 tax rates created through the dispatcher`);
  for (let i = 0; i < CUSTOMERS; i++) await call('customers.create', customerInput(i, rng));
  log(`ledger: ${CUSTOMERS} customers created through the dispatcher`);

  // Read back what the services stored, so the orders copy exactly those values.
  const raw = app.ledger.raw;
  const products = raw
    .prepare('SELECT p.id, p.sku, p.name, p.price, t.rate_bp AS rateBp FROM product p JOIN tax_rate t ON t.id = p.tax_rate_id ORDER BY p.rowid')
    .all() as Product[];
  const customers = raw.prepare('SELECT id, name, shipping_address AS shippingAddress FROM customer ORDER BY rowid').all() as Customer[];
  return { products, customers, warehouses: warehouses.map((w) => w.id) };
}

// ---- the order simulation, written with prepared statements ------------------------------

type SqlValue = string | number | null;
type Row = Record<string, SqlValue> & { id: string };

/**
 * Mirrors WriteTx: executes an insert or update and remembers it as a RowChange, so the journal
 * entry of the operation lists exactly what the service's WriteTx would have listed.
 */
class RowWriter {
  private readonly statements = new Map<string, Database.Statement>();
  changes: RowChange[] = [];

  constructor(private readonly raw: Database.Database) {}

  private statement(key: string, sql: () => string): Database.Statement {
    let s = this.statements.get(key);
    if (!s) {
      s = this.raw.prepare(sql());
      this.statements.set(key, s);
    }
    return s;
  }

  insert(table: JournaledTable, row: Row): void {
    const cols = Object.keys(row);
    this.statement(`i:${table}:${cols.join(',')}`, () => `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
      ...cols.map((c) => row[c]),
    );
    this.changes.push({ t: table, op: 'i', id: row.id, v: row });
  }

  update(table: JournaledTable, id: string, patch: Record<string, SqlValue>): void {
    const cols = Object.keys(patch);
    const result = this.statement(`u:${table}:${cols.join(',')}`, () => `UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...cols.map((c) => patch[c]),
      id,
    );
    if (result.changes !== 1) throw new Error(`update of ${table} ${id} matched ${result.changes} rows`);
    this.changes.push({ t: table, op: 'u', id, v: patch });
  }
}

type Line = { id: string; product: number; sku: string; quantity: number; reserved: number; shipped: number };
type Order = { id: string; status: OrderStatus; customer: number; warehouse: number; gross: number; lines: Line[] };
type EventKind = 'confirm' | 'approve' | 'cancel' | 'start_picking' | 'pack' | 'ship' | 'ship_rest' | 'deliver' | 'complete' | 'restock';
type SimEvent = { t: number; n: number; kind: EventKind; order: Order | null; warehouse: number };

/** A binary min-heap on (time, insertion number): events at the same time keep their order. */
class EventQueue {
  private readonly heap: SimEvent[] = [];
  private counter = 0;

  get size(): number {
    return this.heap.length;
  }

  peekTime(): number {
    return this.heap[0]?.t ?? Number.POSITIVE_INFINITY;
  }

  push(t: number, kind: EventKind, order: Order | null, warehouse = -1): void {
    const h = this.heap;
    h.push({ t, n: this.counter++, kind, order, warehouse });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const less = (a: SimEvent, b: SimEvent): boolean => a.t < b.t || (a.t === b.t && a.n < b.n);

const CANCEL_REASONS = ['customer changed their mind', 'duplicate order', 'payment not received', 'address could not be reached'];
const NOTES = ['请尽快发货', 'Gift wrap, please', '周末送货', 'Call before delivery', '发票抬头见备注'];

type BuildResult = { statuses: Record<string, number>; rows: Record<string, number> };

async function buildLedger(file: string, orderCount: number, log: Log): Promise<BuildResult> {
  const rng = makeRng(20251101);
  const app = await openApp({ file, clock: fixedClock(new Date(START_MS - 3 * DAY), 1000) });
  try {
    const raw = app.ledger.raw;
    // Setup only, never what is measured: without fsync per commit the build takes minutes, not
    // hours. The benchmarks open the finished file with the app's own pragmas (synchronous=FULL).
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -1000000');
    const master = await seedMasterData(app, rng, log);
    const triggers = suspendOrderSearchTriggers(raw);
    const result = simulateOrders(raw, master, orderCount, rng, log);
    const t = performance.now();
    restoreOrderSearch(raw, triggers);
    log(`ledger: order search index filled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    checkStockLevels(raw);
    log('ledger: stock levels equal the sum of their movements');
    if (process.env.BENCH_VERIFY === '1') {
      const t = performance.now();
      const report = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
      log(`ledger: system.verify ok=${report.ok} (${report.journalEntries} journal entries, ${report.rowsChecked} rows, ${((performance.now() - t) / 1000).toFixed(1)} s)`);
      if (!report.ok) throw new Error(`the built ledger fails verify: ${JSON.stringify(report.problems.slice(0, 5))}`);
    }
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('synchronous = FULL');
    return result;
  } finally {
    await app.close();
  }
}

function simulateOrders(raw: Database.Database, master: Master, orderCount: number, rng: Rng, log: Log): BuildResult {
  const { products, customers, warehouses } = master;
  const settings = new Map(
    (raw.prepare('SELECT id, value FROM setting').all() as { id: string; value: string }[]).map((r) => [r.id, JSON.parse(r.value) as unknown]),
  );
  const stationId = (settings.get('station') as { id: string; code: string }).id;
  const stationCode = (settings.get('station') as { id: string; code: string }).code;
  const currency = settings.get('currency') as string;
  const pricesIncludeTax = settings.get('prices_include_tax') as boolean;
  const rule = settings.get('approval_rule') as ApprovalRule;
  const series = raw.prepare("SELECT prefix, next_value AS next, padding FROM number_series WHERE id = 'sales_order'").get() as { prefix: string; next: number; padding: number };
  const lastEntry = raw.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
  const actor = LOCAL_OWNER.userId;

  const w = new RowWriter(raw);
  const insertJournal = raw.prepare('INSERT INTO journal (seq, id, at, station_id, actor, operation, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let seq = lastEntry.seq;
  let prevHash = lastEntry.hash;
  let nextNumber = series.next;

  const idAt = uuidV7Generator(rng);

  // The operation being written: its time, and the journal entry that closes it.
  let now = '';
  let nowMs = 0;
  let opsInTx = 0;
  const begin = (ms: number): void => {
    nowMs = ms;
    now = new Date(ms).toISOString();
    w.changes = [];
  };
  const commitOp = (operation: string): void => {
    if (w.changes.length === 0) return;
    seq++;
    const entry = { seq, id: idAt(nowMs), at: now, station_id: stationId, actor, operation, changes: JSON.stringify(w.changes) };
    const hash = entryHash(prevHash, entry);
    insertJournal.run(entry.seq, entry.id, entry.at, entry.station_id, entry.actor, entry.operation, entry.changes, prevHash, hash);
    prevHash = hash;
    if (++opsInTx >= TX_OPS) {
      raw.exec('COMMIT');
      raw.exec('BEGIN');
      opsInTx = 0;
    }
  };

  // ---- stock: levels per product x warehouse, restocked weekly from recent demand ----------
  const W = warehouses.length;
  const levelIds: (string | null)[] = Array.from({ length: products.length * W }, () => null);
  const onHand = new Float64Array(products.length * W);
  const reserved = new Float64Array(products.length * W);
  const demand = new Float64Array(products.length * W);
  const productWeights = zipfWeights(products.length, 3, 0.9, rng);
  const warehouseShare = [0.6, 0.3, 0.1];
  const productTotal = productWeights.reduce((a, b) => a + b, 0);
  // Expected units per pair and week (orders/week x 1.7 lines x ~2 units), the first estimate.
  const ewma = Float64Array.from({ length: products.length * W }, (_, k) => {
    const p = Math.floor(k / W);
    return (orderCount / (SPAN_MS / WEEK)) * 1.7 * 2 * (productWeights[p]! / productTotal) * warehouseShare[k % W]!;
  });
  const target = (k: number): number => Math.ceil(2 * ewma[k]!) + 5;

  const postMovement = (p: number, wh: number, kind: string, onHandDelta: number, reservedDelta: number, reason: string | null, orderId: string | null, lineId: string | null): void => {
    const k = p * W + wh;
    w.insert('stock_movement', {
      id: idAt(nowMs),
      product_id: products[p]!.id,
      warehouse_id: warehouses[wh]!,
      kind,
      on_hand_delta: onHandDelta,
      reserved_delta: reservedDelta,
      reason,
      order_id: orderId,
      order_line_id: lineId,
      at: now,
      actor,
    });
    const levelId = levelIds[k];
    if (levelId === null || levelId === undefined) {
      const id = idAt(nowMs);
      levelIds[k] = id;
      w.insert('stock_level', { id, product_id: products[p]!.id, warehouse_id: warehouses[wh]!, on_hand: onHandDelta, reserved: reservedDelta });
    } else {
      w.update('stock_level', levelId, { on_hand: onHand[k]! + onHandDelta, reserved: reserved[k]! + reservedDelta });
    }
    onHand[k] = onHand[k]! + onHandDelta;
    reserved[k] = reserved[k]! + reservedDelta;
  };

  /** stock.receive: one receipt movement per line. */
  const receive = (ms: number, wh: number, lines: [number, number][], reason: string): void => {
    if (lines.length === 0) return;
    begin(ms);
    for (const [p, q] of lines) postMovement(p, wh, 'receipt', q, 0, reason, null, null);
    commitOp('stock.receive');
  };

  const weeklyRestock = (ms: number, wh: number): void => {
    const lines: [number, number][] = [];
    for (let p = 0; p < products.length; p++) {
      const k = p * W + wh;
      ewma[k] = 0.7 * ewma[k]! + 0.3 * demand[k]!;
      demand[k] = 0;
      const q = target(k) - (onHand[k]! - reserved[k]!);
      if (q > 0) lines.push([p, Math.ceil(q)]);
    }
    receive(ms, wh, lines, 'weekly restock');
  };

  // ---- the order operations, each mirroring its service handler ------------------------------
  const applyEvent = (o: Order, event: OrderEvent, note: string | null): void => {
    const to = nextStatus(o.status, event);
    if (to === null) throw new Error(`builder bug: ${o.status} cannot ${event}`);
    w.update('sales_order', o.id, { status: to, updated_at: now });
    recordStatus(o.id, o.status, to, event, note);
    o.status = to;
  };
  const recordStatus = (orderId: string, from: OrderStatus | null, to: OrderStatus, event: string, note: string | null): void => {
    w.insert('order_status_change', { id: idAt(nowMs), order_id: orderId, from_status: from, to_status: to, event, note, at: now, actor });
  };

  const confirmedOrders = new Int32Array(customers.length);
  const customerSampler = weightedSampler(zipfWeights(customers.length, 10, 0.7, rng), rng);
  const productSampler = weightedSampler(productWeights, rng);
  const warehouseSampler = weightedSampler(warehouseShare, rng);
  const queue = new EventQueue();

  const createOrder = (i: number, ms: number): Order => {
    const customer = customerSampler();
    const c = customers[customer]!;
    const wh = warehouseSampler();
    const lineCount = rng() < 0.5 ? 1 : rng() < 0.6 ? 2 : 3;
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(productSampler());
    const productIdx = [...chosen];
    const priced = productIdx.map((p) => {
      const pr = products[p]!;
      const r = rng();
      const quantity = r < 0.55 ? 1 : r < 0.8 ? 2 : r < 0.9 ? 3 : 4 + Math.floor(rng() * 7);
      return {
        product_id: pr.id,
        sku: pr.sku,
        name: pr.name,
        quantity,
        unit_price: pr.price,
        price_overridden: 0,
        discount_bp: rng() < 0.08 ? pick(rng, [500, 1000]) : 0,
        tax_rate_bp: pr.rateBp,
        reserved_qty: 0,
        shipped_qty: 0,
      };
    });
    // Line discounts are at most 10%, so half the subtotal is always within what can be discounted.
    const subtotal = priced.reduce((a, l) => a + l.quantity * l.unit_price, 0);
    const orderDiscount = rng() < 0.04 ? Math.min(pick(rng, [500, 1000, 2000]), Math.floor(subtotal / 2)) : 0;
    const t = totalsFor(priced, orderDiscount, pricesIncludeTax);
    const channel = pick(rng, ['pos', 'pos', 'manual', 'web']);

    begin(ms);
    const id = idAt(ms);
    // takeNumber runs while the order row is built, so its update comes first in the journal.
    const number = `${series.prefix}-${stationCode}-${String(nextNumber).padStart(series.padding, '0')}`;
    w.update('number_series', 'sales_order', { next_value: ++nextNumber });
    w.insert('sales_order', {
      id,
      number,
      status: 'draft',
      customer_id: c.id,
      customer_name: c.name,
      warehouse_id: warehouses[wh]!,
      channel,
      external_ref: channel === 'web' ? `TB${2_000_000_000_000 + i}` : null,
      currency,
      ship_to: c.shippingAddress,
      notes: rng() < 0.05 ? pick(rng, NOTES) : null,
      prices_include_tax: pricesIncludeTax ? 1 : 0,
      ...t.header,
      approval_reason: null,
      merged_into_id: null,
      split_from_id: null,
      order_date: now,
      created_at: now,
      updated_at: now,
    });
    const lines: Line[] = [];
    for (const [k, l] of t.lines.entries()) {
      const lineId = idAt(ms);
      w.insert('sales_order_line', { ...l, id: lineId, order_id: id, line_no: k + 1 });
      lines.push({ id: lineId, product: productIdx[k]!, sku: l.sku, quantity: l.quantity, reserved: 0, shipped: 0 });
    }
    recordStatus(id, null, 'draft', 'create', null);
    commitOp('orders.create');
    return { id, status: 'draft', customer, warehouse: wh, gross: t.header.gross_total, lines };
  };

  /** Receives stock before a reservation that the levels cannot cover, as a shop would. */
  const coverReservation = (o: Order): void => {
    const short: [number, number][] = [];
    for (const l of o.lines) {
      const k = l.product * W + o.warehouse;
      const need = l.quantity - l.shipped - l.reserved;
      const available = onHand[k]! - reserved[k]!;
      if (need > available) short.push([l.product, need - available + Math.ceil(ewma[k]!)]);
    }
    receive(nowMs, o.warehouse, short, 'urgent restock');
  };

  const reserveOrder = (o: Order): void => {
    for (const l of o.lines) {
      const need = l.quantity - l.shipped - l.reserved;
      if (need <= 0) continue;
      const k = l.product * W + o.warehouse;
      if (onHand[k]! - reserved[k]! < need) throw new Error('builder bug: reservation not covered');
      postMovement(l.product, o.warehouse, 'reservation', 0, need, null, o.id, l.id);
      w.update('sales_order_line', l.id, { reserved_qty: l.reserved + need });
      l.reserved += need;
      demand[k] = demand[k]! + need;
    }
  };

  /** After approval: cancelled, picked and packed, or shipped straight from approved. */
  const afterApproved = (o: Order, ms: number): void => {
    const r = rng();
    if (r < 0.03) queue.push(ms + between(rng, HOUR, 3 * DAY), 'cancel', o);
    else if (r < 0.75) queue.push(ms + between(rng, HOUR, DAY), 'start_picking', o);
    else queue.push(ms + between(rng, 2 * HOUR, 36 * HOUR), 'ship', o);
  };

  const ship = (o: Order, partial: boolean): void => {
    const wanted = new Map<string, number>();
    if (partial) {
      const first = o.lines[0]!;
      wanted.set(first.id, first.quantity > 1 ? Math.floor(first.quantity / 2) : first.quantity);
    } else {
      for (const l of o.lines) if (l.quantity > l.shipped) wanted.set(l.id, l.quantity - l.shipped);
    }
    const allShipped = o.lines.every((l) => l.quantity - l.shipped === (wanted.get(l.id) ?? 0));
    applyEvent(o, allShipped ? 'ship_all' : 'ship_partial', null);
    for (const l of o.lines) {
      const q = wanted.get(l.id);
      if (q === undefined) continue;
      const k = l.product * W + o.warehouse;
      if (onHand[k]! < q) throw new Error('builder bug: shipping more than on hand');
      const fromReservation = Math.min(q, l.reserved);
      postMovement(l.product, o.warehouse, 'shipment', -q, -fromReservation, null, o.id, l.id);
      w.update('sales_order_line', l.id, { shipped_qty: l.shipped + q, reserved_qty: l.reserved - fromReservation });
      l.shipped += q;
      l.reserved -= fromReservation;
    }
  };

  const handle = (e: SimEvent): void => {
    if (e.kind === 'restock') {
      weeklyRestock(e.t, e.warehouse);
      if (e.t + WEEK <= END_MS) queue.push(e.t + WEEK, 'restock', null, e.warehouse);
      return;
    }
    const o = e.order!;
    const ms = e.t;
    switch (e.kind) {
      case 'confirm': {
        const reason = approvalReason(rule, { grossTotal: o.gross, customerConfirmedOrders: confirmedOrders[o.customer]! });
        if (reason !== null) {
          begin(ms);
          applyEvent(o, 'submit_for_approval', reason);
          w.update('sales_order', o.id, { approval_reason: reason });
          commitOp('orders.confirm');
          if (rng() < 0.9) queue.push(ms + between(rng, HOUR, 2 * DAY), 'approve', o);
          else queue.push(ms + between(rng, 2 * HOUR, 3 * DAY), 'cancel', o);
          return;
        }
        nowMs = ms;
        coverReservation(o);
        begin(ms);
        applyEvent(o, 'confirm', null);
        reserveOrder(o);
        commitOp('orders.confirm');
        confirmedOrders[o.customer] = confirmedOrders[o.customer]! + 1;
        afterApproved(o, ms);
        return;
      }
      case 'approve': {
        nowMs = ms;
        coverReservation(o);
        begin(ms);
        applyEvent(o, 'approve', null);
        reserveOrder(o);
        commitOp('orders.approve');
        confirmedOrders[o.customer] = confirmedOrders[o.customer]! + 1;
        afterApproved(o, ms);
        return;
      }
      case 'cancel': {
        const reason = pick(rng, CANCEL_REASONS);
        const held = holdsReservation(o.status);
        begin(ms);
        applyEvent(o, 'cancel', reason);
        if (held) {
          for (const l of o.lines) {
            if (l.reserved === 0) continue;
            postMovement(l.product, o.warehouse, 'release', 0, -l.reserved, `cancelled: ${reason}`, o.id, l.id);
            w.update('sales_order_line', l.id, { reserved_qty: 0 });
            l.reserved = 0;
          }
        }
        commitOp('orders.cancel');
        return;
      }
      case 'start_picking':
        begin(ms);
        applyEvent(o, 'start_picking', null);
        commitOp('orders.startPicking');
        queue.push(ms + between(rng, 10 * MINUTE, 4 * HOUR), 'pack', o);
        return;
      case 'pack':
        begin(ms);
        applyEvent(o, 'pack', null);
        commitOp('orders.pack');
        queue.push(ms + between(rng, 30 * MINUTE, DAY), 'ship', o);
        return;
      case 'ship': {
        // Some orders leave in two parcels: part of the first line now, the rest days later.
        const units = o.lines.reduce((a, l) => a + l.quantity, 0);
        const partial = units > 1 && rng() < 0.04;
        begin(ms);
        ship(o, partial);
        commitOp('orders.ship');
        if (partial) queue.push(ms + between(rng, DAY, 6 * DAY), 'ship_rest', o);
        else queue.push(ms + between(rng, DAY, 6 * DAY), 'deliver', o);
        return;
      }
      case 'ship_rest':
        begin(ms);
        ship(o, false);
        commitOp('orders.ship');
        queue.push(ms + between(rng, DAY, 5 * DAY), 'deliver', o);
        return;
      case 'deliver':
        begin(ms);
        applyEvent(o, 'deliver', null);
        commitOp('orders.deliver');
        if (rng() < 0.92) queue.push(ms + between(rng, 3 * DAY, 14 * DAY), 'complete', o);
        return;
      case 'complete':
        begin(ms);
        applyEvent(o, 'complete', null);
        commitOp('orders.complete');
        return;
    }
  };

  const drainUntil = (t: number): void => {
    while (queue.peekTime() <= t) handle(queue.pop()!);
  };

  raw.exec('BEGIN');
  for (let wh = 0; wh < W; wh++) queue.push(START_MS - DAY + wh * MINUTE, 'restock', null, wh);
  const slot = (END_MS - HOUR - START_MS) / orderCount;
  const t0 = performance.now();
  const progressEvery = Math.max(10_000, Math.floor(orderCount / 10));
  for (let i = 0; i < orderCount; i++) {
    const ms = Math.floor(START_MS + (i + rng()) * slot);
    drainUntil(ms);
    const o = createOrder(i, ms);
    const r = rng();
    // Fates: a few drafts are abandoned or cancelled; the rest are confirmed within hours.
    if (r < 0.015) continue;
    if (r < 0.03) queue.push(ms + between(rng, HOUR, 3 * DAY), 'cancel', o);
    else queue.push(ms + between(rng, 2 * MINUTE, 6 * HOUR), 'confirm', o);
    if ((i + 1) % progressEvery === 0) {
      const s = (performance.now() - t0) / 1000;
      log(`ledger: ${(i + 1).toLocaleString('en')} orders written, ${s.toFixed(0)} s, ${Math.round((i + 1) / s).toLocaleString('en')} orders/s`);
    }
  }
  // Events after the ledger's "now" have not happened yet: those orders stay where they are.
  drainUntil(END_MS);
  raw.exec('COMMIT');

  const statuses = Object.fromEntries(
    (raw.prepare('SELECT status, count(*) AS n FROM sales_order GROUP BY status ORDER BY n DESC').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
  );
  const rows: Record<string, number> = {};
  for (const t of ['customer', 'product', 'sales_order', 'sales_order_line', 'order_status_change', 'stock_movement', 'stock_level', 'journal']) {
    rows[t] = (raw.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  log(`ledger: statuses ${Object.entries(statuses).map(([s, n]) => `${s}=${n}`).join(' ')}`);
  log(`ledger: rows ${Object.entries(rows).map(([t, n]) => `${t}=${n}`).join(' ')}`);
  return { statuses, rows };
}

type Trigger = { name: string; sql: string };

/**
 * The order search triggers rewrite an order's trigram document once per line inserted (an FTS5
 * delete plus insert each time): most of the build's time. Every trigger that writes the order
 * search index is dropped for the bulk, and the index is filled once at the end with the very
 * content they produce.
 */
function suspendOrderSearchTriggers(raw: Database.Database): Trigger[] {
  const triggers = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%sales_order_fts%' ORDER BY rowid").all() as Trigger[];
  if (!triggers.some((t) => t.name === 'sales_order_line_fts_insert')) throw new Error('the order search triggers changed: check what restoreOrderSearch fills in');
  const orders = raw.prepare('SELECT count(*) AS n FROM sales_order').get() as { n: number };
  if (orders.n !== 0) throw new Error('the order search triggers are only suspended on a ledger without orders');
  raw.exec('BEGIN');
  for (const t of triggers) raw.exec(`DROP TRIGGER ${t.name}`);
  raw.exec('COMMIT');
  return triggers;
}

/** What the triggers leave behind: number, customer name, and the SKUs in line order. */
function restoreOrderSearch(raw: Database.Database, triggers: readonly Trigger[]): void {
  raw.exec('BEGIN');
  raw.exec(`INSERT INTO sales_order_fts (rowid, number, customer_name, skus)
            SELECT o.rowid, o.number, o.customer_name,
                   coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = o.id), '')
            FROM sales_order o ORDER BY o.rowid`);
  // The same CREATE TRIGGER text as the migration wrote, so the schema is byte for byte the same.
  for (const t of triggers) raw.exec(t.sql);
  raw.exec('COMMIT');
  const now = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as Trigger[];
  for (const t of triggers) {
    if (now.find((x) => x.name === t.name)?.sql !== t.sql) throw new Error(`trigger ${t.name} was not restored verbatim`);
  }
}

/** The ledger rule the whole build must keep: every level equals the sum of its movements. */
function checkStockLevels(raw: Database.Database): void {
  const drift = raw
    .prepare(
      `SELECT count(*) AS n FROM stock_level l
       LEFT JOIN (SELECT product_id, warehouse_id, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                  FROM stock_movement GROUP BY product_id, warehouse_id) m
         ON m.product_id = l.product_id AND m.warehouse_id = l.warehouse_id
       WHERE l.on_hand != coalesce(m.on_hand, 0) OR l.reserved != coalesce(m.reserved, 0) OR l.reserved < 0 OR l.on_hand < l.reserved`,
    )
    .get() as { n: number };
  if (drift.n !== 0) throw new Error(`builder bug: ${drift.n} stock levels differ from their movements`);
}
