import { DeleteOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Table, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { minorDigits } from '../../shared/money.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ProductAdder } from '../components/product-adder.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { addPoProduct, poDraftFrom, poDraftTotal, poLineAmount, poLinesInput, removePoLine, setPoCost, setPoQuantity, withSupplierPrices, type PoDraftLine, type SupplierPrices } from '../lib/po-draft.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useMoney } from './purchasing-common.tsx';

type Po = OpResult<'purchaseOrders.get'>;
const FIELDS = ['supplierId', 'warehouseId', 'lines', 'notes'] as const;

/**
 * A purchase order drafted by hand, or a draft changed (`existing`). Keyboard first: the cursor
 * starts in the supplier (type-ahead; Enter picks it and moves on to the product box, skipping
 * the warehouse, which defaults to the first one), products come by scan, SKU or name
 * (Alt+A goes back to that box), Tab walks each line's quantity and cost, Ctrl+S saves the
 * draft. Costs start at the supplier's last price. The ledger's errors show beside their field.
 */
export function PurchaseOrderForm({ existing, onClose }: { readonly existing?: Po; readonly onClose: (saved: Po | null) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useMoney();
  const suppliers = useOp('suppliers.list', {});
  const warehouses = useOp('warehouses.list', {});
  const settings = useOp('settings.get', {});
  const [supplierId, setSupplierId] = useState(existing?.supplierId);
  const [warehouseId, setWarehouseId] = useState(existing?.warehouseId);
  const [lines, setLines] = useState<PoDraftLine[]>(existing ? poDraftFrom(existing) : []);
  const [notes, setNotes] = useState(existing?.notes ?? '');
  const [error, setError] = useState<AppError>();
  // Fields changed since the ledger refused them: their messages go, the others stay.
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const touch = (field: (typeof FIELDS)[number]) => setChanged((c) => (c.has(field) ? c : new Set(c).add(field)));
  const [busy, setBusy] = useState(false);
  const prices = useRef<SupplierPrices>(new Map());
  const adder = useRef<InputRef>(null);
  // Purchase orders are in the ledger currency, which an orderable supplier bills in.
  const currency = existing?.currency ?? suppliers.data?.items.find((s) => s.id === supplierId)?.currency ?? settings.data?.currency ?? 'CNY';

  useEffect(() => {
    if (!warehouseId && warehouses.data) setWarehouseId(warehouses.data.items.find((w) => w.active)?.id);
  }, [warehouses.data, warehouseId]);

  // The supplier's last prices; lines whose cost nobody typed follow them.
  useEffect(() => {
    let live = true;
    prices.current = new Map();
    if (!supplierId) return;
    client.call('supplierProducts.list', { supplierId }).then(
      (r) => {
        if (!live) return;
        prices.current = new Map(r.items.map((i) => [i.productId, i.lastPrice]));
        setLines((ls) => withSupplierPrices(ls, prices.current));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [supplierId]);

  async function save() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setChanged(new Set());
    try {
      const fields = { notes: notes.trim() || null, lines: poLinesInput(lines) };
      const saved = existing
        ? await client.call('purchaseOrders.update', { id: existing.id, ...fields })
        : await client.call('purchaseOrders.create', { supplierId: supplierId ?? '', warehouseId: warehouseId ?? '', ...fields });
      void message.success(t(existing ? 'purchasing.draftUpdated' : 'purchasing.draftSaved', { number: saved.number }));
      onClose(saved);
    } catch (e) {
      if (isAppError(e)) setError(e);
    } finally {
      setBusy(false);
    }
  }
  useShortcuts({ 'ctrl+s': () => void save(), 'ctrl+enter': () => void save(), 'alt+a': () => adder.current?.focus() });

  const at = (field: (typeof FIELDS)[number]) => (changed.has(field) ? undefined : fieldError(error, field, t));
  // The one message a person needs when no supplier was chosen at all.
  const supplierError = at('supplierId') && !supplierId ? t('purchasing.pickSupplier') : at('supplierId');
  const supplierOptions = (suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }));
  // A draft of a supplier since made inactive still shows whom it is for.
  if (existing && !supplierOptions.some((o) => o.value === existing.supplierId)) supplierOptions.unshift({ value: existing.supplierId, label: `${existing.supplierCode} · ${existing.supplierName}` });
  const linesError = error && !changed.has('lines') && (error.field === 'lines' || error.issues?.some((i) => i.field === 'lines')) ? t('purchasing.noLines') : undefined;
  const otherError = error && !FIELDS.some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;
  const edit = (f: (ls: PoDraftLine[]) => PoDraftLine[]) => {
    touch('lines');
    setLines(f);
  };
  const { total, complete } = poDraftTotal(lines);

  return (
    <Modal
      open
      width={1000}
      title={existing ? t('purchasing.editDraft', { number: existing.number }) : t('purchasing.newOrder')}
      onCancel={() => onClose(null)}
      afterOpenChange={focusFirstField}
      onOk={() => void save()}
      okText={
        <>
          {t('purchasing.saveDraft')} <Kbd combo="ctrl+s" />
        </>
      }
      okButtonProps={{ loading: busy, 'data-testid': 'save-po' }}
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()} data-testid="po-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('purchasing.supplier')} required validateStatus={supplierError ? 'error' : undefined} help={supplierError}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('purchasing.supplier')}
                placeholder={t('purchasing.pickSupplier')}
                disabled={existing !== undefined}
                value={supplierId}
                status={supplierError ? 'error' : undefined}
                // onSelect, not onChange: Enter on the supplier already chosen moves on as well.
                onSelect={(v: string) => {
                  setSupplierId(v);
                  touch('supplierId');
                  setTimeout(() => adder.current?.focus(), 0);
                }}
                options={supplierOptions}
                data-testid="po-supplier"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={t('purchasing.warehouse')} required validateStatus={at('warehouseId') ? 'error' : undefined} help={at('warehouseId')}>
              <Select
                aria-label={t('purchasing.warehouse')}
                disabled={existing !== undefined}
                value={warehouseId}
                onChange={(v: string) => {
                  setWarehouseId(v);
                  touch('warehouseId');
                }}
                options={(warehouses.data?.items ?? []).filter((w) => w.active || w.id === warehouseId).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={
            <span>
              {t('purchasing.addProducts')}
              <Kbd combo="alt+a" />
            </span>
          }
          validateStatus={linesError ? 'error' : undefined}
          help={linesError}
        >
          <ProductAdder ref={adder} onAdd={(p) => edit((ls) => addPoProduct(ls, p, prices.current))} onNotFound={(term) => void message.warning(t('entry.notFound', { term }))} />
        </Form.Item>
        <PoLinesTable
          lines={lines}
          currency={currency}
          error={changed.has('lines') ? undefined : error}
          onQuantity={(i, q) => edit((ls) => setPoQuantity(ls, i, q))}
          onCost={(i, c) => edit((ls) => setPoCost(ls, i, c, prices.current))}
          onRemove={(i) => edit((ls) => removePoLine(ls, i))}
        />
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col span={14}>
            <Form.Item label={t('purchasing.notes')} validateStatus={at('notes') ? 'error' : undefined} help={at('notes')}>
              <Input.TextArea
                aria-label={t('purchasing.notes')}
                rows={2}
                value={notes}
                onChange={(e) => {
                  setNotes(e.target.value);
                  touch('notes');
                }}
              />
            </Form.Item>
          </Col>
          <Col span={10} style={{ textAlign: 'right' }}>
            <Typography.Title level={4} style={{ marginTop: 24 }} data-testid="po-form-total">
              {t('purchasing.total')}: {fmt(total, currency)}
            </Typography.Title>
            {!complete && <Typography.Text type="secondary">{t('purchasing.costByLedger')}</Typography.Text>}
          </Col>
        </Row>
        {otherError && <Alert type="error" showIcon title={otherError} role="alert" />}
      </Form>
    </Modal>
  );
}

type LinesProps = {
  readonly lines: readonly PoDraftLine[];
  readonly currency: string;
  readonly error: AppError | undefined;
  readonly onQuantity: (index: number, quantity: number) => void;
  readonly onCost: (index: number, unitCost: number | undefined) => void;
  readonly onRemove: (index: number) => void;
};

/** The lines being ordered: quantity and unit cost typed per line, each line's error beside it. */
function PoLinesTable({ lines, currency, error, onQuantity, onCost, onRemove }: LinesProps) {
  const { t } = useTranslation();
  const fmt = useMoney();
  const below = (message: string | undefined) => message && <Typography.Text type="danger" style={{ display: 'block' }}>{message}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="productId"
      pagination={false}
      dataSource={lines.map((l, index) => ({ ...l, index }))}
      locale={{ emptyText: t('purchasing.noLines') }}
      data-testid="po-form-lines"
      columns={[
        { title: t('purchasing.sku'), dataIndex: 'sku', width: 140 },
        { title: t('purchasing.product'), ellipsis: true, render: (_, l) => <>{l.name}{below(fieldError(error, `lines.${l.index}.productId`, t))}</> },
        {
          title: t('purchasing.ordered'),
          width: 130,
          render: (_, l) => {
            const message = fieldError(error, `lines.${l.index}.quantity`, t);
            return (
              <>
                <InputNumber aria-label={`${t('purchasing.ordered')} ${l.sku}`} min={1} precision={0} value={l.quantity} status={message ? 'error' : undefined} onChange={(v) => typeof v === 'number' && onQuantity(l.index, v)} />
                {below(message)}
              </>
            );
          },
        },
        {
          title: t('purchasing.unitCost'),
          width: 160,
          render: (_, l) => {
            const message = fieldError(error, `lines.${l.index}.unitCost`, t);
            return (
              <>
                {/* Typed in the currency's units (15.00), kept as exact minor units (1500). */}
                <InputNumber<string>
                  stringMode
                  aria-label={`${t('purchasing.unitCost')} ${l.sku}`}
                  min="0"
                  precision={minorDigits(currency)}
                  placeholder={t('purchasing.averageCost')}
                  value={l.unitCost === undefined ? null : moneyInputText(l.unitCost, currency)}
                  status={message ? 'error' : undefined}
                  style={{ width: 140 }}
                  onChange={(v) => {
                    if (v === null || v.trim() === '') return onCost(l.index, undefined);
                    const minor = parseMoneyInput(v, currency);
                    if (minor !== undefined) onCost(l.index, minor);
                  }}
                />
                {below(message)}
              </>
            );
          },
        },
        {
          title: t('purchasing.amount'),
          width: 140,
          align: 'right',
          render: (_, l) => {
            const amount = poLineAmount(l);
            return <span data-testid={`po-amount-${l.sku}`}>{amount === undefined ? '—' : fmt(amount, currency)}</span>;
          },
        },
        { width: 56, render: (_, l) => <Button aria-label={`${t('purchasing.remove')} ${l.sku}`} icon={<DeleteOutlined />} type="text" onClick={() => onRemove(l.index)} /> },
      ]}
    />
  );
}
