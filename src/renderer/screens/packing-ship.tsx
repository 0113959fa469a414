import { Button, Form, Input, InputNumber, Select, Space, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { useShortcuts } from '../lib/shortcuts.ts';

type Packing = OpResult<'packing.get'>;

/**
 * Ships what is scanned: carrier (the order's delivery method's carrier by default), one parcel
 * with its tracking number and weight. The tracking field has the focus, so a scanned waybill
 * and Enter ship; Esc goes back to scanning.
 */
export function ShipPanel({ packing, onCancel, onShipped, onError }: {
  readonly packing: Packing;
  onCancel(): void;
  onShipped(text: string): void;
  onError(e: AppError): void;
}) {
  const { t } = useTranslation();
  const carriers = useOp('carriers.list', {});
  const delivery = useOp('delivery.get', { orderId: packing.orderId });
  const methods = useOp('deliveryMethods.list', { includeInactive: true });
  const [carrierId, setCarrierId] = useState<string | undefined>();
  const [tracking, setTracking] = useState('');
  const [weight, setWeight] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const trackingRef = useRef<InputRef>(null);

  useEffect(() => {
    if (carrierId || !carriers.data || !delivery.data || !methods.data) return;
    const method = methods.data.items.find((m) => m.id === delivery.data?.delivery?.deliveryMethodId);
    setCarrierId(method?.carrierId ?? carriers.data.items[0]?.id);
  }, [carriers.data, delivery.data, methods.data, carrierId]);
  useEffect(() => {
    setTimeout(() => trackingRef.current?.focus(), 0);
  }, []);

  async function ship() {
    if (busy) return;
    setBusy(true);
    try {
      const parcel = { ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}), ...(weight ? { weightGrams: weight } : {}) };
      const s = await client.call('shipments.create', { orderId: packing.orderId, ...(carrierId ? { carrierId } : {}), parcels: [parcel] });
      const order = await client.call('orders.get', { id: packing.orderId });
      onShipped(t('packing.shipped', { number: s.number, order: order.number, status: t(`status.${order.status}`) }));
    } catch (e) {
      if (isAppError(e)) onError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  }

  useShortcuts({ escape: onCancel, 'ctrl+enter': () => void ship() });

  return (
    <Form layout="inline" style={{ marginTop: 16, rowGap: 8 }} data-testid="ship-panel">
      <Form.Item label={t('packing.carrier')}>
        <Select
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          value={carrierId}
          onChange={setCarrierId}
          options={(carriers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          aria-label={t('packing.carrier')}
        />
      </Form.Item>
      <Form.Item label={t('packing.tracking')}>
        <Input ref={trackingRef} value={tracking} onChange={(e) => setTracking(e.target.value)} onPressEnter={() => void ship()} aria-label={t('packing.tracking')} data-testid="tracking-input" />
      </Form.Item>
      <Form.Item label={t('packing.weight')}>
        <InputNumber min={1} max={1_000_000} precision={0} value={weight} onChange={(v) => setWeight(v)} aria-label={t('packing.weight')} />
      </Form.Item>
      <Space>
        <Button type="primary" loading={busy} onClick={() => void ship()}>
          {t('packing.shipNow')} <Kbd combo="ctrl+enter" />
        </Button>
        <Button onClick={onCancel}>
          {t('app.cancel')} <Kbd combo="escape" />
        </Button>
      </Space>
    </Form>
  );
}
