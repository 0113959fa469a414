import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../shared/errors.ts';
import { errorText } from '../lib/errors.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status">
      <Spin description={t('app.loading')} />
    </div>
  );
}

export function EmptyState({ text }: { readonly text?: string }) {
  const { t } = useTranslation();
  return <Empty description={text ?? t('app.empty')} />;
}

export function ErrorState({ error, onRetry }: { readonly error: AppError; readonly onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('errors.loadFailed')}
      description={errorText(error, t)}
      action={onRetry ? <Button onClick={onRetry}>{t('app.retry')}</Button> : undefined}
      role="alert"
    />
  );
}
