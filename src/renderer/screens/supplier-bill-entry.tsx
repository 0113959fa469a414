import { Alert, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { moneyInputText, parseMoneyInput, todayIso } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useMoney } from './purchasing-common.tsx';

type Bill = OpResult<'supplierBills.get'>;
/** A delivered line still waiting for a bill, with what the clerk types against it. */
type Row = { receiptLineId: string; receipt: string; poNumber: string; sku: string; billable: number; cost: number; qty: number; price: string };

/** Delivered lines of a supplier not yet fully billed (received − returned − billed), from its purchase orders' receipts. */
async function billableLines(supplierId: string, currency: string): Promise<Row[]> {
  const orders = await client.call('purchaseOrders.list', { supplierId, limit: 200 });
  const rows: Row[] = [];
  for (const o of orders.items.filter((x) => x.status !== 'draft' && x.status !== 'cancelled' && x.status !== 'sent')) {
    const po = await client.call('purchaseOrders.get', { id: o.id });
    for (const r of po.receipts)
      for (const l of r.lines) {
        const billable = l.quantity - l.returnedQty - l.billedQty;
        if (billable > 0) rows.push({ receiptLineId: l.id, receipt: r.number, poNumber: po.number, sku: l.sku, billable, cost: l.unitCost, qty: billable, price: moneyInputText(l.unitCost, currency) });
      }
  }
  return rows;
}

/** Enter a supplier's bill: choose the supplier, type their invoice number, adjust quantities and prices as billed; Ctrl+Enter saves. */
export function BillEntry({ onClose }: { readonly onClose: (bill: Bill | null) => void }) {
  const { t } = useTranslation();
  const fmt = useMoney();
  const suppliers = useOp('suppliers.list', {});
  const [supplierId, setSupplierId] = useState<string>();
  const supplier = suppliers.data?.items.find((s) => s.id === supplierId);
  const currency = supplier?.currency ?? 'CNY';
  const [ref, setRef] = useState('');
  const [billDate, setBillDate] = useState(todayIso());
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    setRows(null);
    if (supplierId && supplier) void billableLines(supplierId, supplier.currency).then(setRows);
  }, [supplierId, supplier]);

  const put = (i: number, patch: Partial<Row>) => setRows((rs) => rs && rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  async function save() {
    if (!supplierId || !rows) return;
    const lines = rows.filter((r) => r.qty > 0).map((r) => ({ receiptLineId: r.receiptLineId, quantity: r.qty, unitPrice: parseMoneyInput(r.price, currency) ?? -1 }));
    try {
      onClose(await client.call('supplierBills.create', { supplierId, supplierRef: ref.trim(), billDate, lines }));
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void save() });
  const refError = fieldError(error, 'supplierRef', t);

  return (
    <Modal open title={t('purchasing.newBill')} width={900} onCancel={() => onClose(null)} afterOpenChange={focusFirstField} onOk={() => void save()} okText={<>{t('app.save')} <Kbd combo="ctrl+enter" /></>} okButtonProps={{ disabled: !rows || rows.length === 0, 'data-testid': 'save-bill' }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('purchasing.supplier')}
            placeholder={t('purchasing.pickSupplier')}
            style={{ width: 260 }}
            value={supplierId}
            onChange={setSupplierId}
            options={(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
            data-testid="bill-supplier"
          />
          <Input addonBefore={t('purchasing.supplierRef')} aria-label={t('purchasing.supplierRef')} status={refError ? 'error' : undefined} value={ref} onChange={(e) => setRef(e.target.value)} style={{ width: 330 }} data-testid="bill-ref" />
          <Input addonBefore={t('purchasing.billDate')} aria-label={t('purchasing.billDate')} value={billDate} onChange={(e) => setBillDate(e.target.value)} style={{ width: 220 }} />
        </Space>
        {supplierId && rows && rows.length === 0 && <Alert type="info" showIcon message={t('purchasing.nothingToBill')} />}
        {rows && rows.length > 0 && (
          <Table
            size="small"
            rowKey="receiptLineId"
            pagination={false}
            dataSource={rows}
            data-testid="bill-lines"
            columns={[
              { title: t('purchasing.receiptNo'), render: (_, r) => `${r.receipt} (${r.poNumber})` },
              { title: t('purchasing.sku'), dataIndex: 'sku' },
              { title: t('purchasing.billable'), dataIndex: 'billable', align: 'right' },
              { title: t('purchasing.receiptCost'), align: 'right', render: (_, r) => fmt(r.cost, currency) },
              { title: t('purchasing.billQty'), render: (_, r, i) => <InputNumber size="small" min={0} aria-label={`${t('purchasing.billQty')} ${r.sku}`} value={r.qty} onChange={(v) => put(i, { qty: v ?? 0 })} /> },
              {
                title: t('purchasing.billPrice'),
                render: (_, r, i) => (
                  <Input size="small" style={{ width: 110 }} aria-label={`${t('purchasing.billPrice')} ${r.sku}`} status={parseMoneyInput(r.price, currency) === undefined ? 'error' : undefined} value={r.price} onChange={(e) => put(i, { price: e.target.value })} />
                ),
              },
              { title: t('purchasing.flagged'), render: (_, r) => <Typography.Text type="warning">{[r.qty > r.billable ? t('purchasing.flags.quantity_over') : r.qty < r.billable && r.qty > 0 ? t('purchasing.flags.quantity_under') : '', (parseMoneyInput(r.price, currency) ?? r.cost) > r.cost ? t('purchasing.flags.price_higher') : (parseMoneyInput(r.price, currency) ?? r.cost) < r.cost ? t('purchasing.flags.price_lower') : ''].filter(Boolean).join(' · ')}</Typography.Text> },
            ]}
          />
        )}
        {error && <Alert type="error" showIcon message={errorText(error, t)} />}
      </Space>
    </Modal>
  );
}
