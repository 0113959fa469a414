import { Alert, Button, Card, Input, Progress, Space, Table, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { Kbd } from '../components/kbd.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { beep } from '../lib/beep.ts';
import { errorText } from '../lib/errors.ts';
import { packProgress, parseScan, refusalOf } from '../lib/scan-input.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useAppStore } from '../state/app-store.ts';
import { ShipPanel } from './packing-ship.tsx';

type Packing = OpResult<'packing.get'>;
type Feedback = { readonly kind: 'ok' | 'refused' | 'info'; readonly text: string };

/**
 * The packing station, keyboard and scanner only. The scan box always has the focus: the first
 * scan picks the order (its number, from the packing slip or a one-order pick list), every
 * further scan is an item. The ledger decides what is accepted; a refusal is shown large,
 * buzzes and is counted, and writes nothing. F2 packs, F4 prints the slip, F8 ships, Esc starts
 * the next order.
 */
export function PackingScreen() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const [packing, setPacking] = useState<Packing | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [refusals, setRefusals] = useState(0);
  const [shipping, setShipping] = useState(false);
  const [value, setValue] = useState('');
  const input = useRef<InputRef>(null);

  const refocus = () => setTimeout(() => input.current?.focus(), 0);
  useEffect(() => {
    if (!shipping) refocus();
  }, [shipping, packing?.orderId]);

  const refuse = (text: string) => {
    beep('refused');
    setRefusals((n) => n + 1);
    setFeedback({ kind: 'refused', text });
  };

  async function openOrder(code: string): Promise<void> {
    const found = await client.call('orders.list', { search: code, limit: 5 });
    const hit = found.items.find((o) => o.number.toUpperCase() === code.toUpperCase());
    if (!hit) return refuse(t('packing.orderNotFound', { code }));
    let order = await client.call('orders.get', { id: hit.id });
    if (order.allowedEvents.includes('start_picking')) order = await client.call('orders.startPicking', { id: order.id });
    if (order.status !== 'picking' && order.status !== 'packed') {
      return refuse(t('packing.notPackable', { number: order.number, status: t(`status.${order.status}`) }));
    }
    const state = await client.call('packing.get', { orderId: order.id });
    if (state.lines.every((l) => l.toShip === 0)) return refuse(t('packing.nothingLeft', { number: order.number }));
    show(state);
    setFeedback(null);
  }

  async function scanItem(current: Packing, code: string, quantity: number): Promise<void> {
    try {
      const next = await client.call('packing.scan', { orderId: current.orderId, code, quantity });
      show(next);
      const line = next.lines.find((l) => current.lines.find((c) => c.lineId === l.lineId)!.scanned !== l.scanned);
      const done = packProgress(next.lines).complete;
      if (done) beep('done');
      setFeedback({ kind: 'ok', text: done ? t('packing.allScanned') : t('packing.accepted', { sku: line?.sku ?? code, quantity }) });
    } catch (e) {
      if (!isAppError(e)) throw e;
      const why = refusalOf(e);
      if (!why) return refuse(errorText(e, t));
      const d = e.details ?? {};
      refuse(t(`packing.${why}`, { code, sku: String(d.sku ?? code), remaining: String(d.remaining ?? 0) }));
    }
  }

  // A scanner types faster than the ledger answers: scans wait in line and run one after the
  // other against the latest state, so none is lost or read against a stale order.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const current = useRef<Packing | null>(null);
  const show = (state: Packing | null) => {
    current.current = state;
    setPacking(state);
  };

  function onScan() {
    const entry = parseScan(value);
    setValue('');
    if (!entry) return;
    queue.current = queue.current.then(async () => {
      try {
        const now = current.current;
        if (!now || now.status !== 'picking') await openOrder(entry.code);
        else await scanItem(now, entry.code, entry.quantity);
      } catch (e) {
        refuse(isAppError(e) ? errorText(e as AppError, t) : String(e));
      }
    });
  }

  async function pack() {
    if (!packing || packing.status !== 'picking') return;
    try {
      await queue.current;
      show(await client.call('packing.pack', { orderId: packing.orderId }));
      setFeedback({ kind: 'info', text: t('packing.packed', { number: packing.orderNumber }) });
    } catch (e) {
      if (isAppError(e)) refuse(errorText(e, t));
    }
  }

  function printSlip() {
    if (packing) window.open(`/api/v1/documents/packing-slip/${packing.orderId}.pdf?lang=${language}`, '_blank');
  }

  function next() {
    // Back to the scan box at once: the scanner's next code must not land in the closing panel.
    input.current?.focus();
    show(null);
    setFeedback(null);
    setShipping(false);
    refocus();
  }

  useShortcuts(
    {
      f2: () => void pack(),
      f4: printSlip,
      f8: () => packing && packProgress(packing.lines).scanned > 0 && setShipping(true),
      escape: next,
    },
    !shipping,
  );

  const progress = packing ? packProgress(packing.lines) : null;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('packing.title')}</Typography.Title>
        <Tag color={refusals > 0 ? 'red' : undefined} data-testid="refusal-count" style={{ fontSize: 16, padding: '4px 10px' }}>
          {t('packing.refused', { count: refusals })}
        </Tag>
      </Space>
      <Input
        ref={input}
        size="large"
        value={value}
        disabled={shipping}
        aria-label={packing ? t('packing.scanItem') : t('packing.scanOrder')}
        placeholder={packing?.status === 'picking' ? t('packing.scanItem') : t('packing.scanOrder')}
        onChange={(e) => setValue(e.target.value)}
        onPressEnter={onScan}
        style={{ fontSize: 22, marginBottom: 12 }}
        data-testid="scan-input"
      />
      {feedback && (
        <Alert
          type={feedback.kind === 'refused' ? 'error' : feedback.kind === 'ok' ? 'success' : 'info'}
          showIcon
          data-testid={feedback.kind === 'refused' ? 'scan-refusal' : 'scan-feedback'}
          message={<span style={{ fontSize: feedback.kind === 'refused' ? 30 : 18, fontWeight: 600 }}>{feedback.text}</span>}
          style={{ marginBottom: 12, padding: feedback.kind === 'refused' ? '18px 20px' : undefined }}
        />
      )}
      {packing && progress && (
        <Card
          title={
            <Space>
              <span data-testid="packing-order">{packing.orderNumber}</span>
              <StatusTag status={packing.status as 'picking'} />
              <span>{t('packing.progress', { scanned: progress.scanned, toShip: progress.toShip })}</span>
            </Space>
          }
          extra={
            <Space>
              <Button onClick={() => void pack()} disabled={packing.status !== 'picking' || progress.scanned === 0}>
                {t('packing.pack')} <Kbd combo="f2" />
              </Button>
              <Button onClick={printSlip}>
                {t('packing.print')} <Kbd combo="f4" />
              </Button>
              <Button type="primary" onClick={() => setShipping(true)} disabled={progress.scanned === 0}>
                {t('packing.ship')} <Kbd combo="f8" />
              </Button>
              <Button onClick={next}>
                {t('packing.next')} <Kbd combo="escape" />
              </Button>
            </Space>
          }
        >
          <Progress percent={progress.toShip ? Math.round((progress.scanned / progress.toShip) * 100) : 0} status={progress.complete ? 'success' : 'active'} />
          {progress.partial && <Typography.Text type="warning">{t('packing.partialNote')}</Typography.Text>}
          <Table
            size="small"
            rowKey="lineId"
            pagination={false}
            dataSource={packing.lines.filter((l) => l.toShip > 0)}
            data-testid="packing-lines"
            rowClassName={(l) => (l.scanned === l.toShip ? 'packing-line-done' : '')}
            columns={[
              { title: t('packing.sku'), dataIndex: 'sku' },
              { title: t('packing.product'), dataIndex: 'name' },
              { title: t('packing.scanned'), key: 'scanned', render: (_, l) => <b data-testid={`scanned-${l.sku}`}>{`${l.scanned} / ${l.toShip}`}</b> },
              { title: '', key: 'bar', width: 240, render: (_, l) => <Progress size="small" percent={Math.round((l.scanned / l.toShip) * 100)} status={l.scanned === l.toShip ? 'success' : 'normal'} /> },
            ]}
          />
          {shipping && (
            <ShipPanel
              packing={packing}
              onCancel={() => setShipping(false)}
              onShipped={(text) => {
                next();
                setFeedback({ kind: 'info', text });
              }}
              onError={(e) => refuse(errorText(e, t))}
            />
          )}
        </Card>
      )}
    </div>
  );
}
