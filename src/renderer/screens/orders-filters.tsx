import { Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { InputRef } from 'antd';
import { memo, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ORDER_SORTS } from '../../shared/contract/orders.ts';
import { ORDER_STATUSES, type OrderStatus } from '../../shared/order-state.ts';
import { useOp } from '../api/use-op.ts';
import { CustomerPicker } from '../components/customer-picker.tsx';
import { Kbd } from '../components/kbd.tsx';
import { channelLabel } from '../lib/labels.ts';
import { useShortcuts } from '../lib/shortcuts.ts';

export type OrderSort = (typeof ORDER_SORTS)[number];

export type OrderFilters = {
  readonly search: string;
  readonly status: OrderStatus[];
  readonly warehouseId: string | undefined;
  readonly customerId: string | undefined;
  /** Shown beside the id, so a saved view names its customer without asking the ledger. */
  readonly customerLabel: string | undefined;
  readonly channel: string | undefined;
  readonly dateFrom: string | undefined;
  readonly dateTo: string | undefined;
  readonly sort: OrderSort;
};

export const NO_FILTERS: OrderFilters = { search: '', status: [], warehouseId: undefined, customerId: undefined, customerLabel: undefined, channel: undefined, dateFrom: undefined, dateTo: undefined, sort: 'newest' };

// The channels orders come from: entered here, or imported from a shop platform's export.
const CHANNELS = ['manual', 'shopify', 'woocommerce'] as const;

/**
 * The filter bar. `onChange` gets only what changed and must be stable: the choices beside the
 * search box are built once per change of their own values, so typing a search redraws the box
 * alone and not the six selects and the date range beside it.
 */
export const OrdersFilters = memo(function OrdersFilters({ value, onChange }: { readonly value: OrderFilters; readonly onChange: (change: Partial<OrderFilters>) => void }) {
  const { t } = useTranslation();
  const warehouses = useOp('warehouses.list', {});
  const searchRef = useRef<InputRef>(null);
  useShortcuts({ '/': () => searchRef.current?.focus(), 'alt+f': () => searchRef.current?.focus() });
  const { search, status, warehouseId, customerId, customerLabel, channel, dateFrom, dateTo, sort } = value;
  const warehouseItems = warehouses.data?.items;

  const searchBox = useMemo(
    () => (
      <Input.Search
        ref={searchRef}
        autoFocus
        allowClear
        aria-label={t('app.search')}
        placeholder={t('orders.searchPlaceholder')}
        value={search}
        onChange={(e) => onChange({ search: e.target.value })}
        style={{ width: 280 }}
        suffix={<Kbd combo="/" />}
      />
    ),
    [search, onChange, t],
  );

  // Keyed elements, not a component: the bar lays out each one as its own item.
  const choices = useMemo(
    () => [
      <Select
        key="status"
        mode="multiple"
        allowClear
        aria-label={t('orders.status')}
        placeholder={t('orders.status')}
        style={{ minWidth: 200 }}
        value={status}
        onChange={(next) => onChange({ status: next })}
        options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        maxTagCount={2}
      />,
      <Select
        key="warehouse"
        allowClear
        aria-label={t('orders.warehouse')}
        placeholder={t('orders.warehouse')}
        style={{ width: 160 }}
        value={warehouseId}
        onChange={(next) => onChange({ warehouseId: next })}
        options={(warehouseItems ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
      />,
      <CustomerPicker
        key="customer"
        value={customerId}
        initialLabel={customerLabel}
        allowNew={false}
        width={200}
        onChange={(id, label) => onChange({ customerId: id, customerLabel: label })}
        onClear={() => onChange({ customerId: undefined, customerLabel: undefined })}
      />,
      <Select
        key="channel"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('orders.channel')}
        placeholder={t('orders.channel')}
        style={{ width: 150 }}
        value={channel}
        onChange={(next) => onChange({ channel: next })}
        options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
      />,
      <DatePicker.RangePicker
        key="dates"
        aria-label={t('orders.dateRange')}
        value={dateFrom && dateTo ? [dayjs(dateFrom), dayjs(dateTo)] : null}
        onChange={(range) => onChange({ dateFrom: range?.[0]?.format('YYYY-MM-DD'), dateTo: range?.[1]?.format('YYYY-MM-DD') })}
      />,
      <Select
        key="sort"
        aria-label={t('orders.sort')}
        style={{ width: 150 }}
        value={sort}
        onChange={(next) => onChange({ sort: next })}
        options={ORDER_SORTS.map((o) => ({ value: o, label: t(`orders.sorts.${o}`) }))}
      />,
      <Button key="clear" onClick={() => onChange(NO_FILTERS)}>
        {t('orders.clear')}
      </Button>,
    ],
    [status, warehouseId, warehouseItems, customerId, customerLabel, channel, dateFrom, dateTo, sort, onChange, t],
  );

  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {searchBox}
      {choices}
    </Space>
  );
});
