import { Button, Input, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { ErrorState } from '../components/states.tsx';
import { StatusTag } from '../components/status-tag.tsx';
import { Kbd } from '../components/kbd.tsx';
import { dateTime, money } from '../lib/format.ts';
import { channelLabel } from '../lib/labels.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useLocale } from '../lib/use-locale.ts';
import { usePages } from '../lib/use-pages.ts';
import { navigate } from '../lib/use-route.ts';
import { useAppStore } from '../state/app-store.ts';
import { NO_FILTERS, OrdersFilters, type OrderFilters } from './orders-filters.tsx';

type Row = OpResult<'orders.list'>['items'][number];
type TableRef = { scrollTo(config: { index: number }): void };

function listInput(f: OrderFilters) {
  return {
    limit: 100,
    sort: f.sort,
    // One character matches too much to be useful and costs the most: search from two on.
    ...(f.search.trim().length >= 2 ? { search: f.search.trim() } : {}),
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.warehouseId ? { warehouseId: f.warehouseId } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.dateFrom && f.dateTo ? { dateFrom: f.dateFrom, dateTo: f.dateTo } : {}),
  };
}

/** Saves the filters on screen when asked (read then, so typing a search leaves this be). */
const SavedViews = memo(function SavedViews({ current, onPick }: { readonly current: () => OrderFilters; readonly onPick: (f: OrderFilters) => void }) {
  const { t } = useTranslation();
  const { savedViews, saveView } = useAppStore();
  const [name, setName] = useState('');
  return (
    <Space>
      <Select
        aria-label={t('orders.views')}
        placeholder={t('orders.views')}
        style={{ width: 180 }}
        value={null}
        onChange={(v: string) => {
          const view = savedViews.find((s) => s.name === v);
          if (view) onPick({ ...NO_FILTERS, ...(view.filters as Partial<OrderFilters>) });
        }}
        options={savedViews.map((v) => ({ value: v.name, label: v.name }))}
      />
      <Input aria-label={t('orders.viewName')} placeholder={t('orders.viewName')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 160 }} />
      <Button
        disabled={!name.trim()}
        onClick={() => {
          saveView({ name: name.trim(), filters: current() as unknown as Record<string, unknown> });
          setName('');
        }}
      >
        {t('orders.saveView')}
      </Button>
    </Space>
  );
});

type OrdersTableProps = {
  readonly tableRef: RefObject<TableRef | null>;
  readonly items: readonly Row[];
  /** A spinner only while there are no rows yet: rows already shown stay until the new ones come. */
  readonly spinner: boolean;
  readonly active: number;
  readonly onActive: (index: number) => void;
  readonly onNearEnd: () => void;
};

/**
 * The rows, drawn again only when they, the loading state or the active row change: typing in
 * the search box re-renders the screen on every key, and redrawing a hundred rows then cost
 * more than the search itself.
 */
const OrdersTable = memo(function OrdersTable({ tableRef, items, spinner, active, onActive, onNearEnd }: OrdersTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo<TableProps<Row>['columns']>(
    () => [
      { title: t('orders.number'), dataIndex: 'number', width: 170 },
      { title: t('orders.date'), dataIndex: 'orderDate', width: 190, render: (v: string) => dateTime(v, locale) },
      { title: t('orders.customer'), dataIndex: 'customerName', ellipsis: true },
      { title: t('orders.status'), dataIndex: 'status', width: 130, render: (s: Row['status']) => <StatusTag status={s} /> },
      { title: t('orders.channel'), dataIndex: 'channel', width: 110, render: (v: string) => channelLabel(t, v) },
      { title: t('orders.total'), dataIndex: 'grossTotal', width: 150, align: 'right', render: (v: number, r) => money(v, r.currency, locale) },
    ],
    [t, locale],
  );
  return (
    <Table<Row>
      ref={tableRef as never}
      data-testid="orders-table"
      virtual
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={items as Row[]}
      // No spinner over rows on every key: a search answers within a frame or two, and the
      // overlay cost more than the answer.
      loading={spinner}
      pagination={false}
      scroll={{ x: 900, y: 560 }}
      rowClassName={(_, i) => (i === active ? 'row-active' : '')}
      onRow={(r, i) => ({ onClick: () => navigate({ screen: 'order', id: r.id }), onMouseEnter: () => onActive(i ?? 0), style: { cursor: 'pointer' } })}
      onScroll={(e) => {
        const el = e.currentTarget;
        if (el.scrollHeight - el.scrollTop - el.clientHeight < 400) onNearEnd();
      }}
    />
  );
});

export function OrdersScreen() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<OrderFilters>(NO_FILTERS);
  const input = useMemo(() => listInput(filters), [filters]);
  const { items, hasMore, loading, error, more, reload } = usePages('orders.list', input);
  // `more` changes with the filters; the table gets one stable function so typing leaves it be.
  const moreRef = useRef(more);
  moreRef.current = more;
  const onNearEnd = useCallback(() => moreRef.current(), []);
  const [active, setActive] = useState(0);
  const tableRef = useRef<TableRef>(null);
  useShortcuts({ n: () => navigate({ screen: 'order-new' }) });
  const changeFilters = useCallback((change: Partial<OrderFilters>) => {
    setFilters((f) => ({ ...f, ...change }));
    setActive(0);
  }, []);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const currentFilters = useCallback(() => filtersRef.current, []);

  const move = (delta: number) => {
    const next = Math.max(0, Math.min(items.length - 1, active + delta));
    setActive(next);
    tableRef.current?.scrollTo({ index: next });
    if (next > items.length - 20) more();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter' && items[active] && !(e.target as HTMLElement).closest('.ant-select, .ant-picker, button')) {
      navigate({ screen: 'order', id: items[active].id });
    } else return;
    e.preventDefault();
  };

  return (
    <div onKeyDown={onKeyDown}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('orders.title')}</Typography.Title>
        <Space>
          <SavedViews current={currentFilters} onPick={setFilters} />
          <Button type="primary" onClick={() => navigate({ screen: 'order-new' })}>
            {t('nav.newOrder')}
            <Kbd combo="n" />
          </Button>
        </Space>
      </Space>
      <OrdersFilters value={filters} onChange={changeFilters} />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <OrdersTable tableRef={tableRef} items={items} spinner={loading && items.length === 0} active={active} onActive={setActive} onNearEnd={onNearEnd} />
      )}
      <Typography.Text type="secondary">
        {t('orders.count', { count: items.length })}
        {hasMore ? ` · ${t('orders.more')}` : ''} · ↑↓ <Kbd combo="enter" />
      </Typography.Text>
    </div>
  );
}
