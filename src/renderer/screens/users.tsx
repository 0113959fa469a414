import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { ErrorState, Loading } from '../components/states.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useSession } from '../state/session.ts';
import { RolesCard, roleLabel } from './roles-card.tsx';

type User = OpResult<'users.list'>['items'][number];
type Role = OpResult<'roles.list'>['items'][number];

function NewUserModal({ roles, onClose }: { readonly roles: readonly Role[]; readonly onClose: (created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roleId, setRoleId] = useState(roles.find((r) => r.builtin === 'sales_clerk')?.id ?? roles[0]?.id);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError>();
  async function save() {
    try {
      const u = await client.call('users.create', { username, displayName, roleId: roleId ?? '', password });
      void message.success(t('users.created', { username: u.username }));
      onClose(true);
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void save() });
  const item = (field: string) => ({ validateStatus: fieldError(error, field, t) ? ('error' as const) : undefined, help: fieldError(error, field, t) });
  return (
    <Modal afterOpenChange={focusFirstField} open title={t('users.newUser')} onCancel={() => onClose(false)} onOk={() => void save()} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('users.name')} {...item('displayName')}>
          <Input autoFocus aria-label={t('users.name')} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('users.username')} {...item('username')}>
          <Input aria-label={t('users.username')} value={username} onChange={(e) => setUsername(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('users.role')} {...item('roleId')}>
          <Select aria-label={t('users.role')} value={roleId} onChange={setRoleId} options={roles.map((r) => ({ value: r.id, label: roleLabel(r, t) }))} />
        </Form.Item>
        <Form.Item label={t('users.firstPassword')} extra={t('auth.passwordRule')} {...item('password')}>
          <Input.Password aria-label={t('users.firstPassword')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Form.Item>
        {error && !['displayName', 'username', 'roleId', 'password'].some((f) => fieldError(error, f, t)) && <Typography.Text type="danger">{errorText(error, t)}</Typography.Text>}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { readonly user: User; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError>();
  async function save() {
    try {
      await client.call('users.resetPassword', { id: user.id, password });
      void message.success(t('users.passwordReset', { username: user.username }));
      onClose();
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  return (
    <Modal afterOpenChange={focusFirstField} open title={`${t('users.resetPassword')}: ${user.username}`} onCancel={onClose} onOk={() => void save()} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form.Item label={t('users.newPassword')} extra={t('auth.passwordRule')} validateStatus={error ? 'error' : undefined} help={error ? errorText(error, t) : undefined} layout="vertical">
        <Input.Password autoFocus aria-label={t('users.newPassword')} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} onPressEnter={() => void save()} />
      </Form.Item>
    </Modal>
  );
}

function IdleLockCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [minutes, setMinutes] = useState<number | null>(me.idleLockMinutes);
  async function save() {
    try {
      await client.call('security.updatePolicy', { idleLockMinutes: minutes ?? 0 });
      void message.success(t('app.saved'));
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }
  return (
    <Card title={t('users.security')} size="small" style={{ marginTop: 16 }}>
      <Space>
        <span>{t('users.idleLock')}</span>
        <InputNumber aria-label={t('users.idleLock')} min={1} max={480} value={minutes} onChange={setMinutes} onPressEnter={() => void save()} />
        <Button onClick={() => void save()}>{t('app.save')}</Button>
      </Space>
    </Card>
  );
}

/** The owner's screen: people, their roles and passwords; roles and their permissions; screen lock. */
export function UsersScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useOp('users.list', {});
  const roles = useOp('roles.list', {});
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User>();
  useShortcuts({ n: () => setCreating(true) }, !creating && !resetting);

  if (users.error) return <ErrorState error={users.error} onRetry={users.reload} />;
  if (!users.data || !roles.data) return <Loading />;
  const roleItems = roles.data.items;

  async function setActive(u: User, active: boolean) {
    try {
      await client.call('users.update', { id: u.id, active });
      users.reload();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }
  async function setRole(u: User, roleId: string) {
    try {
      await client.call('users.update', { id: u.id, roleId });
      users.reload();
      roles.reload();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }

  return (
    <div>
      <Typography.Title level={3}>{t('users.title')}</Typography.Title>
      <Card title={t('users.users')} size="small" extra={<Button type="primary" onClick={() => setCreating(true)}>{t('users.newUser')} (N)</Button>}>
        <Table<User>
          data-testid="users-table"
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={users.data.items}
          columns={[
            { title: t('users.username'), dataIndex: 'username' },
            { title: t('users.name'), dataIndex: 'displayName' },
            {
              title: t('users.role'),
              render: (_, u) => <Select aria-label={`${t('users.role')} ${u.username}`} value={u.roleId} style={{ width: 180 }} onChange={(v) => void setRole(u, v)} options={roleItems.map((r) => ({ value: r.id, label: roleLabel(r, t) }))} />,
            },
            { title: t('users.active'), render: (_, u) => <Switch aria-label={`${t('users.active')} ${u.username}`} checked={u.active} onChange={(v) => void setActive(u, v)} /> },
            { title: '', render: (_, u) => <Button onClick={() => setResetting(u)}>{t('users.resetPassword')}</Button> },
          ]}
        />
      </Card>
      <RolesCard roles={roleItems} onChanged={roles.reload} />
      <IdleLockCard />
      {creating && (
        <NewUserModal
          roles={roleItems}
          onClose={(created) => {
            setCreating(false);
            if (created) {
              users.reload();
              roles.reload();
            }
          }}
        />
      )}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />}
    </div>
  );
}
