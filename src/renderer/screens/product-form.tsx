import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { focusFirstField } from '../lib/focus.ts';

type Product = OpResult<'products.get'>;

/** New or changed product; errors from the ledger appear next to the field they name. */
export function ProductForm({ product, currency, onClose, onSaved }: { readonly product: Product | undefined; readonly currency: string; readonly onClose: () => void; readonly onSaved: (p: Product) => void }) {
  const { t } = useTranslation();
  const taxRates = useOp('taxRates.list', {});
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [altName, setAltName] = useState(product?.altName ?? '');
  const [price, setPrice] = useState(product ? moneyInputText(product.price, currency) : '');
  const [taxRateId, setTaxRateId] = useState(product?.taxRateId);
  const [barcodes, setBarcodes] = useState(product?.barcodes.map((b) => b.code).join(' ') ?? '');
  const [allowBackorder, setAllowBackorder] = useState(product?.allowBackorder ?? false);
  const [error, setError] = useState<AppError>();
  const rates = (taxRates.data?.items ?? []).filter((r) => r.active);
  const taxRate = taxRateId ?? rates[0]?.id;
  const priceMinor = parseMoneyInput(price, currency);

  async function submit() {
    setError(undefined);
    if (priceMinor === undefined) {
      setError(new AppError({ code: 'invalid', field: 'price', message: 'price' }));
      return;
    }
    const fields = { sku, name, altName: altName.trim() || null, price: priceMinor, taxRateId: taxRate!, allowBackorder, barcodes: barcodes.split(/[\s,]+/).filter(Boolean) };
    try {
      onSaved(product ? await client.call('products.update', { id: product.id, ...fields }) : await client.call('products.create', fields));
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void submit() });

  const item = (field: string) => {
    const message = field === 'price' && error?.field === 'price' && error.message === 'price' ? t('errors.money') : fieldError(error, field, t);
    return { validateStatus: message ? ('error' as const) : undefined, help: message };
  };
  const general = error && !['sku', 'name', 'altName', 'price', 'taxRateId', 'barcodes'].some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;

  return (
    <Modal afterOpenChange={focusFirstField} open title={product ? t('products.edit') : t('products.newProduct')} onCancel={onClose} onOk={() => void submit()} okText={<span>{t('app.save')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('products.sku')} required {...item('sku')}>
          <Input autoFocus aria-label={t('products.sku')} value={sku} onChange={(e) => setSku(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('products.name')} required {...item('name')}>
          <Input aria-label={t('products.name')} value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('products.altName')} {...item('altName')}>
          <Input aria-label={t('products.altName')} value={altName} onChange={(e) => setAltName(e.target.value)} />
        </Form.Item>
        <Form.Item label={`${t('products.price')} (${currency})`} required {...item('price')}>
          <Input aria-label={t('products.price')} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('products.taxRate')} required {...item('taxRateId')} extra={rates.length === 0 ? t('products.noTaxRates') : undefined}>
          <Select aria-label={t('products.taxRate')} value={taxRate} onChange={setTaxRateId} options={rates.map((r) => ({ value: r.id, label: `${r.name} (${r.code})` }))} />
        </Form.Item>
        <Form.Item label={t('products.barcodes')} extra={t('products.barcodesHelp')} {...item('barcodes')}>
          <Input aria-label={t('products.barcodes')} value={barcodes} onChange={(e) => setBarcodes(e.target.value)} />
        </Form.Item>
        <Checkbox checked={allowBackorder} onChange={(e) => setAllowBackorder(e.target.checked)}>
          {t('products.allowBackorder')}
        </Checkbox>
        {general && <div role="alert" style={{ color: '#cf1322', marginTop: 12 }}>{general}</div>}
      </Form>
    </Modal>
  );
}
