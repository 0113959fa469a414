import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ProductSelect } from '../components/product-select.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { focusFirstField } from '../lib/focus.ts';

type Props = { readonly mode: 'receive' | 'adjust'; readonly onClose: () => void; readonly onDone: (text: string) => void };

/** Receive goods (+ on hand) or adjust a count (± with a reason): one dialog, two operations. */
export function StockForm({ mode, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const warehouses = useOp('warehouses.list', {});
  const [productId, setProductId] = useState<string>();
  const [sku, setSku] = useState('');
  const [warehouseId, setWarehouseId] = useState<string>();
  const [quantity, setQuantity] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError>();
  const active = (warehouses.data?.items ?? []).filter((w) => w.active);
  const warehouse = warehouseId ?? active[0]?.id;

  async function submit() {
    setError(undefined);
    try {
      if (mode === 'receive') {
        await client.call('stock.receive', { warehouseId: warehouse!, lines: [{ productId: productId!, quantity: quantity as number }], ...(reason.trim() ? { reason: reason.trim() } : {}) });
        onDone(t('stock.received', { quantity, sku }));
      } else {
        await client.call('stock.adjust', { warehouseId: warehouse!, productId: productId!, delta: quantity as number, reason: reason.trim() });
        onDone(t('stock.adjusted'));
      }
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void submit() });
  const item = (...fields: string[]) => {
    const message = fields.map((f) => fieldError(error, f, t)).find(Boolean);
    return { validateStatus: message ? ('error' as const) : undefined, help: message };
  };
  const general = error && !['productId', 'lines', 'warehouseId', 'delta', 'reason'].some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;

  return (
    <Modal afterOpenChange={focusFirstField} open title={mode === 'receive' ? t('stock.receive') : t('stock.adjust')} onCancel={onClose} onOk={() => void submit()} okText={<span>{t('app.save')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('stock.product')} required {...item('productId', 'lines.0.productId')}>
          <ProductSelect autoFocus value={productId} onChange={(id, s) => { setProductId(id); setSku(s); }} />
        </Form.Item>
        <Form.Item label={t('stock.warehouse')} required {...item('warehouseId')}>
          <Select aria-label={t('stock.warehouse')} value={warehouse} onChange={setWarehouseId} options={active.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))} />
        </Form.Item>
        <Form.Item label={mode === 'receive' ? t('stock.quantity') : t('stock.delta')} required {...item('lines.0.quantity', 'delta', 'lines')}>
          <InputNumber aria-label={mode === 'receive' ? t('stock.quantity') : t('stock.delta')} precision={0} min={mode === 'receive' ? 1 : undefined} value={quantity} onChange={setQuantity} style={{ width: 160 }} data-testid="stock-quantity" />
        </Form.Item>
        <Form.Item label={t('stock.reason')} required={mode === 'adjust'} {...item('reason')}>
          <Input aria-label={t('stock.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
        {general && <div role="alert" style={{ color: '#cf1322' }}>{general}</div>}
      </Form>
    </Modal>
  );
}
