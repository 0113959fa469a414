import { Button, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { InputRef, TableProps } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { InvoiceStatusTag } from '../components/invoice-status-tag.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { date, money } from '../lib/format.ts';
import { DISPLAY_STATUSES, displayStatus, type DisplayStatus } from '../lib/invoice-view.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useLocale } from '../lib/use-locale.ts';
import { usePages } from '../lib/use-pages.ts';
import { navigate } from '../lib/use-route.ts';

type Row = OpResult<'invoices.list'>['items'][number];
type TableRef = { scrollTo(config: { index: number }): void };

type Filters = { kind?: 'invoice' | 'credit_note'; number: string; statuses: DisplayStatus[]; dateFrom?: string; dateTo?: string };
const NONE: Filters = { number: '', statuses: [] };

/**
 * Invoices and credit notes, newest first. Kind, number and period are the ledger's filters;
 * the status (derived from payments and credit notes, never stored) filters the loaded pages,
 * and more pages load while too few rows match.
 */
export function InvoicesScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [f, setF] = useState<Filters>(NONE);
  const input = useMemo(
    () => ({ limit: 100, ...(f.kind ? { kind: f.kind } : {}), ...(f.number.trim() ? { number: f.number.trim() } : {}), ...(f.dateFrom && f.dateTo ? { dateFrom: f.dateFrom, dateTo: f.dateTo } : {}) }),
    [f.kind, f.number, f.dateFrom, f.dateTo],
  );
  const { items, hasMore, loading, error, more, reload } = usePages('invoices.list', input);
  const shown = useMemo(() => (f.statuses.length ? items.filter((i) => f.statuses.includes(displayStatus(i))) : items), [items, f.statuses]);
  const [active, setActive] = useState(0);
  const tableRef = useRef<TableRef>(null);
  const searchRef = useRef<InputRef>(null);
  useShortcuts({ '/': () => searchRef.current?.focus() });

  // A rare status could otherwise page through the whole ledger: at most 20 pages are fetched on
  // their own per filter; scrolling loads the rest.
  const autoPages = useRef(0);
  useEffect(() => {
    autoPages.current = 0;
  }, [input, f.statuses]);
  useEffect(() => {
    if (loading || !hasMore || shown.length >= 30 || f.statuses.length === 0 || autoPages.current >= 20) return;
    autoPages.current++;
    more();
  }, [loading, hasMore, shown.length, more, f.statuses.length, items.length]);

  const set = (change: Partial<Filters>) => {
    setF((old) => ({ ...old, ...change }));
    setActive(0);
  };
  const move = (delta: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, active + delta));
    setActive(next);
    tableRef.current?.scrollTo({ index: next });
    if (next > shown.length - 20) more();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter' && shown[active] && !(e.target as HTMLElement).closest('.ant-select, .ant-picker, button')) navigate({ screen: 'invoice', id: shown[active].id });
    else return;
    e.preventDefault();
  };

  const columns: TableProps<Row>['columns'] = [
    { title: t('invoicing.number'), dataIndex: 'number', width: 180 },
    { title: t('invoicing.kind'), dataIndex: 'kind', width: 110, render: (k: Row['kind']) => t(`invoicing.kinds.${k}`) },
    { title: t('invoicing.issueDate'), dataIndex: 'issueDate', width: 150, render: (v: string) => date(v, locale) },
    { title: t('invoicing.dueDate'), dataIndex: 'dueDate', width: 150, render: (v: string, r) => (r.kind === 'invoice' ? date(v, locale) : '') },
    { title: t('invoicing.customer'), dataIndex: 'customerName', ellipsis: true },
    { title: t('invoicing.status'), key: 'status', width: 110, render: (_, r) => <InvoiceStatusTag status={displayStatus(r)} /> },
    { title: t('invoicing.gross'), dataIndex: 'grossTotal', width: 130, align: 'right', render: (v: number, r) => money(r.kind === 'credit_note' ? -v : v, r.currency, locale) },
    { title: t('invoicing.amountDue'), key: 'due', width: 130, align: 'right', render: (_, r) => (r.balance ? money(r.balance.amountDue, r.currency, locale) : '') },
  ];

  return (
    <div onKeyDown={onKeyDown}>
      <Typography.Title level={3}>{t('invoicing.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          ref={searchRef}
          autoFocus
          allowClear
          aria-label={t('invoicing.searchNumber')}
          placeholder={t('invoicing.searchNumber')}
          value={f.number}
          onChange={(e) => set({ number: e.target.value })}
          style={{ width: 240 }}
          suffix={<Kbd combo="/" />}
        />
        <Select
          allowClear
          aria-label={t('invoicing.kind')}
          placeholder={t('invoicing.kind')}
          style={{ width: 150 }}
          value={f.kind}
          onChange={(kind) => set({ kind })}
          options={(['invoice', 'credit_note'] as const).map((k) => ({ value: k, label: t(`invoicing.kinds.${k}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('invoicing.status')}
          placeholder={t('invoicing.status')}
          style={{ minWidth: 220 }}
          value={f.statuses}
          onChange={(statuses) => set({ statuses })}
          options={DISPLAY_STATUSES.map((s) => ({ value: s, label: t(`invoicing.statuses.${s}`) }))}
          maxTagCount={2}
          data-testid="invoice-status-filter"
        />
        <DatePicker.RangePicker
          aria-label={t('invoicing.period')}
          value={f.dateFrom && f.dateTo ? [dayjs(f.dateFrom), dayjs(f.dateTo)] : null}
          onChange={(range) => set({ dateFrom: range?.[0]?.format('YYYY-MM-DD'), dateTo: range?.[1]?.format('YYYY-MM-DD') })}
        />
        <Button onClick={() => set(NONE)}>{t('invoicing.clear')}</Button>
      </Space>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Row>
          ref={tableRef as never}
          data-testid="invoices-table"
          virtual
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={shown}
          loading={loading}
          pagination={false}
          scroll={{ x: 1000, y: 560 }}
          rowClassName={(_, i) => (i === active ? 'row-active' : '')}
          onRow={(r, i) => ({ onClick: () => navigate({ screen: 'invoice', id: r.id }), onMouseEnter: () => setActive(i ?? 0), style: { cursor: 'pointer' } })}
          onScroll={(e) => {
            const el = e.currentTarget;
            if (el.scrollHeight - el.scrollTop - el.clientHeight < 400) more();
          }}
        />
      )}
      <Typography.Text type="secondary">
        {t('invoicing.count', { count: shown.length })}
        {shown.length < items.length ? ` · ${t('invoicing.filteredOut', { count: items.length - shown.length })}` : ''} · ↑↓ <Kbd combo="enter" />
      </Typography.Text>
    </div>
  );
}
