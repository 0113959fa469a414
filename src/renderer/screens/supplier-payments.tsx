import { Button, Card, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/use-op.ts';
import { ErrorState } from '../components/states.tsx';
import { usePages } from '../lib/use-pages.ts';
import { useMoney } from './purchasing-common.tsx';

/**
 * Supplier payments, newest first, optionally of one supplier: what was paid, how, and which
 * bills it settled; what no bill took is credit with the supplier. Recorded from the bills tab.
 */
export function SupplierPayments() {
  const { t } = useTranslation();
  const fmt = useMoney();
  const suppliers = useOp('suppliers.list', { includeInactive: true });
  const [supplierId, setSupplierId] = useState<string>();
  const { items, hasMore, loading, error, more, reload } = usePages('supplierPayments.list', { limit: 100, ...(supplierId ? { supplierId } : {}) });
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Card
      extra={
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('purchasing.supplier')}
          placeholder={t('purchasing.allSuppliers')}
          style={{ width: 260 }}
          value={supplierId}
          onChange={(v: string | undefined) => setSupplierId(v)}
          options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
          data-testid="payments-supplier"
        />
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={loading && items.length === 0}
        dataSource={items}
        data-testid="payments"
        locale={{ emptyText: t('purchasing.noPayments') }}
        columns={[
          { title: t('purchasing.number'), dataIndex: 'number' },
          { title: t('purchasing.supplier'), dataIndex: 'supplierName' },
          { title: t('purchasing.paidOn'), dataIndex: 'paidOn' },
          { title: t('purchasing.method'), render: (_, p) => t(`purchasing.methods.${p.method}`, { defaultValue: p.method }) },
          { title: t('purchasing.reference'), dataIndex: 'reference' },
          { title: t('purchasing.paidBills'), render: (_, p) => p.allocations.map((a) => `${a.billNumber} ${fmt(a.amount, p.currency)}`).join(', ') },
          { title: t('purchasing.credit'), align: 'right', render: (_, p) => (p.unallocated ? fmt(p.unallocated, p.currency) : '') },
          { title: t('purchasing.amount'), align: 'right', render: (_, p) => <strong>{fmt(p.amount, p.currency)}</strong> },
        ]}
      />
      {hasMore && (
        <Button style={{ marginTop: 12 }} onClick={more}>
          {t('purchasing.more')}
        </Button>
      )}
    </Card>
  );
}
