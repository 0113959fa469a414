import { Alert, Button, Card, Col, List, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../shared/order-state.ts';
import { useOp } from '../api/use-op.ts';
import { ErrorState } from '../components/states.tsx';
import { money, todayIso } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';

// Counts stop at CAP (shown as "100+"): Home must stay quick on a ledger of any size.
const CAP = 100;

function CountCard({ title, statuses }: { readonly title: string; readonly statuses: OrderStatus[] }) {
  const { data, error, loading } = useOp('orders.list', { status: statuses, limit: CAP });
  const count = data ? (data.nextCursor ? `${CAP}+` : String(data.items.length)) : '–';
  return (
    <Card hoverable onClick={() => navigate({ screen: 'orders' })} loading={loading && !data}>
      <Statistic title={title} value={error ? '!' : count} />
    </Card>
  );
}

function TodaySales() {
  const { t } = useTranslation();
  const locale = useLocale();
  const today = todayIso();
  const settings = useOp('settings.get', {});
  const { data, loading } = useOp('orders.list', { dateFrom: today, dateTo: today, limit: CAP, status: ['approved', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'completed'] });
  const currency = settings.data?.currency;
  const total = data?.items.reduce((sum, o) => sum + o.grossTotal, 0) ?? 0;
  return (
    <Card loading={loading && !data}>
      <Statistic title={t('home.todaySales')} value={currency ? money(total, currency, locale) : '–'} />
      <Typography.Text type="secondary">{t('home.ordersToday', { count: data?.items.length ?? 0 })}</Typography.Text>
    </Card>
  );
}

/** Products at or below their reorder point (stock.lowStock): raised the moment available stock crosses it, gone once restocked. */
function LowStock() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useOp('stock.lowStock', {});
  const items = data?.items ?? [];
  const can = useCan();
  // The alert leads to the purchase suggestions for whoever may read them.
  const order = can('purchases.read') ? (
    <Button size="small" type="link" onClick={() => navigate({ screen: 'purchasing', tab: 'suggestions' })} data-testid="low-stock-order">
      {t('purchasing.toSuggestions')}
    </Button>
  ) : undefined;
  return (
    <Card title={t('home.lowStock')} loading={loading && !data} data-testid="low-stock">
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <>
          {items.length > 0 && <Alert type="warning" showIcon message={t('lowStock.alert', { count: items.length })} action={order} style={{ marginBottom: 8 }} data-testid="low-stock-alert" />}
          <List
            size="small"
            dataSource={items.slice(0, 8)}
            locale={{ emptyText: t('home.noLowStock') }}
            renderItem={(l) => (
              <List.Item
                extra={
                  <Typography.Text type={l.available <= 0 ? 'danger' : 'warning'} style={{ marginInlineStart: 16 }}>
                    {l.available} / {t('lowStock.point')} {l.reorderPoint} · {t('lowStock.suggested')} {l.suggestedQty}
                  </Typography.Text>
                }
              >
                {l.sku} · {l.productName} · {l.warehouseCode}
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

export function HomeScreen() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col span={6}>
          <CountCard title={t('home.toApprove')} statuses={['pending_approval']} />
        </Col>
        <Col span={6}>
          <CountCard title={t('home.toPick')} statuses={['approved']} />
        </Col>
        <Col span={6}>
          <CountCard title={t('home.toShip')} statuses={['picking', 'packed', 'partially_shipped']} />
        </Col>
        <Col span={6}>
          <TodaySales />
        </Col>
        <Col span={24}>
          <LowStock />
        </Col>
      </Row>
    </div>
  );
}
