import type { LedgerSettings } from '../../shared/contract/settings.ts';
import { conflict } from '../../shared/errors.ts';
import { extendRow } from '../../shared/objects.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { WriteTx } from '../db/write-tx.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { assertMayNumber } from './restored-station.ts';

// Settings are one row per key so that, once stations sync, two stations changing different
// settings never overwrite each other.
const KEYS = {
  currency: 'currency',
  station: 'station',
  shopName: 'shop_name',
  pricesIncludeTax: 'prices_include_tax',
  approval: 'approval_rule',
  taxRounding: 'tax_rounding',
} as const;

export type LedgerInit = {
  readonly currency: string;
  readonly stationId: string;
  readonly stationCode: string;
  readonly shopName: string;
};

export const NUMBER_SERIES = { order: 'sales_order', customer: 'customer' } as const;

export async function isInitialized(db: ReadDb): Promise<boolean> {
  const row = await db.selectFrom('setting').select('id').where('id', '=', KEYS.currency).executeTakeFirst();
  return row !== undefined;
}

export async function writeInitialSettings(tx: WriteTx, init: LedgerInit): Promise<void> {
  const put = (id: string, value: unknown) => tx.insert('setting', { id, value: JSON.stringify(value) });
  await put(KEYS.currency, init.currency);
  await put(KEYS.station, { id: init.stationId, code: init.stationCode });
  await put(KEYS.shopName, init.shopName);
  await put(KEYS.pricesIncludeTax, false);
  await put(KEYS.approval, { amountAtLeast: null, firstOrderOfNewCustomer: false });
  await tx.insert('number_series', { id: NUMBER_SERIES.order, prefix: 'SO', next_value: 1, padding: 6 });
  await tx.insert('number_series', { id: NUMBER_SERIES.customer, prefix: 'C', next_value: 1, padding: 5 });
}

const seriesRow = preparedQuery((db, p: { id: string }) => db.selectFrom('number_series').selectAll().where('id', '=', p.id));
// Only the rows read here: other settings (document templates with their logos, the account
// map) can be large, and every order, invoice and payment reads these.
const ledgerSettings = preparedQuery((db) => db.selectFrom('setting').select(['id', 'value']).where('id', 'in', Object.values(KEYS)));

export async function readSettings(db: ReadDb): Promise<LedgerSettings> {
  const rows = await ledgerSettings(db, {});
  const map = new Map(rows.map((r) => [r.id, JSON.parse(r.value) as unknown]));
  const station = map.get(KEYS.station) as { id: string; code: string } | undefined;
  if (!station) throw conflict('This ledger has not been initialised');
  return {
    currency: map.get(KEYS.currency) as string,
    stationId: station.id,
    stationCode: station.code,
    shopName: map.get(KEYS.shopName) as string,
    pricesIncludeTax: map.get(KEYS.pricesIncludeTax) as boolean,
    approval: map.get(KEYS.approval) as LedgerSettings['approval'],
    // Ledgers made before the setting existed round per line, as they always did.
    taxRounding: (map.get(KEYS.taxRounding) as LedgerSettings['taxRounding'] | undefined) ?? 'line',
  };
}

/**
 * Takes the next number of a series in the caller's transaction, so a rollback returns it:
 * numbers stay gapless. The station code keeps numbers unique across stations.
 */
export async function takeNumber(ctx: WriteContext, seriesId: string): Promise<string> {
  const { memo } = ctx.tx;
  await assertMayNumber(ctx.db, seriesId);
  const series = await memo.get(['number_series'], seriesId, async () => (await seriesRow(ctx.db, { id: seriesId }))[0], { byId: true });
  if (!series) throw new Error(`number series ${seriesId} is missing`);
  const settings = await memo.get(['setting'], '', () => readSettings(ctx.db));
  await ctx.tx.update('number_series', seriesId, { next_value: series.next_value + 1 });
  // An import takes thousands of numbers in one transaction: the series row as just written.
  // A copy by Object.assign: spreading the memo's frozen row took V8's slow clone (src/shared/objects.ts).
  memo.put(['number_series'], seriesId, extendRow(series, { next_value: series.next_value + 1 }), { byId: true });
  return `${series.prefix}-${settings.stationCode}-${String(series.next_value).padStart(series.padding, '0')}`;
}

export const settingsHandlers = {
  'settings.get': (ctx) => readSettings(ctx.db),
  'settings.update': async (ctx, input) => {
    const current = await readSettings(ctx.db);
    const set = (id: string, value: unknown) => ctx.tx.update('setting', id, { value: JSON.stringify(value) });
    if (input.shopName !== undefined && input.shopName !== current.shopName) await set(KEYS.shopName, input.shopName);
    if (input.stationCode !== undefined && input.stationCode !== current.stationCode) {
      await set(KEYS.station, { id: current.stationId, code: input.stationCode });
    }
    if (input.pricesIncludeTax !== undefined && input.pricesIncludeTax !== current.pricesIncludeTax) {
      await set(KEYS.pricesIncludeTax, input.pricesIncludeTax);
    }
    if (input.approval !== undefined) await set(KEYS.approval, input.approval);
    if (input.taxRounding !== undefined && input.taxRounding !== current.taxRounding) {
      const exists = await ctx.db.selectFrom('setting').select('id').where('id', '=', KEYS.taxRounding).executeTakeFirst();
      if (exists) await set(KEYS.taxRounding, input.taxRounding);
      else await ctx.tx.insert('setting', { id: KEYS.taxRounding, value: JSON.stringify(input.taxRounding) });
    }
    return readSettings(ctx.db);
  },
} satisfies Pick<Handlers, 'settings.get' | 'settings.update'>;
