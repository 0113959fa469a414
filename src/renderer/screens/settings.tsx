import { App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useAppStore } from '../state/app-store.ts';
import { TaxRatesCard, WarehousesCard } from './settings-lists.tsx';
import { BackupsCard } from './settings-backups.tsx';
import { PrintersCard } from './settings-printers.tsx';
import { useCan } from '../state/session.ts';

type Settings = OpResult<'settings.get'>;

function ShopForm({ initial }: { readonly initial: Settings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { language, setLanguage } = useAppStore();
  const [shopName, setShopName] = useState(initial.shopName);
  const [pricesIncludeTax, setPricesIncludeTax] = useState(initial.pricesIncludeTax);
  const [amount, setAmount] = useState(initial.approval.amountAtLeast === null ? '' : moneyInputText(initial.approval.amountAtLeast, initial.currency));
  const [firstOrder, setFirstOrder] = useState(initial.approval.firstOrderOfNewCustomer);
  const [error, setError] = useState<AppError>();
  const amountMinor = parseMoneyInput(amount, initial.currency);
  const amountInvalid = amount.trim() !== '' && amountMinor === undefined;

  async function save() {
    if (amountInvalid) return;
    setError(undefined);
    try {
      await client.call('settings.update', { shopName, pricesIncludeTax, approval: { amountAtLeast: amountMinor ?? null, firstOrderOfNewCustomer: firstOrder } });
      void message.success(t('settings.saved'));
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+s': () => void save() });
  const general = error && !['shopName', 'approval'].some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;

  return (
    <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
      <Card title={t('settings.shop')} size="small">
        <Form.Item label={t('settings.shopName')} validateStatus={fieldError(error, 'shopName', t) ? 'error' : undefined} help={fieldError(error, 'shopName', t)}>
          <Input autoFocus aria-label={t('settings.shopName')} value={shopName} onChange={(e) => setShopName(e.target.value)} />
        </Form.Item>
        <Typography.Paragraph type="secondary">
          {t('settings.currency')}: {initial.currency} · {t('settings.station')}: {initial.stationCode}
        </Typography.Paragraph>
        <Checkbox checked={pricesIncludeTax} onChange={(e) => setPricesIncludeTax(e.target.checked)}>
          {t('settings.pricesIncludeTax')}
        </Checkbox>
      </Card>
      <Card title={t('settings.approval')} size="small" style={{ marginTop: 16 }}>
        <Form.Item label={`${t('settings.amountAtLeast')} (${initial.currency})`} extra={t('settings.amountHelp')} validateStatus={amountInvalid ? 'error' : undefined} help={amountInvalid ? t('errors.money') : undefined}>
          <Input aria-label={t('settings.amountAtLeast')} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} style={{ width: 200 }} />
        </Form.Item>
        <Checkbox checked={firstOrder} onChange={(e) => setFirstOrder(e.target.checked)} data-testid="first-order-rule">
          {t('settings.firstOrder')}
        </Checkbox>
      </Card>
      <Card title={t('settings.language')} size="small" style={{ marginTop: 16 }}>
        <Radio.Group value={language} onChange={(e) => setLanguage(e.target.value as 'en' | 'zh')}>
          <Radio value="en">English</Radio>
          <Radio value="zh">简体中文</Radio>
        </Radio.Group>
      </Card>
      {general && <div role="alert" style={{ color: '#cf1322', marginTop: 12 }}>{general}</div>}
      <Button type="primary" style={{ marginTop: 16 }} onClick={() => void save()}>
        {t('app.save')}
        <Kbd combo="ctrl+s" />
      </Button>
    </Form>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { data, error, reload } = useOp('settings.get', {});
  const [shown, setShown] = useState<Settings>();
  const can = useCan();
  useEffect(() => setShown(data), [data]);
  return (
    <div>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : !shown ? (
        <Loading />
      ) : (
        <Row gutter={16}>
          <Col span={12}>
            <ShopForm initial={shown} />
          </Col>
          <Col span={12}>
            <WarehousesCard />
            <div style={{ height: 16 }} />
            <TaxRatesCard />
          </Col>
          <Col span={12} style={{ marginTop: 16 }}>
            <PrintersCard />
          </Col>
          {/* Backups and restore change or replace the whole books: for those who may change settings. */}
          {can('settings.write') && (
            <Col span={12} style={{ marginTop: 16 }}>
              <BackupsCard />
            </Col>
          )}
        </Row>
      )}
    </div>
  );
}
