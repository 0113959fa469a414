import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { errorText, fieldError } from '../lib/errors.ts';
import { useAppStore } from '../state/app-store.ts';

type SignedIn = OpResult<'session.signIn'>;

function Frame({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const { language, setLanguage } = useAppStore();
  // Before signing in too, the person picks the language they read.
  const languages = (
    <Segmented
      size="small"
      value={language}
      onChange={(v) => setLanguage(v as 'en' | 'zh')}
      options={[
        { label: 'English', value: 'en' },
        { label: '简体中文', value: 'zh' },
      ]}
    />
  );
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f3f6f5' }}>
      <Card style={{ width: 420 }} extra={languages} title={<Typography.Title level={4} style={{ margin: 0, color: '#1f6f5c' }}>{title}</Typography.Title>}>
        {children}
      </Card>
    </div>
  );
}

/** First start: the owner's account. Enter submits from any field. */
export function SetupScreen({ onDone }: { readonly onDone: (s: SignedIn) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const differ = repeat !== '' && repeat !== password;

  async function submit() {
    if (differ || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await client.call('session.setupOwner', { username, displayName, password }));
    } catch (e) {
      if (isAppError(e)) setError(e);
    } finally {
      setBusy(false);
    }
  }
  const status = (f: string) => (fieldError(error, f, t) ? 'error' : undefined);
  return (
    <Frame title={t('auth.setupTitle')}>
      <Typography.Paragraph>{t('auth.setupIntro')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('auth.displayName')} validateStatus={status('displayName')} help={fieldError(error, 'displayName', t)}>
          <Input autoFocus aria-label={t('auth.displayName')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('auth.username')} validateStatus={status('username')} help={fieldError(error, 'username', t)}>
          <Input aria-label={t('auth.username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('auth.password')} extra={t('auth.passwordRule')} validateStatus={status('password')} help={fieldError(error, 'password', t)}>
          <Input.Password aria-label={t('auth.password')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('auth.passwordRepeat')} validateStatus={differ ? 'error' : undefined} help={differ ? t('auth.passwordsDiffer') : undefined}>
          <Input.Password aria-label={t('auth.passwordRepeat')} autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </Form.Item>
        {error && !['username', 'displayName', 'password'].some((f) => fieldError(error, f, t)) && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" block loading={busy} disabled={differ || repeat === ''}>
          {t('auth.createOwner')}
        </Button>
      </Form>
    </Frame>
  );
}

/** Sign-in, also the lock screen (then with the user name filled in and a note why). */
export function SignInScreen({ onDone, notice, initialUsername = '' }: { readonly onDone: (s: SignedIn) => void; readonly notice?: string; readonly initialUsername?: string }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await client.call('session.signIn', { username, password }));
    } catch (e) {
      if (isAppError(e)) setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }
  const problem = !error
    ? undefined
    : error.code === 'unauthenticated'
      ? t('auth.wrong')
      : error.code === 'rate_limited'
        ? t('auth.wait', { seconds: String(error.details?.retryAfterSeconds ?? 1) })
        : errorText(error, t);
  return (
    <Frame title={t('auth.signInTitle')}>
      {notice && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="sign-in-notice" />}
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('auth.username')}>
          <Input autoFocus={initialUsername === ''} aria-label={t('auth.username')} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('auth.password')}>
          <Input.Password autoFocus={initialUsername !== ''} aria-label={t('auth.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} role="alert" />}
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('auth.signIn')}
        </Button>
      </Form>
    </Frame>
  );
}
