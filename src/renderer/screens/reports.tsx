import { Button, Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { useOp } from '../api/use-op.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { integer, money, percentFromBp, todayIso } from '../lib/format.ts';
import { daysOf, monthRange } from '../lib/invoice-view.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useLocale } from '../lib/use-locale.ts';
import { ReportExports } from './report-exports.tsx';

type Sales = OpResult<'reports.sales'>;
type TaxRow = Omit<Sales['rows'][number], 'period'>;

/** Rows of several periods summed per tax rate: the tax summary of the whole range. */
function byRate(rows: Sales['rows']): TaxRow[] {
  const out = new Map<number, TaxRow>();
  for (const r of rows) {
    const o = out.get(r.taxRateBp) ?? { taxRateBp: r.taxRateBp, invoicedNet: 0, invoicedTax: 0, creditedNet: 0, creditedTax: 0, net: 0, tax: 0, gross: 0 };
    out.set(r.taxRateBp, { taxRateBp: r.taxRateBp, invoicedNet: o.invoicedNet + r.invoicedNet, invoicedTax: o.invoicedTax + r.invoicedTax, creditedNet: o.creditedNet + r.creditedNet, creditedTax: o.creditedTax + r.creditedTax, net: o.net + r.net, tax: o.tax + r.tax, gross: o.gross + r.gross });
  }
  return [...out.values()].sort((a, b) => a.taxRateBp - b.taxRateBp);
}

/**
 * The month's sales (a bar per day, the totals) and the tax summary per rate for the same
 * period; [ and ] step a month back and forward. Credit notes count in the period they are
 * issued in, as the ledger's report does.
 */
export function ReportsScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const can = useCan();
  const [month, setMonth] = useState(() => monthRange(todayIso()));
  const sales = useOp('reports.sales', { dateFrom: month.from, dateTo: month.to, period: 'day' });
  const step = (n: number) => setMonth((m) => monthRange(m.from, n));
  useShortcuts({ '[': () => step(-1), ']': () => step(1) });

  const data = sales.data;
  const m = (n: number) => (data ? money(n, data.currency, locale) : '');
  const perDay = useMemo(() => {
    const net = new Map<string, number>();
    for (const r of data?.rows ?? []) net.set(r.period, (net.get(r.period) ?? 0) + r.net);
    return daysOf(month.from, month.to).map((d) => ({ key: d, label: String(Number(d.slice(8))), value: net.get(d) ?? 0, text: m(net.get(d) ?? 0) }));
  }, [data, month.from, month.to, locale]);
  const taxRows = useMemo(() => byRate(data?.rows ?? []), [data]);
  const monthName = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month.from}T00:00:00Z`));

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('reports.title')}</Typography.Title>
        <Space>
          <Button onClick={() => step(-1)} aria-label={t('reports.prevMonth')}>
            ‹<Kbd combo="[" />
          </Button>
          <DatePicker picker="month" aria-label={t('reports.month')} allowClear={false} value={dayjs(month.from)} format="YYYY-MM" onChange={(d) => d && setMonth(monthRange(d.format('YYYY-MM-DD')))} />
          <Button onClick={() => step(1)} aria-label={t('reports.nextMonth')}>
            <Kbd combo="]" />›
          </Button>
        </Space>
      </Space>
      {sales.error ? (
        <ErrorState error={sales.error} onRetry={sales.reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <Card size="small" title={t('reports.salesTitle', { month: monthName })} data-testid="sales-report" data-month={month.month}>
            <Row gutter={16}>
              <Col span={5}>
                <Statistic title={t('reports.net')} value={m(data.totals.net)} data-testid="sales-net" />
              </Col>
              <Col span={5}>
                <Statistic title={t('reports.tax')} value={m(data.totals.tax)} data-testid="sales-tax" />
              </Col>
              <Col span={6}>
                <Statistic title={t('reports.gross')} value={m(data.totals.gross)} data-testid="sales-gross" />
              </Col>
              <Col span={4}>
                <Statistic title={t('reports.invoices')} value={integer(data.totals.invoices, locale)} data-testid="sales-invoices" />
              </Col>
              <Col span={4}>
                <Statistic title={t('reports.creditNotes')} value={integer(data.totals.creditNotes, locale)} data-testid="sales-credit-notes" />
              </Col>
            </Row>
            <Typography.Text type="secondary">{t('reports.salesByDay')}</Typography.Text>
            <BarChart testId="sales-chart" title={t('reports.salesByDay')} bars={perDay} />
          </Card>
          <Card size="small" title={t('reports.taxTitle')} style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="taxRateBp"
              pagination={false}
              dataSource={taxRows}
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
          </Card>
          {can('data.export') && <ReportExports dateFrom={month.from} dateTo={month.to} />}
        </>
      )}
    </div>
  );
}
