import { LogoutOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Segmented, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { helpSection, type Route } from '../lib/route.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import type { Permission } from '../../shared/permissions.ts';
import { useAppStore } from '../state/app-store.ts';
import { useCan, useSession } from '../state/session.ts';
import { HelpDrawer } from './help-drawer.tsx';
import { Kbd } from './kbd.tsx';
import { SyncIndicator } from './sync-indicator.tsx';

// `need`: the permission without which the entry is hidden (the dispatcher refuses it anyway).
const NAV = [
  { key: 'home', combo: 'alt+1', route: { screen: 'home' }, need: null },
  { key: 'orders', combo: 'alt+2', route: { screen: 'orders' }, need: 'orders.read' },
  { key: 'newOrder', combo: 'alt+3', route: { screen: 'order-new' }, need: 'orders.write' },
  { key: 'products', combo: 'alt+4', route: { screen: 'products' }, need: 'catalog.read' },
  { key: 'stock', combo: 'alt+5', route: { screen: 'stock' }, need: 'stock.read' },
  { key: 'customers', combo: 'alt+6', route: { screen: 'customers' }, need: 'customers.read' },
  { key: 'settings', combo: 'alt+7', route: { screen: 'settings' }, need: 'settings.read' },
  { key: 'packing', combo: 'alt+8', route: { screen: 'packing' }, need: 'orders.fulfil' },
  { key: 'transfers', combo: 'alt+9', route: { screen: 'transfers' }, need: 'stock.transfer' },
  { key: 'purchasing', combo: 'alt+p', route: { screen: 'purchasing', tab: 'orders' }, need: 'purchases.read' },
  { key: 'counts', combo: 'alt+k', route: { screen: 'counts' }, need: 'stock.adjust' },
  { key: 'import', combo: 'alt+i', route: { screen: 'import' }, need: 'data.import' },
  { key: 'invoices', combo: 'alt+v', route: { screen: 'invoices' }, need: 'invoices.read' },
  { key: 'receivables', combo: 'alt+b', route: { screen: 'receivables' }, need: 'reports.read' },
  { key: 'reports', combo: 'alt+r', route: { screen: 'reports' }, need: 'reports.read' },
  { key: 'users', combo: 'alt+0', route: { screen: 'users' }, need: 'users.manage' },
] as const satisfies readonly { key: string; combo: string; route: Route; need: Permission | null }[];

function selectedKey(route: Route): string {
  if (route.screen === 'order-new') return 'newOrder';
  if (route.screen === 'order' || route.screen === 'order-edit') return 'orders';
  if (route.screen === 'invoice') return 'invoices';
  if (route.screen === 'purchase-order') return 'purchasing';
  if (route.screen === 'count') return 'counts';
  // The sync screen opens from the header, not the menu: nothing in the menu is selected then.
  if (route.screen === 'sync') return '';
  return NAV.find((n) => n.route.screen === route.screen)?.key ?? 'home';
}

export function AppShell({ route, children }: { readonly route: Route; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const { language, setLanguage, helpOpen, setHelpOpen } = useAppStore();
  const can = useCan();
  const session = useSession();
  const nav = NAV.filter((n) => n.need === null || can(n.need));

  useShortcuts({
    ...Object.fromEntries(nav.map((n) => [n.combo, () => navigate(n.route)])),
    f1: () => setHelpOpen(!helpOpen),
    'alt+l': () => setLanguage(language === 'en' ? 'zh' : 'en'),
  });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={216} theme="light" style={{ borderInlineEnd: '1px solid #eee', minHeight: '100vh' }}>
        <div style={{ padding: '18px 20px 10px' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#1f6f5c' }}>
            {t('app.name')}
          </Typography.Title>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selectedKey(route)]}
          items={nav.map((n) => ({
            key: n.key,
            label: (
              <span style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', lineHeight: 1.2, height: '100%' }}>
                {t(`nav.${n.key}`)}
                <Kbd combo={n.combo} />
              </span>
            ),
            onClick: () => navigate(n.route),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #eee', paddingInline: 24, display: 'flex', justifyContent: 'flex-end' }}>
          <Space>
            {can('settings.read') && <SyncIndicator />}
            <span data-testid="signed-in-as">
              <UserOutlined /> {session.me.displayName}
            </span>
            <Button icon={<LogoutOutlined />} onClick={session.signOut} data-testid="sign-out">
              {t('auth.signOut')}
            </Button>
            <span>
              {t('app.language')}
              <Kbd combo="alt+l" />
            </span>
            <Segmented
              aria-label={t('app.language')}
              value={language}
              onChange={(v) => setLanguage(v as 'en' | 'zh')}
              options={[
                { label: 'English', value: 'en' },
                { label: '简体中文', value: 'zh' },
              ]}
            />
            <Button icon={<QuestionCircleOutlined />} onClick={() => setHelpOpen(true)}>
              {t('app.help')}
              <Kbd combo="f1" />
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
      </Layout>
      <HelpDrawer open={helpOpen} section={helpSection(route.screen)} onClose={() => setHelpOpen(false)} />
    </Layout>
  );
}
