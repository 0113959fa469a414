import { Card, Col, DatePicker, Row, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { AGING_BUCKETS } from '../../shared/invoice-math.ts';
import { useOp } from '../api/use-op.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { date, money, todayIso } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';

type Report = OpResult<'reports.receivables'>;

const BUCKET_COLORS = ['#1f6f5c', '#d9a300', '#e07b00', '#c2410c', '#9f1239'] as const;

/** What customers owe at a date, aged by days past due: a bar per bucket, then per customer and per invoice. */
export function ReceivablesScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [asOf, setAsOf] = useState(todayIso());
  const { data, error, reload } = useOp('reports.receivables', { asOf });
  const m = (n: number) => (data ? money(n, data.currency, locale) : '');
  const bucketColumns = AGING_BUCKETS.map((b) => ({ title: t(`reports.buckets.${b}`), dataIndex: b, align: 'right' as const, width: 120, render: (v: number) => m(v) }));

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('reports.receivablesTitle')}</Typography.Title>
        <Space>
          <span>{t('reports.asOf')}</span>
          <DatePicker aria-label={t('reports.asOf')} allowClear={false} value={dayjs(asOf)} format="YYYY-MM-DD" onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))} />
        </Space>
      </Space>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <Body data={data} m={m} bucketColumns={bucketColumns} locale={locale} />
      )}
    </div>
  );
}

function Body({ data, m, bucketColumns, locale }: { readonly data: Report; readonly m: (n: number) => string; readonly bucketColumns: { title: string; dataIndex: string; align: 'right'; width: number; render: (v: number) => string }[]; readonly locale: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title={`${t('reports.asOf')} ${date(data.asOf, locale)}`}>
            <BarChart
              testId="aging-chart"
              title={t('reports.receivablesTitle')}
              bars={AGING_BUCKETS.map((b, i) => ({ key: b, label: t(`reports.buckets.${b}`), value: data.totals[b], text: m(data.totals[b]), color: BUCKET_COLORS[i] }))}
              wide
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('reports.buckets.total')}>
            <table className="totals-table" data-testid="aging-totals">
              <tbody>
                {AGING_BUCKETS.map((b) => (
                  <tr key={b}>
                    <td>{t(`reports.buckets.${b}`)}</td>
                    <td data-bucket={b}>{m(data.totals[b])}</td>
                  </tr>
                ))}
                <tr>
                  <td>
                    <Typography.Text strong>{t('reports.buckets.total')}</Typography.Text>
                  </td>
                  <td data-bucket="total">
                    <Typography.Text strong>{m(data.totals.total)}</Typography.Text>
                  </td>
                </tr>
              </tbody>
            </table>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('reports.byCustomer')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="customerId"
          pagination={false}
          dataSource={data.customers}
          data-testid="aging-customers"
          locale={{ emptyText: t('reports.nothingDue') }}
          columns={[{ title: t('invoicing.customer'), dataIndex: 'customerName', ellipsis: true }, ...bucketColumns, { title: t('reports.buckets.total'), dataIndex: 'total', align: 'right', width: 120, render: (v: number) => <Typography.Text strong>{m(v)}</Typography.Text> }]}
        />
      </Card>
      <Card size="small" title={t('reports.openInvoices')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.invoices}
          data-testid="aging-invoices"
          locale={{ emptyText: t('reports.nothingDue') }}
          onRow={(r) => ({ onClick: () => navigate({ screen: 'invoice', id: r.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('invoicing.number'), dataIndex: 'number', width: 200, render: (v: string, r) => <a href={`#/invoices/${r.id}`}>{v}</a> },
            { title: t('invoicing.customer'), dataIndex: 'customerName', ellipsis: true },
            { title: t('invoicing.dueDate'), dataIndex: 'dueDate', width: 140, render: (v: string) => date(v, locale) },
            { title: t('invoicing.status'), dataIndex: 'bucket', width: 140, render: (b: Report['invoices'][number]['bucket']) => t(`reports.buckets.${b}`) },
            { title: t('invoicing.amountDue'), dataIndex: 'amountDue', width: 140, align: 'right', render: (v: number) => m(v) },
          ]}
        />
      </Card>
    </>
  );
}
