import { createHash } from 'node:crypto';
import type { WriteTx } from '../db/write-tx.ts';
import type { ReadDb } from './context.ts';

// Data the fulfilment area needs in every ledger: the built-in carriers (editable like any
// other) and the number series of shipments, transfers and count sheets. Written once, through
// the journal, the first time a ledger with the fulfilment schema is opened.

export const FULFILMENT_SERIES = { shipment: 'shipment', transfer: 'stock_transfer', count: 'stock_count', return: 'return_receipt', case: 'after_sales_case' } as const;
const SEEDED_KEY = 'fulfilment_seeded';

/** code, name, tracking-link template ({tracking} is replaced by the URL-encoded number). */
export const BUILT_IN_CARRIERS: readonly (readonly [string, string, string])[] = [
  ['SF', 'SF Express 顺丰速运', 'https://www.sf-express.com/chn/sc/waybill/waybill-detail/{tracking}'],
  ['ZTO', 'ZTO Express 中通快递', 'https://www.kuaidi100.com/chaxun?com=zhongtong&nu={tracking}'],
  ['YTO', 'YTO Express 圆通速递', 'https://www.kuaidi100.com/chaxun?com=yuantong&nu={tracking}'],
  ['STO', 'STO Express 申通快递', 'https://www.kuaidi100.com/chaxun?com=shentong&nu={tracking}'],
  ['YUNDA', 'Yunda Express 韵达快递', 'https://www.kuaidi100.com/chaxun?com=yunda&nu={tracking}'],
  ['JD', 'JD Logistics 京东物流', 'https://www.kuaidi100.com/chaxun?com=jd&nu={tracking}'],
  ['EMS', 'EMS / China Post 中国邮政', 'https://www.kuaidi100.com/chaxun?com=ems&nu={tracking}'],
  ['UPS', 'UPS', 'https://www.ups.com/track?tracknum={tracking}'],
  ['FEDEX', 'FedEx', 'https://www.fedex.com/fedextrack/?trknbr={tracking}'],
  ['DHL', 'DHL Express', 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={tracking}'],
  ['USPS', 'USPS', 'https://tools.usps.com/go/TrackConfirmAction?tLabels={tracking}'],
];

/**
 * Seeded rows get the same id on every station (a name-based UUID), so when stations sync the
 * built-in carriers merge into one row each instead of clashing on their unique code.
 */
export function seededId(kind: string, code: string): string {
  const h = createHash('sha256').update(`shopledger-seed\n${kind}\n${code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function needsFulfilmentSeed(db: ReadDb): Promise<boolean> {
  return (await db.selectFrom('setting').select('id').where('id', '=', SEEDED_KEY).executeTakeFirst()) === undefined;
}

export async function seedFulfilment(tx: WriteTx, now: string): Promise<void> {
  for (const [code, name, trackingUrl] of BUILT_IN_CARRIERS) {
    const taken = await tx.db.selectFrom('carrier').select('id').where('code', '=', code).executeTakeFirst();
    if (!taken) await tx.insert('carrier', { id: seededId('carrier', code), code, name, tracking_url: trackingUrl, active: 1, created_at: now, updated_at: now });
  }
  await tx.insert('number_series', { id: FULFILMENT_SERIES.shipment, prefix: 'SH', next_value: 1, padding: 6 });
  await tx.insert('number_series', { id: FULFILMENT_SERIES.transfer, prefix: 'TR', next_value: 1, padding: 5 });
  await tx.insert('number_series', { id: FULFILMENT_SERIES.count, prefix: 'SC', next_value: 1, padding: 5 });
  await tx.insert('number_series', { id: FULFILMENT_SERIES.return, prefix: 'RR', next_value: 1, padding: 5 });
  await tx.insert('number_series', { id: FULFILMENT_SERIES.case, prefix: 'AS', next_value: 1, padding: 5 });
  await tx.insert('setting', { id: SEEDED_KEY, value: JSON.stringify(true) });
}
