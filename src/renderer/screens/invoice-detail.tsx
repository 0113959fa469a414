import { App, Button, Card, Col, Descriptions, List, Row, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpInput, OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { DocumentPreview, type PreviewTarget } from '../components/document-preview.tsx';
import { InvoiceStatusTag } from '../components/invoice-status-tag.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { saveFile } from '../lib/download.ts';
import { errorText } from '../lib/errors.ts';
import { date, money, percentFromBp } from '../lib/format.ts';
import { displayStatus } from '../lib/invoice-view.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { CreditDialog, PaymentDialog } from './invoice-dialogs.tsx';

type Invoice = OpResult<'invoices.get'>;
type Dialog = 'pay' | 'credit' | undefined;

function Balance({ doc }: { readonly doc: Invoice }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const m = (n: number) => money(n, doc.currency, locale);
  const b = doc.balance;
  const rows: [string, string, string][] = [[t('invoicing.gross'), m(doc.grossTotal), 'gross']];
  const minus = (n: number) => (n === 0 ? m(0) : `−${m(n)}`);
  if (b) rows.push([t('invoicing.credited'), minus(b.credited), 'credited'], [t('invoicing.paid'), minus(b.paid), 'paid'], [t('invoicing.refunded'), m(b.refunded), 'refunded']);
  return (
    <table className="totals-table" data-testid="invoice-balance">
      <tbody>
        {rows.map(([label, value, key]) => (
          <tr key={key}>
            <td>{label}</td>
            <td data-testid={`balance-${key}`}>{value}</td>
          </tr>
        ))}
        {b && (
          <tr>
            <td>
              <Typography.Text strong>{t('invoicing.amountDue')}</Typography.Text>
            </td>
            <td data-testid="amount-due">
              <Typography.Text strong>{m(b.amountDue)}</Typography.Text>
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function InvoiceView({ doc, onChanged }: { readonly doc: Invoice; readonly onChanged: (d: Invoice) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const can = useCan();
  const [dialog, setDialog] = useState<Dialog>();
  const [preview, setPreview] = useState<PreviewTarget>();
  const [busy, setBusy] = useState(false);
  const m = (n: number) => money(n, doc.currency, locale);
  const isInvoice = doc.kind === 'invoice';
  const title = isInvoice ? t('invoicing.detailTitle', { number: doc.number }) : t('invoicing.creditTitle', { number: doc.number });

  async function run<T>(call: () => Promise<T>, done: (r: T) => string) {
    if (busy) return;
    setBusy(true);
    try {
      const r = await call();
      void message.success(done(r));
      setDialog(undefined);
      // The screen shows what the ledger now says, never a local guess.
      onChanged(await client.call('invoices.get', { id: doc.id }));
    } catch (e) {
      // A credit note refused on a quantity or on restocking: say which rule, not just "invalid".
      const restock = isAppError(e) && e.code === 'invalid' && dialog === 'credit' && (e.field === 'returnToStock' || /^lines\.\d+\.quantity$/.test(e.field ?? ''));
      void message.error(restock ? t('invoicing.restockRefused') : isAppError(e) ? errorText(e, t) : t('errors.internal'));
    } finally {
      setBusy(false);
    }
  }

  async function ubl() {
    try {
      const file = await client.call('exports.ubl', { id: doc.id });
      saveFile(file.filename, file.xml, file.mediaType);
      void message.success(t('invoicing.ublSaved', { file: file.filename }));
    } catch (e) {
      void message.error(isAppError(e) ? `${errorText(e, t)}: ${e.message}` : t('errors.internal'));
    }
  }

  const pdf = () => setPreview({ kind: isInvoice ? 'invoice' : 'credit-note', id: doc.id, title });
  const actions = [
    { key: 'pay', when: isInvoice && (doc.balance?.amountDue ?? 0) > 0 && can('payments.write'), combo: 'p', primary: true, label: t('invoicing.recordPayment'), go: () => setDialog('pay') },
    { key: 'credit', when: isInvoice && doc.balance?.status !== 'credited' && can('credit_notes.issue'), combo: 'c', label: t('invoicing.creditNote'), go: () => setDialog('credit') },
    { key: 'pdf', when: true, combo: 'd', label: t('invoicing.pdf'), go: pdf },
    { key: 'ubl', when: can('data.export'), combo: 'u', label: t('invoicing.ubl'), go: () => void ubl() },
  ].filter((a) => a.when);
  useShortcuts({ ...Object.fromEntries(actions.map((a) => [a.combo, a.go])), backspace: () => navigate({ screen: 'invoices' }) }, dialog === undefined && preview === undefined);

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Space align="baseline">
          <Typography.Title level={3} data-testid="invoice-number" style={{ whiteSpace: 'nowrap' }}>
            {title}
          </Typography.Title>
          <InvoiceStatusTag status={displayStatus(doc)} />
        </Space>
        <Space wrap data-testid="invoice-actions">
          {actions.map((a) => (
            <Button key={a.key} type={a.primary ? 'primary' : 'default'} loading={busy && a.key !== 'pdf'} onClick={a.go} data-action={a.key}>
              {a.label}
              <Kbd combo={a.combo} />
            </Button>
          ))}
        </Space>
      </Space>
      <Descriptions size="small" column={4} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('invoicing.customer')}>{doc.customerName}</Descriptions.Item>
        <Descriptions.Item label={t('invoicing.order')}>
          <a href={`#/orders/${doc.orderId}`}>{doc.orderNumber}</a>
        </Descriptions.Item>
        <Descriptions.Item label={t('invoicing.issueDate')}>{date(doc.issueDate, locale)}</Descriptions.Item>
        {isInvoice ? (
          <Descriptions.Item label={t('invoicing.dueDate')}>{date(doc.dueDate, locale)}</Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('invoicing.credits')}>
            <a href={`#/invoices/${doc.creditedInvoiceId}`}>{doc.creditedInvoiceNumber}</a>
          </Descriptions.Item>
        )}
        {doc.reason && <Descriptions.Item label={t('invoicing.reason')}>{doc.reason}</Descriptions.Item>}
      </Descriptions>
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('invoicing.lines')} size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={doc.lines}
              data-testid="invoice-lines"
              columns={[
                { title: t('invoicing.sku'), dataIndex: 'sku', width: 110 },
                { title: t('invoicing.product'), dataIndex: 'name', ellipsis: true },
                { title: t('invoicing.quantity'), dataIndex: 'quantity', width: 60, align: 'right' },
                { title: t('invoicing.unitPrice'), dataIndex: 'unitPrice', width: 110, align: 'right', render: (v: number) => m(v) },
                { title: t('invoicing.rate'), dataIndex: 'taxRateBp', width: 80, align: 'right', render: (v: number) => percentFromBp(v, locale) },
                { title: t('invoicing.net'), dataIndex: 'net', width: 110, align: 'right', render: (v: number) => m(v) },
                { title: t('invoicing.gross'), dataIndex: 'gross', width: 110, align: 'right', render: (v: number) => m(v) },
              ]}
            />
          </Card>
          <Card title={t('invoicing.taxBreakdown')} size="small" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="taxRateBp"
              pagination={false}
              dataSource={doc.taxBreakdown}
              data-testid="tax-breakdown"
              columns={[
                { title: t('invoicing.rate'), dataIndex: 'taxRateBp', render: (v: number) => percentFromBp(v, locale) },
                { title: t('invoicing.net'), dataIndex: 'net', align: 'right', render: (v: number) => m(v) },
                { title: t('invoicing.tax'), dataIndex: 'tax', align: 'right', render: (v: number) => m(v) },
                { title: t('invoicing.gross'), dataIndex: 'gross', align: 'right', render: (v: number) => m(v) },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('invoicing.gross')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">{m(doc.netTotal)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">{m(doc.taxTotal)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <Typography.Text strong data-testid="invoice-gross">{m(doc.grossTotal)}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('invoicing.balance')} size="small">
            <Balance doc={doc} />
          </Card>
          {isInvoice && (
            <Card title={t('invoicing.payments')} size="small" style={{ marginTop: 16 }}>
              <List
                size="small"
                data-testid="invoice-payments"
                dataSource={doc.allocations}
                locale={{ emptyText: t('invoicing.noPayments') }}
                renderItem={(a) => (
                  <List.Item>
                    <div>
                      <div style={{ whiteSpace: 'nowrap' }}>{a.paymentNumber}</div>
                      <Typography.Text type="secondary">
                        {t(`invoicing.${a.kind}`)} · {date(a.allocatedOn, locale)}
                      </Typography.Text>
                    </div>
                    <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                      {a.kind === 'refund' ? `−${m(a.amount)}` : m(a.amount)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            </Card>
          )}
          {isInvoice && (
            <Card title={t('invoicing.creditNotes')} size="small" style={{ marginTop: 16 }}>
              <List
                size="small"
                data-testid="invoice-credit-notes"
                dataSource={doc.creditNotes}
                locale={{ emptyText: t('invoicing.noCreditNotes') }}
                renderItem={(c) => (
                  <List.Item>
                    <div>
                      <a href={`#/invoices/${c.id}`} style={{ whiteSpace: 'nowrap' }}>
                        {c.number}
                      </a>
                      <div>
                        <Typography.Text type="secondary">{date(c.issueDate, locale)}</Typography.Text>
                      </div>
                    </div>
                    <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                      −{m(c.grossTotal)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Col>
      </Row>
      <Button type="link" onClick={() => navigate({ screen: 'invoices' })}>
        ← {t('invoicing.back')}
        <Kbd combo="backspace" />
      </Button>
      <DocumentPreview target={preview} onClose={() => setPreview(undefined)} />
      {/* Mounted only while open, so each payment or credit note starts from empty fields. */}
      {isInvoice && dialog === 'pay' && (
        <PaymentDialog
            invoice={doc}
            open={dialog === 'pay'}
            busy={busy}
            onClose={() => setDialog(undefined)}
            onSubmit={(input: OpInput<'payments.record'>) => void run(() => client.call('payments.record', input), (p) => t('invoicing.paymentRecorded', { number: p.number }))}
          />
      )}
      {isInvoice && dialog === 'credit' && (
          <CreditDialog
            invoice={doc}
            open={dialog === 'credit'}
            busy={busy}
            onClose={() => setDialog(undefined)}
            onSubmit={(input) => void run(() => client.call('invoices.credit', input), (c) => t('invoicing.creditIssued', { number: c.number }))}
          />
      )}
    </div>
  );
}

export function InvoiceDetailScreen({ id }: { readonly id: string }) {
  const { data, error, reload } = useOp('invoices.get', { id });
  const [shown, setShown] = useState<Invoice>();
  useEffect(() => setShown(data), [data]);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!shown) return <Loading />;
  return <InvoiceView key={shown.id} doc={shown} onChanged={setShown} />;
}
