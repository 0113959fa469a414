import { Card, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { dateTime } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';
import { usePages } from '../lib/use-pages.ts';
import { navigate } from '../lib/use-route.ts';

type Row = OpResult<'counts.list'>['items'][number];
type Status = Row['status'];

/**
 * The count sheets, newest first, by warehouse and status. The list takes the focus when the
 * screen opens, so ↑↓ choose a sheet and Enter opens it without the mouse.
 */
export function CountSheetList() {
  const { t } = useTranslation();
  const locale = useLocale();
  const warehouses = useOp('warehouses.list', {});
  const [warehouseId, setWarehouseId] = useState<string>();
  const [status, setStatus] = useState<Status>();
  const [active, setActive] = useState(0);
  const { items, loading, error, more, hasMore, reload } = usePages('counts.list', { ...(warehouseId ? { warehouseId } : {}), ...(status ? { status } : {}), limit: 50 });
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.focus();
  }, []);
  // The chosen row stays in sight while the arrows walk the list.
  useEffect(() => {
    listRef.current?.querySelector('.row-active')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const move = (delta: number) => {
    const next = Math.max(0, Math.min(items.length - 1, active + delta));
    setActive(next);
    if (hasMore && next > items.length - 10) more();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter' && items[active]) navigate({ screen: 'count', id: items[active].id });
    else return;
    e.preventDefault();
  };
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setActive(0);
  };

  const columns: TableProps<Row>['columns'] = [
    { title: t('counts.number'), dataIndex: 'number', width: 170 },
    { title: t('counts.warehouse'), key: 'warehouse', ellipsis: true, render: (_, r) => `${r.warehouseCode} · ${r.warehouseName}` },
    { title: t('counts.bins'), key: 'bins', width: 130, render: (_, r) => (r.binFrom || r.binTo ? `${r.binFrom ?? '…'} – ${r.binTo ?? '…'}` : t('counts.allBins')) },
    { title: t('counts.status'), dataIndex: 'status', width: 100, render: (s: Status) => <Tag color={s === 'open' ? 'blue' : 'green'}>{s === 'open' ? t('counts.open') : t('counts.posted')}</Tag> },
    { title: t('counts.progressColumn'), key: 'progress', width: 110, align: 'right', render: (_, r) => `${r.counted} / ${r.lines}` },
    { title: t('counts.createdAt'), dataIndex: 'createdAt', width: 220, render: (v: string) => dateTime(v, locale) },
  ];

  return (
    <Card size="small" title={t('counts.sheets')} data-testid="count-sheets">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          aria-label={t('counts.filterWarehouse')}
          placeholder={t('counts.allWarehouses')}
          style={{ width: 220 }}
          value={warehouseId}
          onChange={filter(setWarehouseId)}
          options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
        />
        <Select
          allowClear
          aria-label={t('counts.filterStatus')}
          placeholder={t('counts.allStatuses')}
          style={{ width: 200 }}
          value={status}
          onChange={filter(setStatus)}
          options={(['open', 'posted'] as const).map((s) => ({ value: s, label: s === 'open' ? t('counts.open') : t('counts.posted') }))}
          data-testid="count-status-filter"
        />
      </Space>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <div ref={listRef} tabIndex={0} onKeyDown={onKeyDown} className="keyboard-list" data-testid="count-list" aria-label={t('counts.sheets')}>
          <Table<Row>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={loading}
            pagination={false}
            scroll={{ y: 360 }}
            locale={{ emptyText: t('counts.noSheets') }}
            rowClassName={(_, i) => (i === active ? 'row-active' : '')}
            onRow={(r, i) => ({ onClick: () => navigate({ screen: 'count', id: r.id }), onMouseEnter: () => setActive(i ?? 0), style: { cursor: 'pointer' } })}
            onScroll={(e) => {
              const el = e.currentTarget;
              if (hasMore && el.scrollHeight - el.scrollTop - el.clientHeight < 200) more();
            }}
          />
        </div>
      )}
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
        {t('counts.listHelp')} ↑↓ <Kbd combo="enter" />
      </Typography.Text>
    </Card>
  );
}
