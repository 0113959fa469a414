import { Alert, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import type { AppError } from '../../shared/errors.ts';
import { useOp } from '../api/use-op.ts';
import { errorText } from '../lib/errors.ts';
import { money } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

type Estimate = OpResult<'delivery.estimate'>;
type Step = Estimate['steps'][number];
const STEPS = new Set(['pickup_free', 'zone', 'flat', 'first_weight', 'additional_weight', 'value_band', 'per_item', 'free_from']);

type Props = {
  /** The saved order, if any: the fee it was charged on the last save is shown beside the estimate. */
  readonly orderId: string | undefined;
  readonly methodId: string | undefined;
  readonly onMethod: (id: string | undefined) => void;
  /** The ledger's estimate for the order as entered (delivery.estimate); undefined until asked. */
  readonly estimate: Estimate | undefined;
  readonly estimateError: AppError | undefined;
  /** What the estimate still waits for: a customer (for the address) or goods. */
  readonly waitingFor: 'customer' | 'lines' | null;
  /** The fee typed over the computed one ('' = charge the computed fee); only with permission. */
  readonly feeText: string;
  readonly onFeeText: ((text: string) => void) | undefined;
  readonly feeInvalid: boolean;
  readonly currency: string;
  /** Bumped after every save, so the stored fee is read again. */
  readonly version: number;
};

/** The delivery method, and the shipping fee for the order as entered, with every step shown. */
export function DeliveryFee({ orderId, methodId, onMethod, estimate, estimateError, waitingFor, feeText, onFeeText, feeInvalid, currency, version }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const m = (n: number) => money(n, currency, locale);
  const methods = useOp('deliveryMethods.list', {});
  const stored = useOp('delivery.get', orderId ? { orderId } : null);
  const { reload: reloadStored } = stored;
  useEffect(() => {
    if (version > 0) reloadStored();
  }, [version, reloadStored]);

  const label = (s: Step): string => {
    if (!STEPS.has(s.step)) return t('fee.steps.other');
    const v = s as Record<string, string | number>;
    const moneyOf = (k: string) => (typeof v[k] === 'number' ? m(v[k]) : '');
    return t(`fee.steps.${s.step as 'flat'}`, { zone: v.zone, grams: v.grams, steps: v.steps, stepGrams: v.stepGrams, stepFee: moneyOf('stepFee'), from: moneyOf('from'), items: v.items, each: moneyOf('each'), threshold: moneyOf('threshold') });
  };
  const q = methodId && !waitingFor ? estimate : undefined;
  const saved = stored.data?.delivery;
  const place = q?.destination ? [q.destination.country, q.destination.region].filter(Boolean).join(' · ') : null;

  return (
    <Card size="small" title={t('fee.title')} data-testid="delivery-fee">
      <Form.Item label={t('fee.method')} style={{ marginBottom: 8 }}>
        <Select
          aria-label={t('fee.method')}
          allowClear
          placeholder={t('fee.none')}
          value={methodId}
          onChange={(v: string | undefined) => onMethod(v)}
          options={(methods.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.code} · ${d.name}` }))}
          data-testid="delivery-method"
        />
      </Form.Item>
      {methodId && waitingFor && <Alert type="info" showIcon title={waitingFor === 'customer' ? t('fee.needCustomer') : t('fee.needLines')} data-testid="fee-waiting" />}
      {methodId && !waitingFor && estimateError && <Alert type="error" showIcon title={errorText(estimateError, t)} data-testid="fee-error" />}
      {q && !estimateError && (
        <div data-testid="fee-breakdown">
          <table className="totals-table" style={{ width: '100%' }}>
            <tbody>
              {q.steps.map((s, i) => (
                <tr key={i} data-testid="fee-step">
                  <td>{label(s)}</td>
                  <td style={{ textAlign: 'right' }}>{s.step === 'zone' ? '' : m(s.amount)}</td>
                </tr>
              ))}
              <tr>
                <td>
                  <Typography.Text strong>{t('fee.computed')}</Typography.Text>
                </td>
                <td style={{ textAlign: 'right' }} data-testid="fee-computed">
                  <Typography.Text strong>{m(q.fee)}</Typography.Text>
                </td>
              </tr>
            </tbody>
          </table>
          <Typography.Text type="secondary" data-testid="fee-weight">
            {t('fee.weight', { grams: q.weightGrams })}
            {q.zone ? ` · ${t('fee.zone', { zone: q.zone })}` : ''}
            {' · '}
            {place ? t('fee.destination', { place }) : t('fee.noAddress')}
          </Typography.Text>
          {q.unweighedSkus.length > 0 && <Alert style={{ marginTop: 6 }} type="warning" showIcon title={t('fee.unweighed', { skus: q.unweighedSkus.join(', ') })} />}
        </div>
      )}
      {saved && saved.deliveryMethodId === methodId && (
        <Space style={{ marginTop: 8 }}>
          <span>{t('fee.charged')}:</span>
          <Typography.Text strong data-testid="fee-charged">{m(saved.fee)}</Typography.Text>
          {saved.feeOverridden && <Tag color="orange">{t('fee.overridden')}</Tag>}
        </Space>
      )}
      {methodId && onFeeText && (
        <Form.Item label={`${t('fee.override')} (${currency})`} extra={t('fee.overrideHelp')} validateStatus={feeInvalid ? 'error' : undefined} help={feeInvalid ? t('errors.money') : undefined} style={{ marginTop: 8, marginBottom: 0 }}>
          <Input aria-label={t('fee.override')} inputMode="decimal" value={feeText} onChange={(e) => onFeeText(e.target.value)} style={{ width: 160 }} />
        </Form.Item>
      )}
    </Card>
  );
}
