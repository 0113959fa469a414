// Reading shipment statuses from a carrier's CSV export: find the tracking-number and status
// columns by their header (English or Chinese), and map the carrier's words to our statuses.

import { invalid } from './errors.ts';
import { parseCsv } from './csv.ts';

export const SHIPMENT_STATUS_VALUES = ['in_transit', 'delivered', 'failed', 'returned'] as const;
export type ShipmentStatusValue = (typeof SHIPMENT_STATUS_VALUES)[number];

const TRACKING_HEADERS = ['tracking_number', 'tracking number', 'tracking', 'waybill', 'awb', '运单号', '快递单号', '单号'];
const STATUS_HEADERS = ['status', 'state', '状态', '物流状态'];
const NOTE_HEADERS = ['note', 'remark', 'description', '备注', '说明'];

const STATUS_WORDS: Readonly<Record<string, ShipmentStatusValue>> = {
  in_transit: 'in_transit',
  'in transit': 'in_transit',
  transit: 'in_transit',
  shipped: 'in_transit',
  'out for delivery': 'in_transit',
  运输中: 'in_transit',
  已揽收: 'in_transit',
  派送中: 'in_transit',
  delivered: 'delivered',
  已签收: 'delivered',
  签收: 'delivered',
  failed: 'failed',
  exception: 'failed',
  'delivery failed': 'failed',
  异常: 'failed',
  派送失败: 'failed',
  returned: 'returned',
  'returned to sender': 'returned',
  退回: 'returned',
  已退回: 'returned',
};

export type CarrierStatusRow = { readonly row: number; readonly trackingNumber: string; readonly status: ShipmentStatusValue; readonly note: string | null };

const norm = (s: string) => s.trim().toLowerCase().replaceAll(/\s+/g, ' ');

/**
 * The status updates in a carrier CSV. Refuses (invalid, naming `field`, with the row in the
 * message and details) a file without the two columns, a row without a tracking number, or a
 * status word it does not know: a half-read file must not half-apply.
 */
export function readCarrierStatusCsv(text: string, field = 'csv'): CarrierStatusRow[] {
  let rows: string[][];
  try {
    rows = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  } catch (e) {
    throw invalid(field, (e as Error).message);
  }
  const header = (rows[0] ?? []).map(norm);
  const col = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const tracking = col(TRACKING_HEADERS);
  const status = col(STATUS_HEADERS);
  const note = col(NOTE_HEADERS);
  if (tracking < 0 || status < 0) throw invalid(field, 'The first row must name a tracking-number column and a status column');
  const out: CarrierStatusRow[] = [];
  for (const [i, r] of rows.slice(1).entries()) {
    const rowNo = i + 2;
    const number = (r[tracking] ?? '').trim();
    if (number === '') throw invalid(field, `Row ${rowNo} has no tracking number`);
    const word = norm(r[status] ?? '');
    const mapped = STATUS_WORDS[word];
    if (!mapped) throw invalid(field, `Row ${rowNo}: the status "${(r[status] ?? '').trim()}" is not one we know`);
    const n = note >= 0 ? (r[note] ?? '').trim() : '';
    out.push({ row: rowNo, trackingNumber: number, status: mapped, note: n === '' ? null : n.slice(0, 500) });
  }
  return out;
}
