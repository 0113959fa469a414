import { Button, Input, Select, Space, Typography } from 'antd';
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../components/states.tsx';
import { Kbd } from '../components/kbd.tsx';
import { useShortcuts } from '../lib/shortcuts.ts';
import { prefetchFirstPage, usePages } from '../lib/use-pages.ts';
import { navigate } from '../lib/use-route.ts';
import { useAppStore } from '../state/app-store.ts';
import { NO_FILTERS, OrdersFilters, type OrderFilters } from './orders-filters.tsx';
import { OrdersTable, type TableRef } from './orders-table.tsx';

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
  const savedViews = useAppStore((s) => s.savedViews);
  const saveView = useAppStore((s) => s.saveView);
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

/** Title, saved views and the new-order button: nothing here changes while a search is typed. */
const OrdersHeader = memo(function OrdersHeader({ current, onPick }: { readonly current: () => OrderFilters; readonly onPick: (f: OrderFilters) => void }) {
  const { t } = useTranslation();
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
      <Typography.Title level={3}>{t('orders.title')}</Typography.Title>
      <Space>
        <SavedViews current={current} onPick={onPick} />
        <Button type="primary" onClick={() => navigate({ screen: 'order-new' })}>
          {t('nav.newOrder')}
          <Kbd combo="n" />
        </Button>
      </Space>
    </Space>
  );
});

/** The line under the rows, drawn again only when what it says changes. */
const OrdersFooter = memo(function OrdersFooter({ count, hasMore }: { readonly count: number; readonly hasMore: boolean }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary">
      {t('orders.count', { count })}
      {hasMore ? ` · ${t('orders.more')}` : ''} · ↑↓ <Kbd combo="enter" />
    </Typography.Text>
  );
});

/**
 * Typing a search is the hot path: each key re-renders this screen, so everything on it but
 * the search box is a memoized part whose props stay the same, and the first page for the new
 * text is asked for from the key's own event, before the screen draws it.
 */
export function OrdersScreen() {
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
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const inputKey = useRef('');
  inputKey.current = JSON.stringify(input);
  const changeFilters = useCallback((change: Partial<OrderFilters>) => {
    const next = { ...filtersRef.current, ...change };
    const nextInput = listInput(next);
    if (JSON.stringify(nextInput) !== inputKey.current) prefetchFirstPage('orders.list', nextInput);
    filtersRef.current = next;
    setFilters(next);
    setActive(0);
  }, []);
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
      <OrdersHeader current={currentFilters} onPick={setFilters} />
      <OrdersFilters value={filters} onChange={changeFilters} />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <OrdersTable tableRef={tableRef} items={items} spinner={loading && items.length === 0} active={active} onActive={setActive} onNearEnd={onNearEnd} />
      )}
      <OrdersFooter count={items.length} hasMore={hasMore} />
    </div>
  );
}
