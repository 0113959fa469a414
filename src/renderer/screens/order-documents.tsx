import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import type { PreviewTarget } from '../components/document-preview.tsx';
import { useShortcuts } from '../lib/shortcuts.ts';

type Order = OpResult<'orders.get'>;

/**
 * The order's printed documents: its packing slip and pick list, each invoice and credit note,
 * and the label of each shipment. Every button opens the preview of the real PDF.
 */
export function OrderDocuments({ order, enabled, onPreview }: { readonly order: Order; readonly enabled: boolean; readonly onPreview: (target: PreviewTarget) => void }) {
  const { t } = useTranslation();
  const invoices = useOp('invoices.list', { orderId: order.id, limit: 50 });
  const shipments = useOp('shipments.list', { orderId: order.id });
  const latestInvoice = invoices.data?.items.find((i) => i.kind === 'invoice');
  const slip = () => onPreview({ kind: 'packing-slip', id: order.id, title: `${t('docs.packingSlip')} ${order.number}` });
  const pick = () => onPreview({ kind: 'pick-list', id: order.id, title: `${t('docs.pickList')} ${order.number}` });
  useShortcuts(
    {
      p: slip,
      l: pick,
      ...(latestInvoice ? { i: () => onPreview({ kind: 'invoice', id: latestInvoice.id, title: t('docs.invoice', { number: latestInvoice.number }) }) } : {}),
    },
    enabled,
  );
  return (
    <Card title={t('docs.title')} size="small" style={{ marginTop: 16 }} data-testid="order-documents">
      <Space wrap>
        <Button onClick={slip} data-doc="packing-slip">
          {t('docs.packingSlip')}
          <Kbd combo="p" />
        </Button>
        <Button onClick={pick} data-doc="pick-list">
          {t('docs.pickList')}
          <Kbd combo="l" />
        </Button>
        {invoices.data?.items.map((inv) => (
          <Button key={inv.id} onClick={() => onPreview({ kind: inv.kind === 'invoice' ? 'invoice' : 'credit-note', id: inv.id, title: inv.kind === 'invoice' ? t('docs.invoice', { number: inv.number }) : t('docs.creditNote', { number: inv.number }) })} data-doc={inv.kind === 'invoice' ? 'invoice' : 'credit-note'}>
            {inv.kind === 'invoice' ? t('docs.invoice', { number: inv.number }) : t('docs.creditNote', { number: inv.number })}
            {inv.id === latestInvoice?.id && <Kbd combo="i" />}
          </Button>
        ))}
        {shipments.data?.items.map((s) => (
          <Button key={s.id} onClick={() => onPreview({ kind: 'shipping-label', id: s.id, title: t('docs.label', { number: s.number }) })} data-doc="shipping-label">
            {t('docs.label', { number: s.number })}
          </Button>
        ))}
      </Space>
      {invoices.data?.items.length === 0 && shipments.data?.items.length === 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('docs.noInvoicesOrShipments')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
