import { Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { InputRef } from 'antd';
import { useRef } from 'react';
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

export function OrdersFilters({ value, onChange }: { readonly value: OrderFilters; readonly onChange: (f: OrderFilters) => void }) {
  const { t } = useTranslation();
  const warehouses = useOp('warehouses.list', {});
  const searchRef = useRef<InputRef>(null);
  useShortcuts({ '/': () => searchRef.current?.focus(), 'alt+f': () => searchRef.current?.focus() });
  const set = (change: Partial<OrderFilters>) => onChange({ ...value, ...change });

  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        ref={searchRef}
        autoFocus
        allowClear
        aria-label={t('app.search')}
        placeholder={t('orders.searchPlaceholder')}
        value={value.search}
        onChange={(e) => set({ search: e.target.value })}
        style={{ width: 280 }}
        suffix={<Kbd combo="/" />}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('orders.status')}
        placeholder={t('orders.status')}
        style={{ minWidth: 200 }}
        value={value.status}
        onChange={(status) => set({ status })}
        options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        maxTagCount={2}
      />
      <Select
        allowClear
        aria-label={t('orders.warehouse')}
        placeholder={t('orders.warehouse')}
        style={{ width: 160 }}
        value={value.warehouseId}
        onChange={(warehouseId) => set({ warehouseId })}
        options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
      />
      <CustomerPicker
        value={value.customerId}
        initialLabel={value.customerLabel}
        allowNew={false}
        width={200}
        onChange={(customerId, customerLabel) => set({ customerId, customerLabel })}
        onClear={() => set({ customerId: undefined, customerLabel: undefined })}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('orders.channel')}
        placeholder={t('orders.channel')}
        style={{ width: 150 }}
        value={value.channel}
        onChange={(channel) => set({ channel })}
        options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
      />
      <DatePicker.RangePicker
        aria-label={t('orders.dateRange')}
        value={value.dateFrom && value.dateTo ? [dayjs(value.dateFrom), dayjs(value.dateTo)] : null}
        onChange={(range) => set({ dateFrom: range?.[0]?.format('YYYY-MM-DD'), dateTo: range?.[1]?.format('YYYY-MM-DD') })}
      />
      <Select
        aria-label={t('orders.sort')}
        style={{ width: 150 }}
        value={value.sort}
        onChange={(sort) => set({ sort })}
        options={ORDER_SORTS.map((sort) => ({ value: sort, label: t(`orders.sorts.${sort}`) }))}
      />
      <Button onClick={() => onChange(NO_FILTERS)}>{t('orders.clear')}</Button>
    </Space>
  );
}
