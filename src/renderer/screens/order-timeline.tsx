import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/use-op.ts';
import { ErrorState } from '../components/states.tsx';
import { dateTime } from '../lib/format.ts';
import { actorLabel } from '../lib/labels.ts';
import { useLocale } from '../lib/use-locale.ts';

const KNOWN_OPS = new Set(['orders.create', 'orders.update', 'orders.confirm', 'orders.approve', 'orders.reject', 'orders.cancel', 'orders.split', 'orders.merge', 'orders.startPicking', 'orders.pack', 'orders.ship', 'orders.deliver', 'orders.complete']);

/** Who did what to this order, when: read from the journal, oldest first. */
export function OrderTimeline({ orderId }: { readonly orderId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, error, reload } = useOp('orders.timeline', { id: orderId, limit: 100 });
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Timeline
      data-testid="timeline"
      items={(data?.items ?? []).map((e) => ({
        key: e.seq,
        content: (
          <div data-op={e.operation}>
            <Typography.Text strong>{t(`ops.${KNOWN_OPS.has(e.operation) ? e.operation.replace('.', '_') : 'other'}` as 'ops.other')}</Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {dateTime(e.at, locale)} · {t('detail.by', { actor: actorLabel(t, e.actor) })} · {t('detail.rows', { count: e.rows.length })}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}
