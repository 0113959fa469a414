import { App, Button, Card, Checkbox, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { PERMISSIONS, type Permission } from '../../shared/permissions.ts';
import { client } from '../api/client.ts';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';

type Role = OpResult<'roles.list'>['items'][number];

/** Built-in roles show in the screen's language; roles the owner made keep their own name. */
export function roleLabel(role: Role, t: TFunction): string {
  return role.builtin ? t(`users.builtin.${role.builtin}`) : role.name;
}

function RoleModal({ role, onClose }: { readonly role: Role | null; readonly onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(role ? roleLabel(role, t) : '');
  const [permissions, setPermissions] = useState<Permission[]>(role ? [...role.permissions] : []);
  const [error, setError] = useState<AppError>();
  const owner = role?.builtin === 'owner';
  async function save() {
    try {
      if (role) await client.call('roles.update', { id: role.id, ...(role.builtin ? {} : { name }), ...(owner ? {} : { permissions }) });
      else await client.call('roles.create', { name, permissions });
      onClose(true);
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  return (
    <Modal afterOpenChange={focusFirstField} open width={640} title={role ? t('users.editRole') : t('users.newRole')} onCancel={() => onClose(false)} onOk={() => void save()} okText={t('app.save')} cancelText={t('app.cancel')} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('users.roleName')} validateStatus={fieldError(error, 'name', t) ? 'error' : undefined} help={fieldError(error, 'name', t)}>
          <Input autoFocus aria-label={t('users.roleName')} value={name} disabled={(role?.builtin ?? null) !== null} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        {owner && <Typography.Paragraph type="secondary">{t('users.ownerKeepsAll')}</Typography.Paragraph>}
        <Form.Item label={t('users.permissions')}>
          <Checkbox.Group
            disabled={owner}
            value={permissions}
            onChange={(v) => setPermissions(v as Permission[])}
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 6 }}
            options={PERMISSIONS.map((p) => ({ value: p, label: t(`users.perm.${p}`) }))}
          />
        </Form.Item>
        {error && !fieldError(error, 'name', t) && <Typography.Text type="danger">{errorText(error, t)}</Typography.Text>}
      </Form>
    </Modal>
  );
}

export function RolesCard({ roles, onChanged }: { readonly roles: readonly Role[]; readonly onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Role | null | undefined>(undefined);
  async function remove(role: Role) {
    try {
      await client.call('roles.delete', { id: role.id });
      onChanged();
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }
  return (
    <Card title={t('users.roles')} size="small" style={{ marginTop: 16 }} extra={<Button onClick={() => setEditing(null)}>{t('users.newRole')}</Button>}>
      <Table<Role>
        data-testid="roles-table"
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...roles]}
        columns={[
          { title: t('users.role'), render: (_, r) => roleLabel(r, t), width: 160 },
          { title: t('users.holders'), dataIndex: 'users', width: 80 },
          {
            title: t('users.permissions'),
            render: (_, r) => (
              <span>
                {r.permissions.map((p) => (
                  <Tag key={p} style={{ marginBottom: 2 }}>
                    {t(`users.perm.${p}`)}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: '',
            width: 170,
            render: (_, r) => (
              <span>
                <Button size="small" onClick={() => setEditing(r)}>
                  {t('users.editRole')}
                </Button>{' '}
                {r.builtin === null && r.users === 0 && (
                  <Button size="small" danger onClick={() => void remove(r)}>
                    {t('users.deleteRole')}
                  </Button>
                )}
              </span>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <RoleModal
          role={editing}
          onClose={(changed) => {
            setEditing(undefined);
            if (changed) onChanged();
          }}
        />
      )}
    </Card>
  );
}
