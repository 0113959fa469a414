import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import 'antd/dist/antd.css';
import './styles.css';
import { initI18n } from './i18n/index.ts';
import { useAppStore } from './state/app-store.ts';

initI18n(useAppStore.getState().language);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
