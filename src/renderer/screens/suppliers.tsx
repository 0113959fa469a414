import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Modal, Row, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ProductSelect } from '../components/product-select.tsx';
import { ErrorState } from '../components/states.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useMoney } from './purchasing-common.tsx';

type Supplier = OpResult<'suppliers.get'>;
type Draft = { code: string; name: string; contactName: string; email: string; phone: string; paymentTermsDays: number; leadTimeDays: number; notes: string; active: boolean };
const toDraft = (s: Supplier | null): Draft => ({
  code: s?.code ?? '',
  name: s?.name ?? '',
  contactName: s?.contactName ?? '',
  email: s?.email ?? '',
  phone: s?.phone ?? '',
  paymentTermsDays: s?.paymentTermsDays ?? 30,
  leadTimeDays: s?.leadTimeDays ?? 7,
  notes: s?.notes ?? '',
  active: s?.active ?? true,
});
const opt = (v: string) => (v.trim() === '' ? null : v.trim());

/** Suppliers list; N adds one, a row opens it. Without purchases.write the list is read-only. */
export function SuppliersPanel() {
  const { t } = useTranslation();
  const can = useCan();
  const list = useOp('suppliers.list', { includeInactive: true });
  const [editing, setEditing] = useState<Supplier | null | undefined>(undefined);
  useShortcuts({ n: () => can('purchases.write') && setEditing(null) }, editing === undefined);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Card
      extra={
        can('purchases.write') && (
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-supplier">
            {t('purchasing.newSupplier')} <Kbd combo="n" />
          </Button>
        )
      }
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        data-testid="suppliers"
        locale={{ emptyText: t('app.empty') }}
        onRow={(s) => ({ onClick: () => can('purchases.write') && setEditing(s), style: { cursor: can('purchases.write') ? 'pointer' : undefined } })}
        columns={[
          { title: t('purchasing.code'), dataIndex: 'code' },
          { title: t('purchasing.name'), dataIndex: 'name' },
          { title: t('purchasing.contactName'), dataIndex: 'contactName' },
          { title: t('purchasing.phone'), dataIndex: 'phone' },
          { title: t('purchasing.terms'), dataIndex: 'paymentTermsDays', align: 'right' },
          { title: t('purchasing.leadTime'), dataIndex: 'leadTimeDays', align: 'right' },
          { title: t('purchasing.currency'), dataIndex: 'currency' },
          { render: (_, s) => (s.active ? null : <Tag>{t('purchasing.inactive')}</Tag>) },
        ]}
      />
      {editing !== undefined && (
        <SupplierDialog
          supplier={editing}
          onClose={(changed) => {
            setEditing(undefined);
            if (changed) list.reload();
          }}
        />
      )}
    </Card>
  );
}

function SupplierDialog({ supplier, onClose }: { readonly supplier: Supplier | null; readonly onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [d, setD] = useState<Draft>(toDraft(supplier));
  const [saved, setSaved] = useState<Supplier | null>(supplier);
  const [error, setError] = useState<AppError>();
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));

  async function save() {
    const fields = { name: d.name.trim(), contactName: opt(d.contactName), email: opt(d.email), phone: opt(d.phone), paymentTermsDays: d.paymentTermsDays, leadTimeDays: d.leadTimeDays, notes: opt(d.notes) };
    try {
      const s = saved ? await client.call('suppliers.update', { id: saved.id, ...fields, active: d.active }) : await client.call('suppliers.create', { code: d.code.trim(), ...fields });
      setSaved(s);
      setError(undefined);
      void message.success(t('purchasing.saved', { code: s.code }));
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+s': () => void save() });

  const item = (field: keyof Draft, label: string, input: React.ReactNode, span = 12) => {
    const msg = fieldError(error, field, t);
    return (
      <Col span={span}>
        <Form.Item label={label} validateStatus={msg ? 'error' : undefined} help={msg}>
          {input}
        </Form.Item>
      </Col>
    );
  };
  return (
    <Modal open title={saved ? t('purchasing.editSupplier', { code: saved.code }) : t('purchasing.newSupplier')} onCancel={() => onClose(saved !== supplier)} afterOpenChange={focusFirstField} width={900} footer={null}>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Row gutter={12}>
          {item('code', t('purchasing.code'), <Input aria-label={t('purchasing.code')} value={d.code} disabled={saved !== null} onChange={(e) => set({ code: e.target.value })} />)}
          {item('name', t('purchasing.name'), <Input aria-label={t('purchasing.name')} value={d.name} onChange={(e) => set({ name: e.target.value })} />)}
          {item('contactName', t('purchasing.contactName'), <Input aria-label={t('purchasing.contactName')} value={d.contactName} onChange={(e) => set({ contactName: e.target.value })} />, 8)}
          {item('email', t('purchasing.email'), <Input aria-label={t('purchasing.email')} value={d.email} onChange={(e) => set({ email: e.target.value })} />, 8)}
          {item('phone', t('purchasing.phone'), <Input aria-label={t('purchasing.phone')} value={d.phone} onChange={(e) => set({ phone: e.target.value })} />, 8)}
          {item('paymentTermsDays', t('purchasing.terms'), <InputNumber aria-label={t('purchasing.terms')} min={0} max={3650} value={d.paymentTermsDays} onChange={(v) => set({ paymentTermsDays: v ?? 0 })} />, 8)}
          {item('leadTimeDays', t('purchasing.leadTime'), <InputNumber aria-label={t('purchasing.leadTime')} min={0} max={3650} value={d.leadTimeDays} onChange={(v) => set({ leadTimeDays: v ?? 0 })} />, 8)}
          {saved && item('active', t('purchasing.active'), <Checkbox checked={d.active} onChange={(e) => set({ active: e.target.checked })}>{t('purchasing.active')}</Checkbox>, 8)}
          {item('notes', t('purchasing.notes'), <Input.TextArea aria-label={t('purchasing.notes')} rows={2} value={d.notes} onChange={(e) => set({ notes: e.target.value })} />, 24)}
        </Row>
        {error && !error.field && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginBottom: 8 }} />}
        <Button type="primary" onClick={() => void save()} data-testid="save-supplier">
          {t('app.save')} <Kbd combo="ctrl+s" />
        </Button>
      </Form>
      {saved && <SupplierCatalog supplier={saved} />}
    </Modal>
  );
}

