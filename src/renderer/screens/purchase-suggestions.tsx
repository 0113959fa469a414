import { Alert, App, Button, Card, List, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { PoStatusTag, useMoney } from './purchasing-common.tsx';

type Drafted = OpResult<'purchaseOrders.fromSuggestions'>;
type Line = OpResult<'purchaseOrders.suggestions'>['items'][number];
const rowKey = (l: Line) => `${l.productId}|${l.warehouseId}`;

/**
 * What to order, as the ledger computes it (below the reorder point, counting what is expected,
 * in transit and already drafted; rounded to reorder quantity, minimum and pack). All lines
 * with a preferred supplier start selected; Ctrl+Enter drafts one order per supplier and
 * warehouse, which then open from the list below.
 */
export function PurchaseSuggestions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const fmt = useMoney();
  const [warehouseId, setWarehouseId] = useState<string | undefined>();
  const warehouses = useOp('warehouses.list', {});
  const suggestions = useOp('purchaseOrders.suggestions', warehouseId ? { warehouseId } : {});
  const settings = useOp('settings.get', {});
  const suppliers = useOp('suppliers.list', { includeInactive: true });
  const supplierName = (id: string) => suppliers.data?.items.find((x) => x.id === id)?.name ?? '';
  const currency = settings.data?.currency ?? 'CNY';
  const items = suggestions.data?.items ?? [];
  const [selected, setSelected] = useState<string[]>([]);
  const [drafted, setDrafted] = useState<Drafted | null>(null);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => setSelected(items.filter((l) => l.supplierId !== null).map(rowKey)), [suggestions.data]);

  async function draft() {
    if (busy || !can('purchases.write') || selected.length === 0) return;
    setBusy(true);
    try {
      const productIds = [...new Set(items.filter((l) => selected.includes(rowKey(l))).map((l) => l.productId))];
      const r = await client.call('purchaseOrders.fromSuggestions', { productIds, ...(warehouseId ? { warehouseId } : {}) });
      setDrafted(r);
      setError(undefined);
      void message.success(t('purchasing.drafted_', { count: r.orders.length }));
      suggestions.reload();
    } catch (e) {
      if (isAppError(e)) setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void draft() });

  if (suggestions.error) return <ErrorState error={suggestions.error} onRetry={suggestions.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={<Typography.Text type="secondary" style={{ fontWeight: 'normal', whiteSpace: 'normal' }}>{t('purchasing.suggestionsIntro')}</Typography.Text>}
        extra={
          <Space>
            <Select
              aria-label={t('purchasing.warehouse')}
              style={{ width: 180 }}
              value={warehouseId ?? 'all'}
              onChange={(v) => setWarehouseId(v === 'all' ? undefined : v)}
              options={[{ value: 'all', label: t('app.all') }, ...(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: w.code }))]}
            />
            {can('purchases.write') && (
              <Button type="primary" loading={busy} disabled={selected.length === 0} onClick={() => void draft()} data-testid="draft-orders">
                {t('purchasing.draftOrders')} <Kbd combo="ctrl+enter" />
              </Button>
            )}
          </Space>
        }
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Table
          size="small"
          rowKey={rowKey}
          pagination={false}
          loading={suggestions.loading && !suggestions.data}
          dataSource={items}
          data-testid="suggestions"
          {...(items.length > 200 ? { scroll: { y: 520 }, virtual: true } : {})}
          locale={{ emptyText: t('purchasing.noSuggestions') }}
          rowSelection={can('purchases.write') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), getCheckboxProps: (l) => ({ disabled: l.supplierId === null }) } : undefined}
          columns={[
            { title: t('purchasing.sku'), dataIndex: 'sku', width: 120 },
            { title: t('purchasing.product'), dataIndex: 'productName', width: 200 },
            { title: t('purchasing.warehouse'), dataIndex: 'warehouseCode', width: 100 },
            { title: t('purchasing.available'), dataIndex: 'available', align: 'right', width: 90 },
            { title: t('purchasing.reorderPoint'), dataIndex: 'reorderPoint', align: 'right', width: 110 },
            { title: t('purchasing.expected'), dataIndex: 'expected', align: 'right', width: 90 },
            { title: t('purchasing.inTransit'), dataIndex: 'inTransit', align: 'right', width: 90 },
            { title: t('purchasing.drafted'), dataIndex: 'drafted', align: 'right', width: 90 },
            { title: t('purchasing.orderQty'), dataIndex: 'orderQty', align: 'right', width: 90, render: (q: number) => <strong>{q}</strong> },
            { title: t('purchasing.unitCost'), align: 'right', width: 100, render: (_, l) => fmt(l.unitCost, currency) },
            { title: t('purchasing.supplier'), width: 160, render: (_, l) => (l.supplierId ? supplierName(l.supplierId) : <Typography.Text type="warning">{t('purchasing.noSupplier')}</Typography.Text>) },
          ]}
        />
      </Card>
      {drafted && (
        <Card title={t('purchasing.drafted_', { count: drafted.orders.length })} data-testid="drafted">
          {drafted.unassigned.length > 0 && <Alert type="warning" showIcon message={t('purchasing.unassigned', { count: drafted.unassigned.length })} style={{ marginBottom: 8 }} />}
          <List
            size="small"
            dataSource={drafted.orders}
            renderItem={(po) => (
              <List.Item actions={[<Button key="open" size="small" onClick={() => navigate({ screen: 'purchase-order', id: po.id })}>{t('purchasing.open')}</Button>]}>
                <a href={`#/purchasing/po/${po.id}`}>{po.number}</a> · {po.supplierName} · {po.warehouseCode} · <PoStatusTag status={po.status} /> {fmt(po.total, po.currency)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}
