import { Alert, App, Button, Card, Form, Input, Select, Table, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { errorText } from '../lib/errors.ts';
import { resolveProduct } from '../lib/resolve-product.ts';
import { parseScan } from '../lib/scan-input.ts';
import { useShortcuts } from '../lib/shortcuts.ts';

type Line = { readonly productId: string; readonly sku: string; readonly name: string; readonly quantity: number };
type Transfer = OpResult<'transfers.get'>;

/**
 * Transfers between warehouses, keyboard only: choose from and to, scan products (12*CODE for
 * many), Ctrl+Enter creates and ships the transfer (stock leaves and is in transit); the list
 * below receives what is on the road.
 */
export function TransfersScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const warehouses = useOp('warehouses.list', {});
  const active = (warehouses.data?.items ?? []).filter((w) => w.active);
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [lines, setLines] = useState<Line[]>([]);
  const [term, setTerm] = useState('');
  const [error, setError] = useState<string>();
  const onRoad = useOp('transfers.list', { status: 'in_transit', limit: 50 });
  const scanRef = useRef<InputRef>(null);
  const fromId = from ?? active[0]?.id;
  const toId = to ?? active.find((w) => w.id !== fromId)?.id;
  const code = (id: string) => active.find((w) => w.id === id)?.code ?? id;

  useEffect(() => {
    scanRef.current?.focus();
  }, []);

  // Ctrl+Enter right after a scan waits for that scan's line.
  const adding = useRef<Promise<void>>(Promise.resolve());
  const linesRef = useRef<Line[]>([]);
  const putLines = (next: Line[]) => {
    linesRef.current = next;
    setLines(next);
  };
  function onScan() {
    const entry = parseScan(term);
    setTerm('');
    if (entry) adding.current = adding.current.then(() => add(entry));
  }

  async function add(entry: { code: string; quantity: number }) {
    const p = await resolveProduct(client, entry.code);
    if (!p) return setError(t('transfers.notFound', { term: entry.code }));
    setError(undefined);
    const ls = linesRef.current;
    const i = ls.findIndex((l) => l.productId === p.id);
    putLines(i < 0 ? [...ls, { productId: p.id, sku: p.sku, name: p.name, quantity: entry.quantity }] : ls.map((l, j) => (j === i ? { ...l, quantity: l.quantity + entry.quantity } : l)));
  }

  async function createAndShip() {
    await adding.current;
    const lines = linesRef.current;
    if (!fromId || !toId || lines.length === 0) return;
    if (fromId === toId) return setError(t('transfers.sameWarehouse'));
    try {
      const draft = await client.call('transfers.create', { fromWarehouseId: fromId, toWarehouseId: toId, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })) });
      const sent = await client.call('transfers.ship', { id: draft.id });
      void message.success(t('transfers.shippedOk', { number: sent.number }));
      putLines([]);
      setError(undefined);
      onRoad.reload();
    } catch (e) {
      if (isAppError(e)) setError(errorText(e as AppError, t));
    }
    scanRef.current?.focus();
  }

  async function receiveAll(tr: Transfer) {
    try {
      const done = await client.call('transfers.receive', { id: tr.id, lines: tr.lines.filter((l) => l.inTransit > 0).map((l) => ({ lineId: l.id, quantity: l.inTransit })) });
      void message.success(t('transfers.received', { number: done.number }));
      onRoad.reload();
    } catch (e) {
      if (isAppError(e)) setError(errorText(e, t));
    }
  }

  useShortcuts({ 'ctrl+enter': () => void createAndShip() });
  const options = active.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }));

  return (
    <div>
      <Typography.Title level={3}>{t('transfers.title')}</Typography.Title>
      <Card>
        <Form layout="inline" onSubmitCapture={(e) => e.preventDefault()} style={{ rowGap: 8 }}>
          <Form.Item label={t('transfers.from')}>
            <Select aria-label={t('transfers.from')} style={{ width: 200 }} value={fromId} onChange={setFrom} options={options} />
          </Form.Item>
          <Form.Item label={t('transfers.to')}>
            <Select aria-label={t('transfers.to')} style={{ width: 200 }} value={toId} onChange={setTo} options={options} />
          </Form.Item>
          <Form.Item label={t('transfers.items')}>
            <Input ref={scanRef} style={{ width: 320 }} aria-label={t('transfers.scan')} placeholder={t('transfers.scan')} value={term} onChange={(e) => setTerm(e.target.value)} onPressEnter={onScan} data-testid="transfer-scan" />
          </Form.Item>
          <Button type="primary" disabled={lines.length === 0} onClick={() => void createAndShip()}>
            {t('transfers.createShip')} <Kbd combo="ctrl+enter" />
          </Button>
        </Form>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
        <Table
          size="small"
          style={{ marginTop: 12 }}
          rowKey="productId"
          pagination={false}
          dataSource={lines}
          locale={{ emptyText: t('app.empty') }}
          columns={[
            { title: t('packing.sku'), dataIndex: 'sku' },
            { title: t('stock.product'), dataIndex: 'name' },
            { title: t('transfers.quantity'), dataIndex: 'quantity', align: 'right' },
          ]}
        />
      </Card>
      <Card title={t('transfers.inTransit')} style={{ marginTop: 16 }} data-testid="transfers-in-transit">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={onRoad.loading && !onRoad.data}
          dataSource={onRoad.data?.items ?? []}
          locale={{ emptyText: t('transfers.none') }}
          columns={[
            { title: t('transfers.number'), dataIndex: 'number' },
            { title: t('transfers.route'), render: (_, tr) => `${code(tr.fromWarehouseId)} → ${code(tr.toWarehouseId)}` },
            { title: t('transfers.inTransit'), align: 'right', render: (_, tr) => tr.lines.reduce((s, l) => s + l.inTransit, 0) },
            { render: (_, tr) => <Button size="small" onClick={() => void receiveAll(tr)}>{t('transfers.receiveAll')}</Button> },
          ]}
        />
      </Card>
    </div>
  );
}
