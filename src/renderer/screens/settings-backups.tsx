import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { ErrorState } from '../components/states.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { dateTime, integer } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

type Settings = OpResult<'backups.settings'>;
type Entry = OpResult<'backups.list'>['items'][number];
type Summary = OpResult<'backups.check'>;

export function fileSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(n)} ${units[u]}`;
}

/** Restore: the backup is checked first and its contents shown; typing the word confirms. */
function RestoreDialog({ entry, onClose }: { readonly entry: Entry; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [summary, setSummary] = useState<Summary>();
  const [error, setError] = useState<AppError>();
  const [typed, setTyped] = useState('');
  useEffect(() => {
    client.call('backups.check', { name: entry.name }).then(setSummary, (e: unknown) => isAppError(e) && setError(e));
  }, [entry.name]);
  const word = t('backups.restoreWord');
  async function restore() {
    try {
      await client.call('backups.restore', { name: entry.name, confirm: true });
      void message.success(t('backups.pending'), 8);
      onClose();
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  const reason = error?.details?.reason;
  const known = typeof reason === 'string' && ['missing', 'unreadable', 'wrong_key', 'newer_version', 'failed_verify'].includes(reason);
  const refusal = error ? t('backups.refused', { reason: known ? t(`backups.reasons.${reason as 'missing'}`) : errorText(error, t) }) : undefined;
  return (
    <Modal open title={t('backups.restoreTitle', { name: entry.name })} onCancel={onClose} onOk={() => void restore()} okText={t('backups.restoreDo')} okButtonProps={{ danger: true, disabled: !summary || typed.trim() !== word }} cancelText={t('app.cancel')} destroyOnHidden>
      {refusal ? (
        <Alert type="error" showIcon role="alert" title={refusal} data-testid="restore-refused" />
      ) : !summary ? (
        <Typography.Paragraph>{t('backups.checking')}</Typography.Paragraph>
      ) : (
        <>
          <Alert type="success" showIcon title={t('backups.restoreSummary', { orders: summary.orders, products: summary.products, customers: summary.customers, seq: summary.journalSeq })} data-testid="restore-summary" />
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('backups.restoreWarn', { taken: dateTime(summary.takenAt, locale) })} />
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('backups.restoreType', { word })}</Typography.Paragraph>
          <Input autoFocus aria-label={t('backups.restoreType', { word })} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </>
      )}
    </Modal>
  );
}

/** The backup folder, schedule and rotation; back up now; the backups with date and size, each restorable. */
export function BackupsCard() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const settings = useOp('backups.settings', {});
  const list = useOp('backups.list', {});
  const [form, setForm] = useState<Settings>();
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<Entry>();
  useEffect(() => {
    if (!settings.data) return;
    setForm(settings.data);
    setFolder(settings.data.folder ?? '');
  }, [settings.data]);

  async function save() {
    if (!form) return;
    setError(undefined);
    try {
      const saved = await client.call('backups.updateSettings', { folder: folder.trim() === '' ? null : folder.trim(), everyHours: form.everyHours, keepDaily: form.keepDaily, keepMonthly: form.keepMonthly, onExit: form.onExit });
      setForm(saved);
      void message.success(t('backups.saved'));
      list.reload();
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  async function backUpNow() {
    setBusy(true);
    try {
      const r = await client.call('backups.run', {});
      void message.success(t('backups.done', { name: r.name, size: fileSize(r.bytes, locale) }));
      list.reload();
    } catch (e) {
      if (isAppError(e)) void message.error(e.field === 'folder' ? t('backups.noFolder') : errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  if (settings.error) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  const item = (field: string) => ({ validateStatus: fieldError(error, field, t) ? ('error' as const) : undefined, help: fieldError(error, field, t) });
  return (
    <Card title={t('backups.title')} size="small" data-testid="backups-card">
      {form && (
        <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('backups.folder')} extra={t('backups.folderHelp')} {...item('folder')}>
            <Input aria-label={t('backups.folder')} value={folder} onChange={(e) => setFolder(e.target.value)} onPressEnter={() => void save()} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label={t('backups.everyHours')} {...item('everyHours')}>
              <InputNumber aria-label={t('backups.everyHours')} min={1} max={168} precision={0} value={form.everyHours} onChange={(v) => v !== null && setForm({ ...form, everyHours: v })} />
            </Form.Item>
            <Form.Item label={t('backups.keepDaily')} {...item('keepDaily')}>
              <InputNumber aria-label={t('backups.keepDaily')} min={1} max={366} precision={0} value={form.keepDaily} onChange={(v) => v !== null && setForm({ ...form, keepDaily: v })} />
            </Form.Item>
            <Form.Item label={t('backups.keepMonthly')} {...item('keepMonthly')}>
              <InputNumber aria-label={t('backups.keepMonthly')} min={0} max={120} precision={0} value={form.keepMonthly} onChange={(v) => v !== null && setForm({ ...form, keepMonthly: v })} />
            </Form.Item>
          </Space>
          <Checkbox checked={form.onExit} onChange={(e) => setForm({ ...form, onExit: e.target.checked })}>
            {t('backups.onExit')}
          </Checkbox>
          <div style={{ marginTop: 12 }}>
            <Space>
              <Button onClick={() => void save()}>{t('backups.save')}</Button>
              <Button type="primary" loading={busy} disabled={!form.folder} onClick={() => void backUpNow()}>
                {t('backups.now')}
              </Button>
            </Space>
          </div>
        </Form>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('backups.list')}
      </Typography.Title>
      {form && !form.folder ? (
        <Typography.Text type="secondary">{t('backups.noFolder')}</Typography.Text>
      ) : (
        <Table<Entry>
          size="small"
          rowKey="name"
          pagination={false}
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('backups.none') }}
          data-testid="backups-list"
          scroll={{ y: 240 }}
          columns={[
            { title: t('backups.taken'), dataIndex: 'takenAt', render: (v: string) => dateTime(v, locale) },
            { title: t('backups.size'), dataIndex: 'bytes', align: 'right', width: 100, render: (v: number) => <span title={`${integer(v, locale)} B`}>{fileSize(v, locale)}</span> },
            { width: 100, render: (_, b) => <Button size="small" danger onClick={() => setRestoring(b)}>{t('backups.restore')}</Button> },
          ]}
        />
      )}
      {restoring && <RestoreDialog entry={restoring} onClose={() => setRestoring(undefined)} />}
    </Card>
  );
}
