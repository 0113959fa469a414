import { Card, DatePicker, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { useOp } from '../api/use-op.ts';
import { ErrorState } from '../components/states.tsx';
import { money, percentFromBp } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

type Sales = OpResult<'reports.sales'>;
type TaxRow = Omit<Sales['rows'][number], 'period'>;

/** Rows of several periods summed per tax rate: the tax summary of the whole range. */
export function byRate(rows: Sales['rows']): TaxRow[] {
  const out = new Map<number, TaxRow>();
  for (const r of rows) {
    const o = out.get(r.taxRateBp) ?? { taxRateBp: r.taxRateBp, invoicedNet: 0, invoicedTax: 0, creditedNet: 0, creditedTax: 0, net: 0, tax: 0, gross: 0 };
    out.set(r.taxRateBp, { taxRateBp: r.taxRateBp, invoicedNet: o.invoicedNet + r.invoicedNet, invoicedTax: o.invoicedTax + r.invoicedTax, creditedNet: o.creditedNet + r.creditedNet, creditedTax: o.creditedTax + r.creditedTax, net: o.net + r.net, tax: o.tax + r.tax, gross: o.gross + r.gross });
  }
  return [...out.values()].sort((a, b) => a.taxRateBp - b.taxRateBp);
}

/** Tax per rate for a period: the screen's month unless another period is chosen on the card. */
export function TaxSummary({ dateFrom, dateTo }: { readonly dateFrom: string; readonly dateTo: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [range, setRange] = useState({ from: dateFrom, to: dateTo });
  const sales = useOp('reports.sales', { dateFrom: range.from, dateTo: range.to, period: 'year' });
  const rows = useMemo(() => byRate(sales.data?.rows ?? []), [sales.data]);
  const m = (n: number) => (sales.data ? money(n, sales.data.currency, locale) : '');
  return (
    <Card
      size="small"
      title={t('reports.taxTitle')}
      style={{ marginTop: 16 }}
      extra={
        <DatePicker.RangePicker
          aria-label={t('invoicing.period')}
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          format="YYYY-MM-DD"
          onChange={(r) => r?.[0] && r[1] && setRange({ from: r[0].format('YYYY-MM-DD'), to: r[1].format('YYYY-MM-DD') })}
          data-testid="tax-period"
        />
      }
    >
      {sales.error ? (
        <ErrorState error={sales.error} onRetry={sales.reload} />
      ) : (
        <Table
          size="small"
          rowKey="taxRateBp"
          pagination={false}
          loading={sales.loading}
          dataSource={rows}
          data-testid="tax-summary"
          locale={{ emptyText: t('reports.noSales') }}
          columns={[
            { title: t('reports.rate'), dataIndex: 'taxRateBp', render: (v: number) => percentFromBp(v, locale) },
            { title: t('reports.invoicedNet'), dataIndex: 'invoicedNet', align: 'right', render: (v: number) => m(v) },
            { title: t('reports.invoicedTax'), dataIndex: 'invoicedTax', align: 'right', render: (v: number) => m(v) },
            { title: t('reports.creditedNet'), dataIndex: 'creditedNet', align: 'right', render: (v: number) => m(-v) },
            { title: t('reports.creditedTax'), dataIndex: 'creditedTax', align: 'right', render: (v: number) => m(-v) },
            { title: t('reports.net'), dataIndex: 'net', align: 'right', render: (v: number) => m(v) },
            { title: t('reports.tax'), dataIndex: 'tax', align: 'right', render: (v: number) => <Typography.Text strong>{m(v)}</Typography.Text> },
            { title: t('reports.gross'), dataIndex: 'gross', align: 'right', render: (v: number) => m(v) },
          ]}
        />
      )}
    </Card>
  );
}