/** What the supplier sells: their SKU, last price, minimum and pack per product, and whether they are its preferred supplier. */
function SupplierCatalog({ supplier }: { readonly supplier: Supplier }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useMoney();
  const list = useOp('supplierProducts.list', { supplierId: supplier.id });
  const [productId, setProductId] = useState<string>();
  const [sku, setSku] = useState('');
  const [price, setPrice] = useState('');
  const [minQty, setMinQty] = useState(1);
  const [pack, setPack] = useState(1);
  const [preferred, setPreferred] = useState(true);
  const [error, setError] = useState<AppError>();

  async function add() {
    if (!productId) return;
    const lastPrice = price.trim() === '' ? null : parseMoneyInput(price, supplier.currency);
    if (lastPrice === undefined) return setError(undefined);
    try {
      const r = await client.call('supplierProducts.set', { supplierId: supplier.id, productId, supplierSku: opt(sku), lastPrice, minOrderQty: minQty, packSize: pack, preferred });
      void message.success(t('purchasing.productSaved', { sku: r.sku }));
      setError(undefined);
      list.reload();
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  return (
    <>
      <Divider>{t('purchasing.catalog')}</Divider>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('app.empty') }}
        onRow={(r) => ({ onClick: () => { setProductId(r.productId); setSku(r.supplierSku ?? ''); setPrice(r.lastPrice === null ? '' : moneyInputText(r.lastPrice, supplier.currency)); setMinQty(r.minOrderQty); setPack(r.packSize); setPreferred(r.preferred); } })}
        columns={[
          { title: t('purchasing.sku'), dataIndex: 'sku' },
          { title: t('purchasing.supplierSku'), dataIndex: 'supplierSku' },
          { title: t('purchasing.lastPrice'), align: 'right', render: (_, r) => (r.lastPrice === null ? '' : fmt(r.lastPrice, supplier.currency)) },
          { title: t('purchasing.minQty'), dataIndex: 'minOrderQty', align: 'right' },
          { title: t('purchasing.packSize'), dataIndex: 'packSize', align: 'right' },
          { title: t('purchasing.preferred'), render: (_, r) => (r.preferred ? '✓' : '') },
        ]}
      />
      <Row gutter={8} style={{ marginTop: 12 }} align="bottom">
        <Col span={6}>
          <ProductSelect value={productId} onChange={(id) => setProductId(id)} />
        </Col>
        <Col span={4}>
          <Input aria-label={t('purchasing.supplierSku')} placeholder={t('purchasing.supplierSku')} value={sku} onChange={(e) => setSku(e.target.value)} />
        </Col>
        <Col span={4}>
          <Input aria-label={t('purchasing.lastPrice')} placeholder={t('purchasing.lastPrice')} value={price} onChange={(e) => setPrice(e.target.value)} />
        </Col>
        <Col span={2}>
          <InputNumber aria-label={t('purchasing.minQty')} min={1} style={{ width: '100%' }} value={minQty} onChange={(v) => setMinQty(v ?? 1)} />
        </Col>
        <Col span={2}>
          <InputNumber aria-label={t('purchasing.packSize')} min={1} style={{ width: '100%' }} value={pack} onChange={(v) => setPack(v ?? 1)} />
        </Col>
        <Col span={3}>
          <Checkbox checked={preferred} onChange={(e) => setPreferred(e.target.checked)}>{t('purchasing.preferred')}</Checkbox>
        </Col>
        <Col span={3}>
          <Button onClick={() => void add()} disabled={!productId} data-testid="save-supplier-product">{t('purchasing.addProduct')}</Button>
        </Col>
      </Row>
      {error && <Alert type="error" showIcon message={errorText(error, t)} style={{ marginTop: 8 }} />}
    </>
  );
}
