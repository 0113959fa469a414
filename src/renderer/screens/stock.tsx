import { App, Button, Checkbox, Drawer, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { dateTime } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useLocale } from '../lib/use-locale.ts';
import { usePages } from '../lib/use-pages.ts';
import { StockForm } from './stock-forms.tsx';

type Level = OpResult<'stock.levels'>['items'][number];

function Movements({ level, onClose }: { readonly level: Level; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, error, loading } = useOp('stock.movements', { productId: level.productId, warehouseId: level.warehouseId, limit: 100 });
  return (
    <Drawer open title={`${t('stock.movements')} · ${level.sku} · ${level.warehouseCode}`} onClose={onClose} size="large">
      {error ? (
        <ErrorState error={error} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={loading}
          pagination={false}
          dataSource={data?.items ?? []}
          columns={[
            { title: t('stock.when'), dataIndex: 'at', render: (v: string) => dateTime(v, locale) },
            { title: t('stock.kind'), dataIndex: 'kind', render: (k: OpResult<'stock.movements'>['items'][number]['kind']) => t(`stock.kinds.${k}`) },
            { title: t('stock.onHand'), dataIndex: 'onHandDelta', align: 'right' },
            { title: t('stock.reserved'), dataIndex: 'reservedDelta', align: 'right' },
            { title: t('stock.reason'), dataIndex: 'reason', ellipsis: true },
          ]}
        />
      )}
    </Drawer>
  );
}

export function StockScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const warehouses = useOp('warehouses.list', {});
  const [warehouseId, setWarehouseId] = useState<string>();
  const [lowOnly, setLowOnly] = useState(false);
  const [form, setForm] = useState<'receive' | 'adjust'>();
  const [movementsOf, setMovementsOf] = useState<Level>();
  const { items, loading, error, more, reload } = usePages('stock.levels', { limit: 200, ...(warehouseId ? { warehouseId } : {}), ...(lowOnly ? { availableAtMost: 5 } : {}) });
  const can = useCan();
  useShortcuts({ ...(can('stock.receive') ? { r: () => setForm('receive') } : {}), ...(can('stock.adjust') ? { j: () => setForm('adjust') } : {}) }, form === undefined && movementsOf === undefined);

  const columns: TableProps<Level>['columns'] = [
    { title: t('stock.product'), render: (_, l) => `${l.sku} · ${l.productName}`, ellipsis: true },
    { title: t('stock.warehouse'), dataIndex: 'warehouseCode', width: 110 },
    { title: t('stock.onHand'), dataIndex: 'onHand', width: 100, align: 'right' },
    { title: t('stock.reserved'), dataIndex: 'reserved', width: 100, align: 'right' },
    { title: t('stock.available'), dataIndex: 'available', width: 100, align: 'right', render: (v: number) => <Typography.Text type={v <= 0 ? 'danger' : undefined}>{v}</Typography.Text> },
    // Ordered from suppliers and not yet received, beside what is on hand.
    { title: t('stock.expected'), dataIndex: 'expected', width: 100, align: 'right', render: (v: number) => (v > 0 ? v : '') },
    { width: 120, render: (_, l) => <Button size="small" onClick={() => setMovementsOf(l)}>{t('stock.movements')}</Button> },
  ];

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('stock.title')}</Typography.Title>
        <Space>
          {can('stock.receive') && (
            <Button type="primary" onClick={() => setForm('receive')}>
              {t('stock.receive')}
              <Kbd combo="r" />
            </Button>
          )}
          {can('stock.adjust') && (
            <Button onClick={() => setForm('adjust')}>
              {t('stock.adjust')}
              <Kbd combo="j" />
            </Button>
          )}
        </Space>
      </Space>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear aria-label={t('stock.warehouse')} placeholder={t('stock.warehouse')} style={{ width: 200 }} value={warehouseId} onChange={setWarehouseId} options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))} />
        <Checkbox checked={lowOnly} onChange={(e) => setLowOnly(e.target.checked)}>
          {t('stock.lowOnly')}
        </Checkbox>
      </Space>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Level>
          size="small"
          rowKey={(l) => `${l.productId}:${l.warehouseId}`}
          virtual
          scroll={{ x: 800, y: 560 }}
          pagination={false}
          loading={loading}
          columns={columns}
          dataSource={items}
          onScroll={(e) => e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 300 && more()}
          data-testid="stock-table"
        />
      )}
      {form && (
        <StockForm
          mode={form}
          onClose={() => setForm(undefined)}
          onDone={(text) => {
            setForm(undefined);
            void message.success(text);
            reload();
          }}
        />
      )}
      {movementsOf && <Movements level={movementsOf} onClose={() => setMovementsOf(undefined)} />}
    </div>
  );
}
