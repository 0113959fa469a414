import { App, Button, Card, Input, InputNumber, List, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { errorText } from '../lib/errors.ts';
import { percentFromBp } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

/** Warehouses and tax rates: a new ledger needs one of each before the first product. */
export function WarehousesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, reload } = useOp('warehouses.list', {});
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  async function add() {
    try {
      await client.call('warehouses.create', { code, name });
      setCode('');
      setName('');
      reload();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }
  return (
    <Card title={t('settings.warehouses')} size="small">
      <List size="small" dataSource={data?.items ?? []} renderItem={(w) => <List.Item>{w.code} · {w.name} {!w.active && <Tag>✕</Tag>}</List.Item>} />
      <Space.Compact style={{ marginTop: 8 }}>
        <Input aria-label={`${t('settings.addWarehouse')} ${t('settings.code')}`} placeholder={t('settings.code')} value={code} onChange={(e) => setCode(e.target.value)} style={{ width: 110 }} />
        <Input aria-label={`${t('settings.addWarehouse')} ${t('settings.name')}`} placeholder={t('settings.name')} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => void add()} />
        <Button onClick={() => void add()}>{t('settings.add')}</Button>
      </Space.Compact>
    </Card>
  );
}

export function TaxRatesCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const { data, reload } = useOp('taxRates.list', {});
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [rate, setRate] = useState<number | null>(null);
  async function add() {
    try {
      // Whole and hundredths of a percent only, so basis points stay exact integers.
      await client.call('taxRates.create', { code, name, rateBp: Math.round((rate ?? 0) * 100) });
      setCode('');
      setName('');
      setRate(null);
      reload();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }
  return (
    <Card title={t('settings.taxRates')} size="small">
      <List size="small" dataSource={data?.items ?? []} renderItem={(r) => <List.Item>{r.code} · {r.name} · {percentFromBp(r.rateBp, locale)}</List.Item>} />
      <Space.Compact style={{ marginTop: 8 }}>
        <Input aria-label={`${t('settings.addTaxRate')} ${t('settings.code')}`} placeholder={t('settings.code')} value={code} onChange={(e) => setCode(e.target.value)} style={{ width: 100 }} />
        <Input aria-label={`${t('settings.addTaxRate')} ${t('settings.name')}`} placeholder={t('settings.name')} value={name} onChange={(e) => setName(e.target.value)} />
        <InputNumber aria-label={t('settings.rate')} placeholder={t('settings.rate')} min={0} max={100} precision={2} value={rate} onChange={setRate} style={{ width: 110 }} onPressEnter={() => void add()} />
        <Button onClick={() => void add()}>{t('settings.add')}</Button>
      </Space.Compact>
    </Card>
  );
}
