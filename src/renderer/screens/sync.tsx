import { App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncIssue } from '../../shared/contract/sync.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { errorText } from '../lib/errors.ts';
import { dateTime } from '../lib/format.ts';
import { oversellDetails, syncLight } from '../lib/sync-state.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useLocale } from '../lib/use-locale.ts';
import { useCan } from '../state/session.ts';

const WORD = { off: 'sync.off', syncing: 'sync.syncing', up_to_date: 'sync.upToDate', offline: 'sync.offline', error: 'sync.error' } as const;

/** Sync of this station: where it stands, and the oversell alerts and conflicts a person must resolve. */
export function SyncScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const canResolve = useCan()('settings.write');
  const { data, error, reload } = useOp('sync.status', {});
  const [resolving, setResolving] = useState<SyncIssue>();
  const [note, setNote] = useState('');
  useShortcuts({ f5: reload }, resolving === undefined);

  async function resolve() {
    if (!resolving) return;
    try {
      await client.call('sync.resolveIssue', { id: resolving.id, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('sync.resolved'));
      setResolving(undefined);
      setNote('');
      reload();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }

  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const when = (iso: string | null) => (iso ? dateTime(iso, locale) : t('sync.never'));
  return (
    <div>
      <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{t('sync.title')}</Typography.Title>
        <Button onClick={reload}>
          {t('sync.refresh')}
          <Kbd combo="f5" />
        </Button>
      </Space>
      <Card size="small">
        {data.configured ? (
          <Descriptions size="small" column={2} data-testid="sync-summary">
            <Descriptions.Item label={t('sync.title')}>{t(WORD[syncLight(data)])}</Descriptions.Item>
            <Descriptions.Item label={t('sync.server')}>{data.serverUrl}</Descriptions.Item>
            <Descriptions.Item label={t('sync.lastSynced', { when: '' }).trim()}>{when(data.lastSyncAt)}</Descriptions.Item>
            <Descriptions.Item label={t('sync.opsWaiting')}>
              <span data-testid="sync-ops-waiting">{data.opsWaiting}</span>
            </Descriptions.Item>
            {data.restoredAt && (
              <Descriptions.Item label={t('sync.restoredLabel')} span={2}>
                <Typography.Text type="warning" data-testid="sync-restored">
                  {t('sync.restored', { when: dateTime(data.restoredAt, locale) })}
                </Typography.Text>
              </Descriptions.Item>
            )}
            {data.lastError && (
              <Descriptions.Item label={t('sync.lastError')} span={2}>
                <Typography.Text type="danger">{data.lastError}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
        ) : (
          <Typography.Text data-testid="sync-summary">{t('sync.notConfigured')}</Typography.Text>
        )}
      </Card>
      <Typography.Title level={4} style={{ marginTop: 16 }}>
        {t('sync.openIssues')} <Tag data-testid="sync-open-issues">{data.openIssues}</Tag>
      </Typography.Title>
      <Table<SyncIssue>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data.issues}
        locale={{ emptyText: t('sync.noIssues') }}
        data-testid="sync-issues"
        columns={[
          { title: t('sync.since'), dataIndex: 'createdAt', width: 170, render: (v: string) => dateTime(v, locale) },
          { title: t('sync.kind'), dataIndex: 'kind', width: 110, render: (k: SyncIssue['kind']) => <Tag color={k === 'oversell' ? 'orange' : 'red'}>{t(`sync.kinds.${k}`)}</Tag> },
          { title: t('sync.subject'), width: 180, render: (_: unknown, i: SyncIssue) => { const o = oversellDetails(i.details); return o ? `${o.sku} · ${o.warehouse}` : i.subject; } },
          // Oversells are told in the screen's language from their details; other kinds as the ledger wrote them.
          { title: t('sync.message'), render: (_: unknown, i: SyncIssue) => { const o = oversellDetails(i.details); return o ? t('sync.oversell', { available: o.available, onHand: o.onHand, reserved: o.reserved, orders: o.orders.join(', ') }) : i.message; } },
          ...(canResolve ? [{ width: 120, render: (_: unknown, i: SyncIssue) => <Button size="small" onClick={() => setResolving(i)}>{t('sync.resolve')}</Button> }] : []),
        ]}
      />
      <Modal open={resolving !== undefined} title={resolving ? `${t(`sync.kinds.${resolving.kind}`)} · ${resolving.subject}` : ''} onOk={() => void resolve()} onCancel={() => setResolving(undefined)} okText={t('sync.resolve')} cancelText={t('app.cancel')} destroyOnHidden>
        <p>{resolving && oversellDetails(resolving.details) ? t('sync.oversell', { ...oversellDetails(resolving.details)!, orders: oversellDetails(resolving.details)!.orders.join(', ') }) : resolving?.message}</p>
        <Input.TextArea autoFocus aria-label={t('sync.note')} placeholder={t('sync.note')} value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </Modal>
    </div>
  );
}
