import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, Table, Typography } from 'antd';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpInput, OpResult } from '../../shared/contract/index.ts';
import { PAYMENT_METHODS } from '../../shared/contract/payments.ts';
import { client } from '../api/client.ts';
import { Kbd } from '../components/kbd.tsx';
import { focusFirstField } from '../lib/focus.ts';
import { money, moneyInputText, parseMoneyInput, todayIso } from '../lib/format.ts';
import { creditLines, isIsoDate } from '../lib/invoice-view.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useLocale } from '../lib/use-locale.ts';

type Invoice = OpResult<'invoices.get'>;

/**
 * Ctrl+Enter submits from any field of the dialog. Taken in the capture phase, because a focused
 * select would otherwise take the Enter for itself (it opens its list) and swallow the shortcut.
 */
function ctrlEnter(submit: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    e.stopPropagation();
    submit();
  };
}
type Method = (typeof PAYMENT_METHODS)[number];

/**
 * A payment against this invoice: the amount is typed as text and parsed into exact minor units
 * (never through a float). What is due is allocated to the invoice; anything above stays as the
 * customer's credit.
 */
export function PaymentDialog({ invoice, open, busy, onClose, onSubmit }: { readonly invoice: Invoice; readonly open: boolean; readonly busy: boolean; readonly onClose: () => void; readonly onSubmit: (input: OpInput<'payments.record'>) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const due = invoice.balance?.amountDue ?? 0;
  const [method, setMethod] = useState<Method>('bank_transfer');
  const [amountText, setAmountText] = useState('');
  const [paidOn, setPaidOn] = useState(todayIso());
  const [reference, setReference] = useState('');
  const amount = parseMoneyInput(amountText, invoice.currency);
  const amountOk = amount !== undefined && amount > 0;
  const dateOk = isIsoDate(paidOn);
  const submit = () => {
    if (!amountOk || !dateOk || busy) return;
    onSubmit({
      customerId: invoice.customerId,
      kind: 'payment',
      method,
      amount,
      paidOn,
      reference: reference.trim() || null,
      ...(due > 0 ? { allocations: [{ invoiceId: invoice.id, amount: Math.min(amount, due) }] } : {}),
    });
  };
  useShortcuts({ 'ctrl+enter': submit }, open);
  return (
    <Modal
      afterOpenChange={focusFirstField}
      open={open}
      title={`${t('invoicing.recordPayment')} · ${invoice.number}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: !amountOk || !dateOk }}
      okText={<span>{t('invoicing.recordPayment')}<Kbd combo="ctrl+enter" /></span>}
      cancelText={t('app.close')}
      destroyOnHidden
    >
      <div onKeyDownCapture={ctrlEnter(submit)}>
      <Form layout="vertical" component="div">
        <Form.Item label={t('invoicing.amount')} htmlFor="pay-amount" help={amountText && !amountOk ? t('errors.money') : t('invoicing.amountHelp', { max: money(due, invoice.currency, locale) })} validateStatus={amountText && !amountOk ? 'error' : ''}>
          <Input id="pay-amount" inputMode="decimal" value={amountText} onChange={(e) => setAmountText(e.target.value)} placeholder={moneyInputText(Math.max(due, 0), invoice.currency)} />
        </Form.Item>
        <Form.Item label={t('invoicing.method')} htmlFor="pay-method">
          <Select id="pay-method" showSearch={{ optionFilterProp: 'label' }} value={method} onChange={setMethod} options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`invoicing.methods.${m}`) }))} />
        </Form.Item>
        <Form.Item label={t('invoicing.paidOn')} htmlFor="pay-date" validateStatus={dateOk ? '' : 'error'} help={dateOk ? undefined : t('invoicing.badDate')}>
          <Input id="pay-date" value={paidOn} onChange={(e) => setPaidOn(e.target.value.trim())} />
        </Form.Item>
        <Form.Item label={t('invoicing.reference')} htmlFor="pay-ref">
          <Input id="pay-ref" value={reference} maxLength={100} onChange={(e) => setReference(e.target.value)} />
        </Form.Item>
      </Form>
      </div>
    </Modal>
  );
}

/** Units of each invoice line that earlier credit notes have not taken back yet. */
function useOpenQuantities(invoice: Invoice, open: boolean): Record<string, number> | undefined {
  const [openQty, setOpenQty] = useState<Record<string, number>>();
  useEffect(() => {
    if (!open) return;
    let live = true;
    void Promise.all(invoice.creditNotes.map((c) => client.call('invoices.get', { id: c.id }))).then((notes) => {
      const credited = new Map<string, number>();
      for (const n of notes) for (const l of n.lines) if (l.creditedLineId) credited.set(l.creditedLineId, (credited.get(l.creditedLineId) ?? 0) + l.quantity);
      if (live) setOpenQty(Object.fromEntries(invoice.lines.map((l) => [l.id, l.quantity - (credited.get(l.id) ?? 0)])));
    });
    return () => {
      live = false;
    };
  }, [invoice, open]);
  return openQty;
}

/** A credit note for chosen quantities, or for all that is left; returned goods optionally back to stock. */
export function CreditDialog({ invoice, open, busy, onClose, onSubmit }: { readonly invoice: Invoice; readonly open: boolean; readonly busy: boolean; readonly onClose: () => void; readonly onSubmit: (input: OpInput<'invoices.credit'>) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openQty = useOpenQuantities(invoice, open);
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [all, setAll] = useState(false);
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(false);
  const lines = creditLines(chosen, openQty ?? {});
  const ready = reason.trim() !== '' && (all || lines.length > 0);
  const submit = () => {
    if (!ready || busy) return;
    onSubmit({ invoiceId: invoice.id, reason: reason.trim(), returnToStock: restock, ...(all ? {} : { lines }) });
  };
  useShortcuts({ 'ctrl+enter': submit }, open);
  return (
    <Modal
      afterOpenChange={focusFirstField}
      open={open}
      title={`${t('invoicing.creditNote')} · ${invoice.number}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okButtonProps={{ disabled: !ready, danger: true }}
      okText={<span>{t('invoicing.creditNote')}<Kbd combo="ctrl+enter" /></span>}
      cancelText={t('app.close')}
      width={760}
      destroyOnHidden
    >
      <div onKeyDownCapture={ctrlEnter(submit)}>
      <Form layout="vertical" component="div">
        <Form.Item label={t('invoicing.reason')} htmlFor="credit-reason" required>
          <Input id="credit-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
      <Typography.Paragraph>{t('invoicing.creditHelp')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={invoice.lines}
        data-testid="credit-lines"
        columns={[
          { title: t('invoicing.sku'), dataIndex: 'sku', width: 110 },
          { title: t('invoicing.product'), dataIndex: 'name', ellipsis: true },
          { title: t('invoicing.gross'), dataIndex: 'gross', width: 110, align: 'right', render: (v: number) => money(v, invoice.currency, locale) },
          { title: t('invoicing.openQty'), key: 'open', width: 80, align: 'right', render: (_, l) => openQty?.[l.id] ?? '…' },
          {
            title: t('invoicing.creditQty'),
            key: 'credit',
            width: 110,
            render: (_, l) => (
              <InputNumber
                aria-label={`${t('invoicing.creditQty')} ${l.sku}`}
                min={0}
                max={openQty?.[l.id] ?? 0}
                precision={0}
                disabled={all || !openQty || (openQty[l.id] ?? 0) === 0}
                value={chosen[l.id] ?? 0}
                onChange={(v) => setChosen((c) => ({ ...c, [l.id]: typeof v === 'number' ? v : 0 }))}
              />
            ),
          },
        ]}
      />
      <div style={{ marginTop: 12, display: 'flex', gap: 24 }}>
        <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
          {t('invoicing.creditAll')}
        </Checkbox>
        <Checkbox checked={restock} onChange={(e) => setRestock(e.target.checked)}>
          {t('invoicing.returnToStock')}
        </Checkbox>
      </div>
      {!all && reason.trim() !== '' && lines.length === 0 && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('invoicing.nothingChosen')} />}
      </div>
    </Modal>
  );
}
