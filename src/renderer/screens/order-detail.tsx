import { App, Button, Card, Col, Descriptions, List, Row, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { canMergeOrSplit } from '../../shared/order-state.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { TotalsBox } from '../components/totals-box.tsx';
import { errorText } from '../lib/errors.ts';
import { approvalReasonLabel, channelLabel } from '../lib/labels.ts';
import { dateTime, money } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';
import { CancelDialog, MergeDialog, SplitDialog } from './order-actions.tsx';
import { OrderTimeline } from './order-timeline.tsx';
import { OrderDocuments } from './order-documents.tsx';
import { DocumentPreview, type PreviewTarget } from '../components/document-preview.tsx';

type Order = OpResult<'orders.get'>;
type Dialog = 'cancel' | 'split' | 'merge' | undefined;
// Confirmed orders can be invoiced (the ledger refuses one with nothing left to bill).
const INVOICEABLE = new Set<Order['status']>(['approved', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'completed']);

function Reservations({ order }: { readonly order: Order }) {
  const { t } = useTranslation();
  const warehouses = useOp('warehouses.list', {});
  const where = warehouses.data?.items.find((w) => w.id === order.warehouseId);
  const held = order.lines.filter((l) => l.reservedQty > 0);
  return (
    <List
      size="small"
      data-testid="reservations"
      dataSource={held}
      locale={{ emptyText: t('detail.noReservations') }}
      renderItem={(l) => (
        <List.Item>
          <span>
            {l.sku} · {l.name}
          </span>
          <span>
            {t('detail.reservedIn', { warehouse: where?.code ?? '' })}:{' '}
            <Typography.Text strong data-testid={`reserved-${l.sku}`}>
              {l.reservedQty}
            </Typography.Text>
          </span>
        </List.Item>
      )}
    />
  );
}

function OrderView({ initial }: { readonly initial: Order }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [order, setOrder] = useState(initial);
  const [dialog, setDialog] = useState<Dialog>();
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PreviewTarget>();
  const allowed = new Set(order.allowedEvents);
  const splittable = canMergeOrSplit(order.status);
  // Actions the person may not take are not offered (the dispatcher would refuse them anyway).
  const can = useCan();

  async function run(action: () => Promise<Order>, done?: (o: Order) => void) {
    if (busy) return;
    setBusy(true);
    try {
      const updated = await action();
      setOrder(updated);
      setDialog(undefined);
      done?.(updated);
    } catch (e) {
      // The screen keeps the order as it was: it is only replaced by what the ledger returned.
      void message.error(isAppError(e) ? errorText(e, t) : t('errors.internal'));
    } finally {
      setBusy(false);
    }
  }

  async function invoice() {
    if (busy) return;
    setBusy(true);
    try {
      const issued = await client.call('invoices.issue', { orderId: order.id });
      void message.success(t('invoicing.invoiced', { number: issued.number }));
      navigate({ screen: 'invoice', id: issued.id });
    } catch (e) {
      void message.error(isAppError(e) ? errorText(e, t) : t('errors.internal'));
      setBusy(false);
    }
  }

  const actions = [
    { key: 'invoice', when: INVOICEABLE.has(order.status) && can('invoices.issue'), combo: 'v', primary: true, label: t('invoicing.invoiceOrder'), go: () => invoice() },
    { key: 'confirm', when: allowed.has('confirm') && can('orders.confirm'), combo: 'ctrl+enter', primary: true, label: t('detail.confirm'), go: () => run(() => client.call('orders.confirm', { id: order.id })) },
    { key: 'approve', when: allowed.has('approve') && can('orders.approve'), combo: 'a', primary: true, label: t('detail.approve'), go: () => run(() => client.call('orders.approve', { id: order.id })) },
    { key: 'reject', when: allowed.has('reject') && can('orders.approve'), combo: 'r', label: t('detail.reject'), go: () => run(() => client.call('orders.reject', { id: order.id })) },
    { key: 'edit', when: order.status === 'draft' && can('orders.write'), combo: 'e', label: t('detail.edit'), go: () => navigate({ screen: 'order-edit', id: order.id }) },
    { key: 'split', when: splittable && can('orders.write'), combo: 's', label: t('detail.split'), go: () => setDialog('split') },
    { key: 'merge', when: splittable && can('orders.write'), combo: 'm', label: t('detail.merge'), go: () => setDialog('merge') },
    { key: 'cancel', when: allowed.has('cancel') && can('orders.cancel'), combo: 'x', danger: true, label: t('detail.cancelOrder'), go: () => setDialog('cancel') },
  ].filter((a) => a.when);

  useShortcuts({ ...Object.fromEntries(actions.map((a) => [a.combo, () => void a.go()])), backspace: () => navigate({ screen: 'orders' }) }, dialog === undefined && preview === undefined);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Space align="baseline">
          <Typography.Title level={3} data-testid="order-number">
            {t('detail.title', { number: order.number })}
          </Typography.Title>
          <StatusTag status={order.status} />
        </Space>
        <Space wrap data-testid="order-actions">
          {actions.map((a) => (
            <Button key={a.key} type={a.primary ? 'primary' : 'default'} danger={a.danger} loading={busy} onClick={() => void a.go()} data-action={a.key}>
              {a.label}
              <Kbd combo={a.combo} />
            </Button>
          ))}
        </Space>
      </Space>
      <Descriptions size="small" column={4} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('orders.customer')}>{order.customerName}</Descriptions.Item>
        <Descriptions.Item label={t('orders.date')}>{dateTime(order.orderDate, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('orders.channel')}>{channelLabel(t, order.channel)}</Descriptions.Item>
        {order.approvalReason && <Descriptions.Item label={t('detail.approvalReason')}>{approvalReasonLabel(t, order.approvalReason)}</Descriptions.Item>}
        {order.splitFromId && (
          <Descriptions.Item label={t('detail.splitFrom')}>
            <a href={`#/orders/${order.splitFromId}`}>↗</a>
          </Descriptions.Item>
        )}
        {order.mergedIntoId && (
          <Descriptions.Item label={t('detail.mergedInto')}>
            <a href={`#/orders/${order.mergedIntoId}`}>↗</a>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('detail.lines')} size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={order.lines}
              data-testid="detail-lines"
              columns={[
                { title: t('entry.sku'), dataIndex: 'sku', width: 120 },
                { title: t('entry.product'), dataIndex: 'name', ellipsis: true },
                { title: t('entry.quantity'), dataIndex: 'quantity', width: 70, align: 'right' },
                { title: t('detail.reserved'), dataIndex: 'reservedQty', width: 80, align: 'right' },
                { title: t('detail.shipped'), dataIndex: 'shippedQty', width: 80, align: 'right' },
                { title: t('entry.price'), dataIndex: 'unitPrice', width: 110, align: 'right', render: (v: number) => money(v, order.currency, locale) },
                { title: t('entry.lineTotal'), dataIndex: 'gross', width: 120, align: 'right', render: (v: number) => money(v, order.currency, locale) },
              ]}
            />
            <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
              <TotalsBox currency={order.currency} totals={{ subtotal: order.subtotal, discount: order.discountTotal, net: order.netTotal, tax: order.taxTotal, gross: order.grossTotal, taxBreakdown: order.taxBreakdown, shippingFee: order.shipping && (order.pricesIncludeTax ? order.shipping.gross : order.shipping.net) }} />
            </div>
          </Card>
          <Card title={t('detail.reservations')} size="small" style={{ marginTop: 16 }}>
            <Reservations order={order} />
          </Card>
          <OrderDocuments key={order.updatedAt} order={order} enabled={dialog === undefined && preview === undefined} onPreview={setPreview} />
        </Col>
        <Col span={8}>
          <Card title={t('detail.timeline')} size="small">
            <OrderTimeline key={order.updatedAt + order.status} orderId={order.id} />
          </Card>
        </Col>
      </Row>
      <Button type="link" onClick={() => navigate({ screen: 'orders' })}>
        ← {t('detail.back')}
        <Kbd combo="backspace" />
      </Button>
      <DocumentPreview target={preview} onClose={() => setPreview(undefined)} />
      <CancelDialog open={dialog === 'cancel'} onClose={() => setDialog(undefined)} onSubmit={(reason) => void run(() => client.call('orders.cancel', { id: order.id, reason }))} />
      <SplitDialog
        order={order}
        open={dialog === 'split'}
        onClose={() => setDialog(undefined)}
        onSubmit={(lines) =>
          void run(
            async () => {
              const { source, created } = await client.call('orders.split', { id: order.id, lines });
              void message.success(`${t('detail.split')}: ${created.number}`);
              return source;
            },
          )
        }
      />
      <MergeDialog
        order={order}
        open={dialog === 'merge'}
        onClose={() => setDialog(undefined)}
        onSubmit={(orderIds) => void run(() => client.call('orders.merge', { orderIds }), (merged) => navigate({ screen: 'order', id: merged.id }))}
      />
    </div>
  );
}

export function OrderDetailScreen({ id }: { readonly id: string }) {
  const { data, error, reload } = useOp('orders.get', { id });
  const [shown, setShown] = useState<Order>();
  useEffect(() => setShown(data), [data]);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!shown) return <Loading />;
  return <OrderView initial={shown} />;
}
