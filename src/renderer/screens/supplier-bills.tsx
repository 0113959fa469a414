import { Alert, App, Button, Card, Checkbox, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS } from '../../shared/contract/payments.ts';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { BillEntry } from './supplier-bill-entry.tsx';
import { useMoney } from './purchasing-common.tsx';

type Bill = OpResult<'supplierBills.get'>;
type BillRow = OpResult<'supplierBills.list'>['items'][number];
type Method = (typeof PAYMENT_METHODS)[number];

/**
 * Supplier bills: N enters one against what was delivered (differences flagged line by line),
 * a row shows its match, Pay records a payment against it. Entering and paying need their
 * permissions; reading does not change anything.
 */
export function SupplierBills() {
  const { t } = useTranslation();
  const can = useCan();
  const fmt = useMoney();
  const [unpaidOnly, setUnpaidOnly] = useState(false);
  const list = useOp('supplierBills.list', { unpaidOnly, limit: 100 });
  const [entering, setEntering] = useState(false);
  const [shown, setShown] = useState<Bill | null>(null);
  const [paying, setPaying] = useState<BillRow | null>(null);
  useShortcuts({ n: () => can('purchases.write') && setEntering(true) }, !entering && !paying);

  async function show(id: string) {
    setShown(await client.call('supplierBills.get', { id }));
  }
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        extra={
          <Space>
            <Checkbox checked={unpaidOnly} onChange={(e) => setUnpaidOnly(e.target.checked)}>
              {t('purchasing.unpaidOnly')}
            </Checkbox>
            {can('purchases.write') && (
              <Button type="primary" onClick={() => setEntering(true)} data-testid="new-bill">
                {t('purchasing.newBill')} <Kbd combo="n" />
              </Button>
            )}
          </Space>
        }
      >
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={list.loading && !list.data}
          dataSource={list.data?.items ?? []}
          data-testid="bills"
          locale={{ emptyText: t('app.empty') }}
          onRow={(b) => ({ onClick: () => void show(b.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('purchasing.number'), dataIndex: 'number' },
            { title: t('purchasing.supplier'), dataIndex: 'supplierName' },
            { title: t('purchasing.supplierRef'), dataIndex: 'supplierRef' },
            { title: t('purchasing.billDate'), dataIndex: 'billDate' },
            { title: t('purchasing.dueDate'), dataIndex: 'dueDate' },
            { title: t('purchasing.total'), align: 'right', render: (_, b) => fmt(b.total, b.currency) },
            { title: t('purchasing.paid'), align: 'right', render: (_, b) => fmt(b.paid, b.currency) },
            { title: t('purchasing.due'), align: 'right', render: (_, b) => <strong>{fmt(b.amountDue, b.currency)}</strong> },
            { title: t('purchasing.flagged'), render: (_, b) => (b.flagged ? <Tag color="orange">{t('purchasing.flagged')}</Tag> : <Tag color="green">{t('purchasing.matched')}</Tag>) },
            {
              render: (_, b) =>
                can('payments.write') && b.amountDue > 0 ? (
                  <Button
                    size="small"
                    data-testid={`pay-${b.number}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      setPaying(b);
                    }}
                  >
                    {t('purchasing.pay')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {shown && <BillCard bill={shown} />}
      {entering && (
        <BillEntry
          onClose={(bill) => {
            setEntering(false);
            if (bill) {
              setShown(bill);
              list.reload();
            }
          }}
        />
      )}
      {paying && (
        <PayDialog
          bill={paying}
          onClose={(paid) => {
            setPaying(null);
            if (paid) {
              list.reload();
              if (shown?.id === paying.id) void show(paying.id);
            }
          }}
        />
      )}
    </Space>
  );
}

/** A bill against the deliveries it covers: each line's billed quantity and price beside what was delivered, differences flagged. */
export function BillCard({ bill }: { readonly bill: Bill }) {
  const { t } = useTranslation();
  const fmt = useMoney();
  const c = bill.currency;
  return (
    <Card title={`${bill.number} · ${bill.supplierName} · ${bill.supplierRef}`} data-testid="bill-card">
      {bill.flagged ? (
        <Alert type="warning" showIcon message={t('purchasing.billFlagged', { number: bill.number })} style={{ marginBottom: 8 }} data-testid="bill-flagged" />
      ) : (
        <Alert type="success" showIcon message={t('purchasing.matched')} style={{ marginBottom: 8 }} data-testid="bill-matched" />
      )}
      <Table
        size="small"
        rowKey="lineNo"
        pagination={false}
        dataSource={bill.lines}
        columns={[
          { title: t('purchasing.sku'), dataIndex: 'sku' },
          { title: t('purchasing.billable'), dataIndex: 'billableQty', align: 'right' },
          { title: t('purchasing.billQty'), dataIndex: 'quantity', align: 'right' },
          { title: t('purchasing.receiptCost'), align: 'right', render: (_, l) => fmt(l.receiptCost, c) },
          { title: t('purchasing.billPrice'), align: 'right', render: (_, l) => fmt(l.unitPrice, c) },
          { title: t('purchasing.amount'), align: 'right', render: (_, l) => fmt(l.amount, c) },
          { title: t('purchasing.flagged'), render: (_, l) => l.flags.map((f) => <Tag key={f} color="orange">{t(`purchasing.flags.${f}`)}</Tag>) },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 8, textAlign: 'right' }}>
        {t('purchasing.total')} {fmt(bill.total, c)} · {t('purchasing.difference')} {fmt(bill.total - bill.matchedCost, c)} · {t('purchasing.paid')} {fmt(bill.paid, c)} · <strong>{t('purchasing.due')} {fmt(bill.amountDue, c)}</strong>
      </Typography.Paragraph>
    </Card>
  );
}

function PayDialog({ bill, onClose }: { readonly bill: BillRow; readonly onClose: (paid: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useMoney();
  const [amount, setAmount] = useState(moneyInputText(bill.amountDue, bill.currency));
  const [method, setMethod] = useState<Method>('bank_transfer');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string>();
  const parsed = parseMoneyInput(amount, bill.currency);

  async function pay() {
    if (parsed === undefined || parsed <= 0) return setError(t('errors.money'));
    try {
      const p = await client.call('supplierPayments.create', { supplierId: bill.supplierId, amount: parsed, method, reference: reference.trim() || null, billIds: [bill.id] });
      void message.success(t('purchasing.payment', { number: p.number, amount: fmt(p.amount, p.currency) }));
      onClose(true);
    } catch (e) {
      if (isAppError(e)) setError(errorText(e, t));
    }
  }
  useShortcuts({ 'ctrl+enter': () => void pay() });
  return (
    <Modal open title={t('purchasing.payTitle', { supplier: bill.supplierName })} onCancel={() => onClose(false)} afterOpenChange={focusFirstField} onOk={() => void pay()} okText={<>{t('purchasing.pay')} <Kbd combo="ctrl+enter" /></>} okButtonProps={{ 'data-testid': 'confirm-pay' }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          {bill.number} · {bill.supplierRef} · {t('purchasing.due')} {fmt(bill.amountDue, bill.currency)}
        </Typography.Text>
        <Input addonBefore={t('purchasing.amount')} aria-label={t('purchasing.amount')} value={amount} status={parsed === undefined ? 'error' : undefined} onChange={(e) => setAmount(e.target.value)} data-testid="pay-amount" />
        <Select aria-label={t('purchasing.method')} style={{ width: '100%' }} value={method} onChange={setMethod} options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`purchasing.methods.${m}`) }))} />
        <Input addonBefore={t('purchasing.reference')} aria-label={t('purchasing.reference')} value={reference} onChange={(e) => setReference(e.target.value)} />
        {error && <Alert type="error" showIcon message={error} />}
      </Space>
    </Modal>
  );
}
