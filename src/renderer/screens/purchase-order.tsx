import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { DocumentPreview, type PreviewTarget } from '../components/document-preview.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { PurchaseOrderForm } from './purchase-order-form.tsx';
import { ReceivePanel } from './purchase-receive.tsx';
import { PoStatusTag, useMoney } from './purchasing-common.tsx';
import { SupplierReturnDialog } from './supplier-return.tsx';

type Po = OpResult<'purchaseOrders.get'>;

/**
 * One purchase order: E edits a draft, S sends it, P previews its PDF, and while it is open a
 * delivery is received below (scan box focused); R sends received goods back to the supplier.
 * Lines show ordered, received, still expected, over and short; deliveries are listed with
 * their receipt numbers and what of them went back.
 */
export function PurchaseOrderScreen({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const fmt = useMoney();
  const loaded = useOp('purchaseOrders.get', { id });
  const [po, setPo] = useState<Po>();
  const [preview, setPreview] = useState<PreviewTarget>();
  const [ending, setEnding] = useState<'cancel' | 'close'>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState(false);
  const [returning, setReturning] = useState(false);
  useEffect(() => setPo(loaded.data), [loaded.data]);

  async function act(f: () => Promise<Po>, done: (p: Po) => string) {
    try {
      const next = await f();
      setPo(next);
      setError(undefined);
      void message.success(done(next));
    } catch (e) {
      if (isAppError(e)) setError(errorText(e, t));
    }
  }
  const canSend = po?.status === 'draft' && can('purchases.write');
  const canReturn = po !== undefined && po.receipts.some((r) => r.lines.some((l) => l.quantity > l.returnedQty)) && can('purchases.receive');
  const edit = () => canSend && setEditing(true);
  const sendBack = () => canReturn && setReturning(true);
  async function returned(done: boolean) {
    setReturning(false);
    if (done && po) setPo(await client.call('purchaseOrders.get', { id: po.id }));
  }
  const open = po?.status === 'sent' || po?.status === 'partially_received';
  const send = () => po && canSend && void act(() => client.call('purchaseOrders.send', { id: po.id }), (p) => t('purchasing.sent_', { number: p.number }));
  const pdf = () => po && setPreview({ kind: 'purchase-order', id: po.id, title: po.number });
  async function end() {
    if (!po || !ending) return;
    const r = reason.trim();
    await act(
      () => client.call(ending === 'cancel' ? 'purchaseOrders.cancel' : 'purchaseOrders.close', { id: po.id, reason: r }),
      (p) => t(ending === 'cancel' ? 'purchasing.cancelled_' : 'purchasing.closed_', { number: p.number }),
    );
    setEnding(undefined);
    setReason('');
  }
  useShortcuts({ e: edit, s: send, r: sendBack, p: pdf, escape: () => navigate({ screen: 'purchasing', tab: 'orders' }) }, preview === undefined && ending === undefined && !editing && !returning);

  if (loaded.error) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!po) return <Loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="po-number">
          {po.number} <PoStatusTag status={po.status} />
        </Typography.Title>
        <Space>
          <Button onClick={() => navigate({ screen: 'purchasing', tab: 'orders' })}>
            {t('purchasing.back')} <Kbd combo="escape" />
          </Button>
          <Button onClick={pdf} data-testid="po-pdf">
            {t('purchasing.pdf')} <Kbd combo="p" />
          </Button>
          {canSend && (
            <Button onClick={edit} data-testid="po-edit">
              {t('purchasing.edit')} <Kbd combo="e" />
            </Button>
          )}
          {canReturn && (
            <Button onClick={sendBack} data-testid="po-return">
              {t('purchasing.returnGoods')} <Kbd combo="r" />
            </Button>
          )}
          {canSend && (
            <Button type="primary" onClick={send} data-testid="po-send">
              {t('purchasing.send')} <Kbd combo="s" />
            </Button>
          )}
          {can('purchases.write') && (po.status === 'draft' || (po.status === 'sent' && po.receipts.length === 0)) && <Button danger onClick={() => setEnding('cancel')}>{t('purchasing.cancel')}</Button>}
          {can('purchases.write') && open && po.receipts.length > 0 && <Button onClick={() => setEnding('close')}>{t('purchasing.closeShort')}</Button>}
        </Space>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Card>
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('purchasing.supplier')}>{po.supplierName}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.warehouse')}>{po.warehouseCode}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.orderDate')}>{po.orderDate}</Descriptions.Item>
          <Descriptions.Item label={t('purchasing.total')}>{fmt(po.total, po.currency)}</Descriptions.Item>
          {po.expectedDate && <Descriptions.Item label={t('purchasing.expectedDate')}>{po.expectedDate}</Descriptions.Item>}
          {po.closeReason && <Descriptions.Item label={t('purchasing.reason')}>{po.closeReason}</Descriptions.Item>}
        </Descriptions>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={po.lines}
          data-testid="po-lines"
          columns={[
            { title: t('purchasing.sku'), dataIndex: 'sku' },
            { title: t('purchasing.product'), dataIndex: 'name' },
            { title: t('purchasing.ordered'), dataIndex: 'quantity', align: 'right' },
            { title: t('purchasing.received_'), dataIndex: 'receivedQty', align: 'right' },
            { title: t('purchasing.expected'), dataIndex: 'expectedQty', align: 'right' },
            { title: t('purchasing.over'), dataIndex: 'overQty', align: 'right', render: (q: number) => (q > 0 ? <Typography.Text type="warning">+{q}</Typography.Text> : '') },
            { title: t('purchasing.short'), dataIndex: 'shortQty', align: 'right', render: (q: number) => (q > 0 ? <Typography.Text type="danger">−{q}</Typography.Text> : '') },
            { title: t('purchasing.unitCost'), align: 'right', render: (_, l) => fmt(l.unitCost, po.currency) },
            { title: t('purchasing.amount'), align: 'right', render: (_, l) => fmt(l.amount, po.currency) },
          ]}
        />
      </Card>
      {open && can('purchases.receive') && <ReceivePanel po={po} onReceived={setPo} active={!returning} />}
      <Card title={t('purchasing.receipts')} data-testid="po-receipts">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={po.receipts}
          locale={{ emptyText: t('purchasing.noReceipts') }}
          columns={[
            { title: t('purchasing.receiptNo'), dataIndex: 'number' },
            { title: t('purchasing.deliveryRef'), dataIndex: 'deliveryRef' },
            { title: t('purchasing.receivedOn'), dataIndex: 'receivedOn' },
            { title: t('purchasing.thisDelivery'), render: (_, r) => r.lines.map((l) => `${l.sku} × ${l.quantity}`).join(', ') },
            {
              title: t('purchasing.returnedQty'),
              render: (_, r) => (
                <span data-testid={`returned-${r.number}`}>
                  {r.lines
                    .filter((l) => l.returnedQty > 0)
                    .map((l) => `${l.sku} × ${l.returnedQty}`)
                    .join(', ')}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <DocumentPreview target={preview} onClose={() => setPreview(undefined)} />
      {editing && (
        <PurchaseOrderForm
          existing={po}
          onClose={(saved) => {
            setEditing(false);
            if (saved) setPo(saved);
          }}
        />
      )}
      {returning && <SupplierReturnDialog po={po} onClose={(done) => void returned(done)} />}
      <Modal open={ending !== undefined} title={ending === 'cancel' ? t('purchasing.cancel') : t('purchasing.closeShort')} onCancel={() => setEnding(undefined)} onOk={() => void end()} okButtonProps={{ disabled: reason.trim() === '' }} afterOpenChange={focusFirstField}>
        <Input aria-label={t('purchasing.reason')} placeholder={t('purchasing.reason')} value={reason} onChange={(e) => setReason(e.target.value)} onPressEnter={() => void end()} />
      </Modal>
    </Space>
  );
}
