import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShell } from './components/app-shell.tsx';
import { AuthGate } from './components/auth-gate.tsx';
import { LOCALE_TAG } from './i18n/index.ts';
import { useRoute } from './lib/use-route.ts';
import { ScreenFor } from './screens/screen-for.tsx';
import { useAppStore } from './state/app-store.ts';

// One object for the life of the app: a new one on every render makes antd compare it again.
const THEME = { zeroRuntime: true, token: { colorPrimary: '#1f6f5c', borderRadius: 6, motion: false }, components: { Menu: { itemSelectedBg: '#e3f1ec', itemSelectedColor: '#1f6f5c' } } };

export function App() {
  const language = useAppStore((s) => s.language);
  const { i18n } = useTranslation();
  const route = useRoute();

  useEffect(() => {
    void i18n.changeLanguage(language);
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = LOCALE_TAG[language];
  }, [language, i18n]);

  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <AuthGate>
          <AppShell route={route}>
            <ScreenFor key={`${route.screen}:${'id' in route ? route.id : ''}`} route={route} />
          </AppShell>
        </AuthGate>
      </AntApp>
    </ConfigProvider>
  );
}
