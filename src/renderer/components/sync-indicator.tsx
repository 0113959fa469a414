import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/use-op.ts';
import { dateTime } from '../lib/format.ts';
import { syncLight, type SyncLight } from '../lib/sync-state.ts';
import { useLocale } from '../lib/use-locale.ts';
import { navigate } from '../lib/use-route.ts';

const ICON: Record<SyncLight, React.ReactNode> = {
  off: <StopOutlined />,
  syncing: <CloudSyncOutlined spin />,
  up_to_date: <CloudOutlined />,
  offline: <DisconnectOutlined />,
  error: <ExclamationCircleOutlined />,
};
const COLOR: Record<SyncLight, string | undefined> = { off: undefined, syncing: '#1f6f5c', up_to_date: '#1f6f5c', offline: '#d48806', error: '#cf1322' };
const WORD = { off: 'sync.off', syncing: 'sync.syncing', up_to_date: 'sync.upToDate', offline: 'sync.offline', error: 'sync.error' } as const;

/** Polls often enough to follow a round in progress, rarely enough to cost nothing. */
const POLL_MS = 4_000;

/** Sync in the app shell's header: its state, last sync, changes waiting and issues to resolve; opens the sync screen. */
export function SyncIndicator() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { data, reload } = useOp('sync.status', {});
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  if (!data) return null;
  const light = syncLight(data);
  const last = data.lastSyncAt ? t('sync.lastSynced', { when: dateTime(data.lastSyncAt, locale) }) : t('sync.never');
  const parts = [t(WORD[light]), ...(data.configured ? [last] : []), ...(data.opsWaiting > 0 && data.configured ? [t('sync.waiting', { count: data.opsWaiting })] : [])];
  return (
    <Tooltip title={data.lastError ?? last}>
      <Badge count={data.openIssues} size="small" offset={[-4, 4]} title={t('sync.issues', { count: data.openIssues })}>
        <Button type="text" icon={ICON[light]} style={{ color: COLOR[light] }} onClick={() => navigate({ screen: 'sync' })} data-testid="sync-indicator" data-state={light}>
          {parts.join(' · ')}
        </Button>
      </Badge>
    </Tooltip>
  );
}
