import { Table } from 'antd';
import type { TableProps } from 'antd';
import { memo, useCallback, useMemo, type ReactNode, type RefObject, type UIEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { StatusTagText } from '../components/status-tag.tsx';
import { dateTime, money } from '../lib/format.ts';
import { channelLabel } from '../lib/labels.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';

export type Row = OpResult<'orders.list'>['items'][number];
export type TableRef = { scrollTo(config: { index: number }): void };

type OrdersTableProps = {
  readonly tableRef: RefObject<TableRef | null>;
  readonly items: readonly Row[];
  /** A spinner only while there are no rows yet: rows already shown stay until the new ones come. */
  readonly spinner: boolean;
  readonly active: number;
  readonly onActive: (index: number) => void;
  readonly onNearEnd: () => void;
};

// One object for the life of the page: the table compares its scroll setting by identity.
const SCROLL = { x: 900, y: 560 } as const;

/**
 * The rows, drawn again only when they, the loading state or the active row change: typing in
 * the search box re-renders the screen on every key, and redrawing a hundred rows then cost
 * more than the search itself. Every prop the table gets is stable between answers, and the
 * cells are plain text but for the status tag (which gets its words from here, not from a
 * translation hook of its own in each row), so drawing an answer's rows costs little.
 */
export const OrdersTable = memo(function OrdersTable({ tableRef, items, spinner, active, onActive, onNearEnd }: OrdersTableProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo<TableProps<Row>['columns']>(() => {
    const statusLabel = byCode((s: string) => t(`status.${s}`));
    const channel = byCode((c: string) => channelLabel(t, c));
    return [
      { title: t('orders.number'), dataIndex: 'number', width: 170, shouldCellUpdate: changedRow },
      { title: t('orders.date'), dataIndex: 'orderDate', width: 190, ...drawnOnce((v: string) => dateTime(v, locale)) },
      { title: t('orders.customer'), dataIndex: 'customerName', ellipsis: true, shouldCellUpdate: changedRow },
      { title: t('orders.status'), dataIndex: 'status', width: 130, ...drawnOnce((s: Row['status']) => <StatusTagText status={s} label={statusLabel(s)} />) },
      { title: t('orders.channel'), dataIndex: 'channel', width: 110, ...drawnOnce(channel) },
      { title: t('orders.total'), dataIndex: 'grossTotal', width: 150, align: 'right', ...drawnOnce((v: number, r: Row) => money(v, r.currency, locale)) },
    ];
  }, [t, locale]);
  const rowClassName = useCallback((_: Row, i: number) => (i === active ? 'row-active' : ''), [active]);
  const onRow = useCallback(
    (r: Row, i: number | undefined) => ({ onClick: () => navigate({ screen: 'order', id: r.id }), onMouseEnter: () => onActive(i ?? 0), style: ROW_STYLE }),
    [onActive],
  );
  const onScroll = useCallback(
    (e: UIEvent<HTMLElement>) => {
      const el = e.currentTarget;
      if (el.scrollHeight - el.scrollTop - el.clientHeight < 400) onNearEnd();
    },
    [onNearEnd],
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
      scroll={SCROLL}
      rowClassName={rowClassName}
      onRow={onRow}
      onScroll={onScroll}
    />
  );
});

const ROW_STYLE = { cursor: 'pointer' } as const;

// The virtual list draws its rows again after measuring them, on every hover of a row and on
// every move of the active row; without this each cell would run its render again and then
// deep-compare what it got. A cell's content changes only with its order, so it is drawn again
// only for another order.
const changedRow = (next: Row, prev: Row) => next !== prev;

/** Words for a code, looked up once per code: a translation lookup costs more than the rest of a cell. */
function byCode(words: (code: string) => string): (code: string) => string {
  const known = new Map<string, string>();
  return (code) => {
    let found = known.get(code);
    if (found === undefined) known.set(code, (found = words(code)));
    return found;
  };
}

/**
 * A column render that runs once per order and column: again only for another order, or after
 * the columns were made anew (the language changed), which starts with no order drawn.
 */
function drawnOnce<V>(render: (value: V, row: Row) => ReactNode) {
  const drawn = new WeakSet<Row>();
  return {
    render: (value: V, row: Row) => {
      drawn.add(row);
      return render(value, row);
    },
    shouldCellUpdate: (next: Row, prev: Row) => next !== prev || !drawn.has(next),
  };
}
