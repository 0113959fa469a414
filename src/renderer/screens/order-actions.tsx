import { Checkbox, Empty, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { canMergeOrSplit } from '../../shared/order-state.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { useShortcuts } from '../lib/shortcuts.ts';
import { focusFirstField } from '../lib/focus.ts';

type Order = OpResult<'orders.get'>;

/** Ctrl+Enter submits the open dialog; Esc closes it (antd). */
function useSubmitKey(open: boolean, submit: () => void) {
  useShortcuts({ 'ctrl+enter': submit }, open);
}

export function CancelDialog({ open, onClose, onSubmit }: { readonly open: boolean; readonly onClose: () => void; readonly onSubmit: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = () => reason.trim() && onSubmit(reason.trim());
  useSubmitKey(open, submit);
  return (
    <Modal afterOpenChange={focusFirstField} open={open} title={t('detail.cancelOrder')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: !reason.trim(), danger: true }} okText={<span>{t('detail.cancelOrder')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden>
      <Typography.Paragraph>{t('detail.cancelReason')}</Typography.Paragraph>
      <Input.TextArea autoFocus aria-label={t('detail.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
    </Modal>
  );
}

export function SplitDialog({ order, open, onClose, onSubmit }: { readonly order: Order; readonly open: boolean; readonly onClose: () => void; readonly onSubmit: (lines: { lineId: string; quantity: number }[]) => void }) {
  const { t } = useTranslation();
  const [moves, setMoves] = useState<Record<string, number>>({});
  const chosen = Object.entries(moves).filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity }));
  const submit = () => chosen.length > 0 && onSubmit(chosen);
  useSubmitKey(open, submit);
  return (
    <Modal afterOpenChange={focusFirstField} open={open} title={t('detail.split')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: chosen.length === 0 }} okText={<span>{t('detail.split')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden width={640}>
      <Typography.Paragraph>{t('detail.splitHelp')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={order.lines}
        columns={[
          { title: t('entry.sku'), dataIndex: 'sku' },
          { title: t('entry.product'), dataIndex: 'name', ellipsis: true },
          { title: t('entry.quantity'), dataIndex: 'quantity', width: 80, align: 'right' },
          {
            title: t('detail.splitQty'),
            width: 120,
            render: (_, l, i) => (
              <InputNumber
                autoFocus={i === 0}
                aria-label={`${t('detail.splitQty')} ${l.sku}`}
                min={0}
                max={l.quantity - l.shippedQty}
                precision={0}
                value={moves[l.id] ?? 0}
                onChange={(v) => setMoves((m) => ({ ...m, [l.id]: typeof v === 'number' ? v : 0 }))}
              />
            ),
          },
        ]}
      />
    </Modal>
  );
}

export function MergeDialog({ order, open, onClose, onSubmit }: { readonly order: Order; readonly open: boolean; readonly onClose: () => void; readonly onSubmit: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const candidates = useOp('orders.list', open ? { customerId: order.customerId, warehouseId: order.warehouseId, limit: 50 } : null);
  const [picked, setPicked] = useState<string[]>([]);
  const others = (candidates.data?.items ?? []).filter((o) => o.id !== order.id && canMergeOrSplit(o.status));
  const submit = () => picked.length > 0 && onSubmit([order.id, ...picked]);
  useSubmitKey(open, submit);
  return (
    <Modal afterOpenChange={focusFirstField} open={open} title={t('detail.merge')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: picked.length === 0 }} okText={<span>{t('detail.merge')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden>
      <Typography.Paragraph>{t('detail.mergeHelp')}</Typography.Paragraph>
      {others.length === 0 ? (
        <Empty description={t('detail.noMergeCandidates')} />
      ) : (
        <Checkbox.Group value={picked} onChange={(v) => setPicked(v as string[])}>
          <Space direction="vertical">
            {others.map((o, i) => (
              <Checkbox key={o.id} value={o.id} autoFocus={i === 0}>
                {o.number} · {t(`status.${o.status}`)}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      )}
    </Modal>
  );
}
