import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { CustomerPicker } from '../components/customer-picker.tsx';
import { DeliveryFee } from '../components/delivery-fee.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ProductAdder } from '../components/product-adder.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { TotalsBox } from '../components/totals-box.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { chargedFee } from '../../shared/order-fee.ts';
import { addProduct, draftTotals, estimateInput, linesInput, overridePrice, oversold, removeLine, setLine, type DraftLine } from '../lib/order-draft.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { OrderLinesTable } from './order-lines.tsx';

type Order = OpResult<'orders.get'>;
type Delivery = OpResult<'delivery.get'>['delivery'];

async function availableIn(productId: string, warehouseId: string): Promise<number> {
  const page = await client.call('stock.levels', { productId, warehouseId, limit: 1 });
  return page.items[0]?.available ?? 0;
}

function fromOrder(order: Order): DraftLine[] {
  return order.lines.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, priceOverridden: l.priceOverridden, discountBp: l.discountBp, taxRateBp: l.taxRateBp, allowBackorder: false, available: undefined }));
}

function EntryForm({ existing, delivery }: { readonly existing: Order | undefined; readonly delivery: Delivery | null }) {
  const { t } = useTranslation();
  const can = useCan();
  const canOverridePrice = can('orders.override_price');
  const canOverrideFee = can('orders.override_shipping_fee');
  const { message } = App.useApp();
  const settings = useOp('settings.get', {});
  const warehouses = useOp('warehouses.list', {});
  const [orderId, setOrderId] = useState(existing?.id);
  const [customerId, setCustomerId] = useState(existing?.customerId);
  const [warehouseId, setWarehouseId] = useState(existing?.warehouseId);
  const [lines, setLines] = useState<DraftLine[]>(existing ? fromOrder(existing) : []);
  const [discountText, setDiscountText] = useState(existing && existing.orderDiscount ? moneyInputText(existing.orderDiscount, existing.currency) : '');
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [methodId, setMethodId] = useState(delivery?.deliveryMethodId);
  const [feeText, setFeeText] = useState(delivery?.feeOverridden ? moneyInputText(delivery.fee, delivery.currency) : '');
  const [feeVersion, setFeeVersion] = useState(0);
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);
  const adderRef = useRef<InputRef>(null);
  const currency = settings.data?.currency ?? 'CNY';

  useEffect(() => {
    if (!warehouseId && warehouses.data?.items[0]) setWarehouseId(warehouses.data.items.find((w) => w.active)?.id);
  }, [warehouses.data, warehouseId]);

  // Stock available per line, read again when the warehouse changes.
  useEffect(() => {
    if (!warehouseId) return;
    let live = true;
    void Promise.all(lines.map((l) => availableIn(l.productId, warehouseId).catch(() => undefined))).then((avail) => {
      if (live) setLines((ls) => ls.map((l, i) => ({ ...l, available: avail[i] ?? l.available })));
    });
    return () => {
      live = false;
    };
  }, [warehouseId, lines.length]);

  const orderDiscount = parseMoneyInput(discountText, currency);
  const discountInvalid = discountText.trim() !== '' && orderDiscount === undefined;
  const feeOverride = parseMoneyInput(feeText, currency);
  const feeInvalid = feeText.trim() !== '' && feeOverride === undefined;
  // The fee as the ledger will compute it on save, asked again whenever what it depends on changes.
  const feeAsk = estimateInput({ methodId, orderId, customerId, lines, orderDiscount: orderDiscount ?? 0 });
  const estimate = useOp('delivery.estimate', feeAsk);
  const fee = methodId && feeAsk ? chargedFee(estimate.error ? null : estimate.data?.fee, canOverrideFee ? feeOverride : undefined) : null;
  const pricesIncludeTax = existing?.pricesIncludeTax ?? settings.data?.pricesIncludeTax ?? false;
  const taxRounding = settings.data?.taxRounding ?? 'line';
  const totals = useMemo(() => {
    try {
      return draftTotals(lines, orderDiscount ?? 0, pricesIncludeTax, { taxRounding, shippingFee: fee });
    } catch {
      return draftTotals(lines, 0, pricesIncludeTax, { taxRounding, shippingFee: fee });
    }
  }, [lines, orderDiscount, pricesIncludeTax, taxRounding, fee]);
  const anyOversold = lines.some(oversold);
  const waitingFor = !orderId && !customerId ? 'customer' : lines.length === 0 ? 'lines' : null;

  async function save(): Promise<Order | undefined> {
    if (busy) return undefined;
    setError(undefined);
    if (discountInvalid || feeInvalid) return undefined;
    setBusy(true);
    try {
      const fields = { customerId: customerId!, warehouseId: warehouseId!, orderDiscount: orderDiscount ?? 0, notes: notes.trim() || null, lines: linesInput(lines) };
      let saved = orderId ? await client.call('orders.update', { id: orderId, ...fields }) : await client.call('orders.create', { ...fields, ...(methodId ? { deliveryMethodId: methodId } : {}) });
      setOrderId(saved.id);
      // The method of an existing order, or a fee typed over the computed one (the ledger asks for the permission).
      if (methodId && (orderId || feeOverride !== undefined)) {
        await client.call('delivery.set', { orderId: saved.id, deliveryMethodId: methodId, ...(feeOverride !== undefined ? { fee: feeOverride } : {}) });
        saved = await client.call('orders.get', { id: saved.id });
      }
      setFeeVersion((v) => v + 1);
      return saved;
    } catch (e) {
      setError(isAppError(e) ? e : undefined);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function saveDraft() {
    const saved = await save();
    if (saved) {
      void message.success(t('entry.savedDraft', { number: saved.number }));
      navigate({ screen: 'order', id: saved.id });
    }
  }

  async function confirm() {
    const saved = await save();
    if (!saved) return;
    try {
      const confirmed = await client.call('orders.confirm', { id: saved.id });
      void message.success(t('entry.confirmed', { number: confirmed.number, status: t(`status.${confirmed.status}`) }));
      navigate({ screen: 'order', id: confirmed.id });
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }

  useShortcuts({
    'ctrl+s': () => void saveDraft(),
    'ctrl+enter': () => void confirm(),
    'alt+a': () => adderRef.current?.focus(),
    f6: () => void save(),
  });

  if (settings.error) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  const customerError = fieldError(error, 'customerId', t);
  const linesError = error && (error.field === 'lines' || error.issues?.some((i) => i.field === 'lines')) ? t('entry.noLines') : undefined;
  const otherError = error && !customerError && !linesError && !fieldError(error, 'lines', t) && !fieldError(error, 'warehouseId', t) ? errorText(error, t) : undefined;
  const stockError = error?.code === 'insufficient_stock' ? errorText(error, t) : undefined;

  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label={t('entry.customer')} required validateStatus={customerError ? 'error' : undefined} help={customerError}>
            <CustomerPicker autoFocus value={customerId} initialLabel={existing?.customerName} onChange={setCustomerId} status={customerError ? 'error' : undefined} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('entry.warehouse')} required validateStatus={fieldError(error, 'warehouseId', t) ? 'error' : undefined} help={fieldError(error, 'warehouseId', t)}>
            <Select aria-label={t('entry.warehouse')} value={warehouseId} onChange={setWarehouseId} options={(warehouses.data?.items ?? []).filter((w) => w.active).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={<span>{t('entry.scan')}<Kbd combo="alt+a" /></span>} validateStatus={linesError ? 'error' : undefined} help={linesError}>
        <ProductAdder
          ref={adderRef}
          onAdd={(p) => {
            setLines((ls) => addProduct(ls, { ...p }, undefined));
          }}
          onNotFound={(term) => void message.warning(t('entry.notFound', { term }))}
        />
      </Form.Item>
      <OrderLinesTable
        lines={lines}
        lineGross={totals.lines.map((l) => l.gross)}
        currency={currency}
        error={error}
        onQuantity={(i, quantity) => setLines((ls) => setLine(ls, i, { quantity }))}
        onDiscount={(i, discountBp) => setLines((ls) => setLine(ls, i, { discountBp }))}
        {...(canOverridePrice ? { onPrice: (i: number, unitPrice: number) => setLines((ls) => overridePrice(ls, i, unitPrice)) } : {})}
        onRemove={(i) => setLines((ls) => removeLine(ls, i))}
      />
      {anyOversold && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('entry.oversellWarning')} data-testid="oversell-warning" />}
      {(stockError ?? otherError) && <Alert style={{ marginTop: 12 }} type="error" showIcon title={stockError ?? otherError} role="alert" />}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={12}>
          <Form.Item label={t('entry.orderDiscount')} validateStatus={discountInvalid || fieldError(error, 'orderDiscount', t) ? 'error' : undefined} help={discountInvalid ? t('errors.money') : fieldError(error, 'orderDiscount', t)}>
            <Input aria-label={t('entry.orderDiscount')} value={discountText} onChange={(e) => setDiscountText(e.target.value)} style={{ width: 160 }} inputMode="decimal" />
          </Form.Item>
          <Form.Item label={t('entry.notes')}>
            <Input.TextArea aria-label={t('entry.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
          </Form.Item>
          <DeliveryFee
            orderId={orderId}
            methodId={methodId}
            onMethod={setMethodId}
            estimate={estimate.data}
            estimateError={estimate.error}
            waitingFor={waitingFor}
            feeText={feeText}
            onFeeText={canOverrideFee ? setFeeText : undefined}
            feeInvalid={feeInvalid}
            currency={currency}
            version={feeVersion}
          />
        </Col>
        <Col span={12} style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 16 }}>
          <TotalsBox totals={{ ...totals, shippingFee: totals.shipping?.fee ?? null }} currency={currency} />
          <Space>
            <Button onClick={() => void saveDraft()} loading={busy}>
              {t('entry.saveDraft')}
              <Kbd combo="ctrl+s" />
            </Button>
            <Button type="primary" onClick={() => void confirm()} loading={busy}>
              {t('entry.confirm')}
              <Kbd combo="ctrl+enter" />
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}

export function OrderEntryScreen({ orderId }: { readonly orderId?: string }) {
  const { t } = useTranslation();
  const existing = useOp('orders.get', orderId ? { id: orderId } : null);
  const delivery = useOp('delivery.get', orderId ? { orderId } : null);
  const failed = existing.error ?? delivery.error;
  if (orderId && failed) return <ErrorState error={failed} onRetry={existing.error ? existing.reload : delivery.reload} />;
  if (orderId && (!existing.data || !delivery.data)) return <Loading />;
  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{existing.data ? t('entry.editTitle', { number: existing.data.number }) : t('entry.title')}</Typography.Title>}>
      <EntryForm existing={existing.data} delivery={delivery.data?.delivery ?? null} />
    </Card>
  );
}
