import { Alert, App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { returnFromReceipts } from '../../shared/purchasing.ts';
import { client } from '../api/client.ts';
import { Kbd } from '../components/kbd.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { useShortcuts } from '../lib/shortcuts.ts';

type Po = OpResult<'purchaseOrders.get'>;
type ReceiptLine = Po['receipts'][number]['lines'][number];
const QTY_ID = 'supplier-return-quantity';

/** What of each product on the order can still go back: its receipt lines, oldest delivery first. */
function returnable(po: Po): { productId: string; sku: string; name: string; lines: ReceiptLine[]; left: number }[] {
  const byProduct = new Map<string, ReceiptLine[]>();
  for (const r of po.receipts) for (const l of r.lines) byProduct.set(l.productId, [...(byProduct.get(l.productId) ?? []), l]);
  return po.lines
    .filter((l) => byProduct.has(l.productId))
    .map((l) => {
      const lines = byProduct.get(l.productId)!;
      return { productId: l.productId, sku: l.sku, name: l.name, lines, left: lines.reduce((n, x) => n + x.quantity - x.returnedQty, 0) };
    })
    .filter((p) => p.left > 0);
}

/**
 * Goods of a purchase order sent back to the supplier: the product (type-ahead; Enter moves on
 * to the quantity), how many, and why. The units are taken from the deliveries' receipt lines
 * (not yet billed first: see returnFromReceipts) and posted through supplierReturns.create.
 */
export function SupplierReturnDialog({ po, onClose }: { readonly po: Po; readonly onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const products = returnable(po);
  const [productId, setProductId] = useState<string | undefined>(products.length === 1 ? products[0]!.productId : undefined);
  const [quantity, setQuantity] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError>();
  const [local, setLocal] = useState<{ field: 'productId' | 'quantity'; text: string }>();
  const [busy, setBusy] = useState(false);
  const chosen = products.find((p) => p.productId === productId);

  async function post() {
    if (busy) return;
    setError(undefined);
    setLocal(undefined);
    if (!chosen) return setLocal({ field: 'productId', text: t('purchasing.pickProduct') });
    const lines = returnFromReceipts(chosen.lines, quantity ?? 0);
    if (!lines) return setLocal({ field: 'quantity', text: t('purchasing.returnAtMost', { qty: chosen.left }) });
    setBusy(true);
    try {
      const done = await client.call('supplierReturns.create', { reason: reason.trim(), lines });
      void message.success(t('purchasing.returned', { number: done.number, qty: quantity ?? 0, sku: chosen.sku }));
      onClose(true);
    } catch (e) {
      if (isAppError(e)) setError(e);
    } finally {
      setBusy(false);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void post() });

  // The ledger names the receipt line's quantity (lines.N.quantity); here that is the one quantity field.
  const qtyError = local?.field === 'quantity' ? local.text : fieldError(error, 'lines', t);
  const reasonError = fieldError(error, 'reason', t);
  const otherError = error && !qtyError && !reasonError ? errorText(error, t) : undefined;
  return (
    <Modal
      open
      title={t('purchasing.returnTitle', { number: po.number })}
      onCancel={() => onClose(false)}
      afterOpenChange={focusFirstField}
      onOk={() => void post()}
      okText={
        <>
          {t('purchasing.postReturn')} <Kbd combo="ctrl+enter" />
        </>
      }
      okButtonProps={{ loading: busy, 'data-testid': 'post-return' }}
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()} data-testid="return-form">
        <Form.Item label={t('purchasing.product')} required validateStatus={local?.field === 'productId' ? 'error' : undefined} help={local?.field === 'productId' ? local.text : undefined}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            aria-label={t('purchasing.product')}
            placeholder={t('purchasing.pickProduct')}
            value={productId}
            onSelect={(v: string) => {
              setProductId(v);
              setTimeout(() => document.getElementById(QTY_ID)?.focus(), 0);
            }}
            options={products.map((p) => ({ value: p.productId, label: `${p.sku} · ${p.name} · ${t('purchasing.returnable', { qty: p.left })}` }))}
          />
        </Form.Item>
        <Form.Item label={t('purchasing.quantity')} required validateStatus={qtyError ? 'error' : undefined} help={qtyError}>
          <InputNumber
            id={QTY_ID}
            aria-label={t('purchasing.quantity')}
            min={1}
            precision={0}
            value={quantity}
            style={{ width: 160 }}
            onChange={(v) => {
              setQuantity(typeof v === 'number' ? v : null);
              setLocal(undefined);
            }}
          />
        </Form.Item>
        <Form.Item label={t('purchasing.reason')} required validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
          <Input
            aria-label={t('purchasing.reason')}
            value={reason}
            maxLength={500}
            onChange={(e) => {
              setReason(e.target.value);
              setError(undefined);
            }}
          />
        </Form.Item>
        {otherError && <Alert type="error" showIcon title={otherError} role="alert" />}
      </Form>
    </Modal>
  );
}
