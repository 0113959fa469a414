import { Button, Card, Empty, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PO_STATUSES, type PoStatus } from '../../shared/purchasing.ts';
import { AGING_BUCKETS } from '../../shared/invoice-math.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { PURCHASING_TABS, type PurchasingTab } from '../lib/route.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { PurchaseOrderForm } from './purchase-order-form.tsx';
import { PurchaseSuggestions } from './purchase-suggestions.tsx';
import { PoStatusTag, useMoney } from './purchasing-common.tsx';
import { SupplierBills } from './supplier-bills.tsx';
import { SupplierPayments } from './supplier-payments.tsx';
import { SuppliersPanel } from './suppliers.tsx';

// One letter per tab, outside text fields (Alt+P opens the screen on its orders).
const TAB_KEYS: Readonly<Record<PurchasingTab, string>> = { orders: 'o', suggestions: 'g', suppliers: 'u', bills: 'b', payments: 'm', payables: 'y' };

/**
 * Purchasing: purchase orders, the suggestions that draft them, suppliers, their bills and
 * payments, and what the shop owes. Tabs are in the URL (#/purchasing/<tab>) so the low-stock
 * alert on Home can link straight to the suggestions. Tabs the user may not use are hidden.
 */
export function PurchasingScreen({ tab }: { readonly tab: PurchasingTab }) {
  const { t } = useTranslation();
  const can = useCan();
  const visible = PURCHASING_TABS.filter((k) => (k === 'payables' ? can('reports.read') : can('purchases.read')));
  const current = visible.includes(tab) ? tab : (visible[0] ?? 'orders');
  // Not from inside a dialog (a purchase order being drafted, a bill): the tab would close it, unsaved.
  const fromDialog = (e: KeyboardEvent) => e.target instanceof Element && e.target.closest('[role="dialog"]') !== null;
  useShortcuts(Object.fromEntries(visible.map((k) => [TAB_KEYS[k], (e: KeyboardEvent) => !fromDialog(e) && navigate({ screen: 'purchasing', tab: k })])));
  const body = (k: PurchasingTab) =>
    k === 'orders' ? <PurchaseOrderList /> : k === 'suggestions' ? <PurchaseSuggestions /> : k === 'suppliers' ? <SuppliersPanel /> : k === 'bills' ? <SupplierBills /> : k === 'payments' ? <SupplierPayments /> : <Payables />;
  return (
    <div>
      <Typography.Title level={3}>{t('purchasing.title')}</Typography.Title>
      <Tabs
        activeKey={current}
        destroyOnHidden
        onChange={(k) => navigate({ screen: 'purchasing', tab: k as PurchasingTab })}
        items={visible.map((k) => ({
          key: k,
          label: (
            <span data-testid={`tab-${k}`}>
              {t(`purchasing.tabs.${k}`)}
              <Kbd combo={TAB_KEYS[k]} />
            </span>
          ),
          children: k === current ? body(k) : null,
        }))}
      />
    </div>
  );
}

/** Purchase orders, newest first; N drafts one by hand (the form opens with the cursor in the supplier). */
function PurchaseOrderList() {
  const { t } = useTranslation();
  const can = useCan();
  const fmt = useMoney();
  const [status, setStatus] = useState<PoStatus | undefined>();
  const [drafting, setDrafting] = useState(false);
  const { data, error, loading, reload } = useOp('purchaseOrders.list', { limit: 100, ...(status ? { status } : {}) });
  useShortcuts({ n: () => can('purchases.write') && setDrafting(true) }, !drafting);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Card
      extra={
        <Space>
          <Select
            aria-label={t('purchasing.status_')}
            style={{ width: 180 }}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? undefined : (v as PoStatus))}
            options={[{ value: 'all', label: t('purchasing.allStatuses') }, ...PO_STATUSES.map((s) => ({ value: s, label: t(`purchasing.status.${s}`) }))]}
          />
          {can('purchases.write') && (
            <Button type="primary" onClick={() => setDrafting(true)} data-testid="new-po">
              {t('purchasing.newOrder')} <Kbd combo="n" />
            </Button>
          )}
        </Space>
      }
    >
      {drafting && <PurchaseOrderForm onClose={(po) => (po ? navigate({ screen: 'purchase-order', id: po.id }) : setDrafting(false))} />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={loading && !data}
        dataSource={data?.items ?? []}
        data-testid="po-list"
        locale={{ emptyText: t('app.empty') }}
        onRow={(po) => ({ onClick: () => navigate({ screen: 'purchase-order', id: po.id }), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('purchasing.number'), dataIndex: 'number', render: (n: string, po) => <a href={`#/purchasing/po/${po.id}`}>{n}</a> },
          { title: t('purchasing.supplier'), dataIndex: 'supplierName' },
          { title: t('purchasing.warehouse'), dataIndex: 'warehouseCode' },
          { title: t('purchasing.orderDate'), dataIndex: 'orderDate' },
          { title: t('purchasing.status_'), dataIndex: 'status', render: (s: PoStatus) => <PoStatusTag status={s} /> },
          { title: t('purchasing.total'), align: 'right', render: (_, po) => fmt(po.total, po.currency) },
        ]}
      />
    </Card>
  );
}

function Payables() {
  const { t } = useTranslation();
  const fmt = useMoney();
  const { data, error, loading, reload } = useOp('reports.payables', {});
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Card loading={loading} />;
  const cur = data.currency;
  return (
    <Card title={`${t('purchasing.payables')} · ${t('purchasing.asOf')} ${data.asOf}`} data-testid="payables">
      <Typography.Title level={4} data-testid="payables-total">
        {t('purchasing.totalOwed')}: {fmt(data.totals.total, cur)}
      </Typography.Title>
      {data.suppliers.length === 0 ? (
        <Empty description={t('purchasing.noPayables')} />
      ) : (
        <Table
          size="small"
          rowKey="supplierId"
          pagination={false}
          dataSource={data.suppliers}
          columns={[
            { title: t('purchasing.supplier'), dataIndex: 'supplierName' },
            ...AGING_BUCKETS.map((b) => ({ title: t(`purchasing.buckets.${b}`), align: 'right' as const, render: (_: unknown, s: (typeof data.suppliers)[number]) => fmt(s[b], cur) })),
            { title: t('purchasing.total'), align: 'right', render: (_, s) => <strong>{fmt(s.total, cur)}</strong> },
            { title: t('purchasing.credit'), align: 'right', render: (_, s) => (s.credit ? fmt(s.credit, cur) : '') },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('purchasing.total')}</Table.Summary.Cell>
              {AGING_BUCKETS.map((b, i) => (
                <Table.Summary.Cell key={b} index={i + 1} align="right">
                  {fmt(data.totals[b], cur)}
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={AGING_BUCKETS.length + 1} align="right">
                <strong>{fmt(data.totals.total, cur)}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={AGING_BUCKETS.length + 2} />
            </Table.Summary.Row>
          )}
        />
      )}
    </Card>
  );
}
