import { Button, Card, Col, DatePicker, Row, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/use-op.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { integer, money, todayIso } from '../lib/format.ts';
import { daysOf, monthRange } from '../lib/invoice-view.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useLocale } from '../lib/use-locale.ts';
import { ReportExports } from './report-exports.tsx';
import { TaxSummary } from './report-tax.tsx';

/**
 * The month's sales (a bar per day, the totals) and the tax summary per rate (the month, or
 * any period chosen on its card); [ and ] step a month back and forward. Credit notes count in the period they are
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
          <TaxSummary key={month.month} dateFrom={month.from} dateTo={month.to} />
          {can('data.export') && <ReportExports dateFrom={month.from} dateTo={month.to} />}
        </>
      )}
    </div>
  );
}
