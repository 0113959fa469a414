import { App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { errorText, fieldError } from '../lib/errors.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { usePages } from '../lib/use-pages.ts';
import { focusFirstField } from '../lib/focus.ts';

function CustomerForm({ onClose, onSaved }: { readonly onClose: () => void; readonly onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<AppError>();
  async function submit() {
    try {
      const c = await client.call('customers.create', { name, email: email.trim() || null, phone: phone.trim() || null });
      onSaved(c.name);
    } catch (e) {
      if (isAppError(e)) setError(e);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void submit() });
  const item = (f: string) => ({ validateStatus: fieldError(error, f, t) ? ('error' as const) : undefined, help: fieldError(error, f, t) });
  const general = error && !['name', 'email', 'phone'].some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;
  return (
    <Modal afterOpenChange={focusFirstField} open title={t('customers.newCustomer')} onCancel={onClose} onOk={() => void submit()} okText={<span>{t('app.save')}<Kbd combo="ctrl+enter" /></span>} cancelText={t('app.close')} destroyOnHidden>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('customers.name')} required {...item('name')}>
          <Input autoFocus aria-label={t('customers.name')} value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('customers.email')} {...item('email')}>
          <Input aria-label={t('customers.email')} value={email} onChange={(e) => setEmail(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('customers.phone')} {...item('phone')}>
          <Input aria-label={t('customers.phone')} value={phone} onChange={(e) => setPhone(e.target.value)} />
        </Form.Item>
        {general && <div role="alert" style={{ color: '#cf1322' }}>{general}</div>}
      </Form>
    </Modal>
  );
}

export function CustomersScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<InputRef>(null);
  const { items, loading, error, more, reload } = usePages('customers.list', { limit: 100, ...(search.trim() ? { search: search.trim() } : {}) });
  useShortcuts({ n: () => setCreating(true), '/': () => searchRef.current?.focus() }, !creating);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('customers.title')}</Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('customers.newCustomer')}
          <Kbd combo="n" />
        </Button>
      </Space>
      <Input.Search ref={searchRef} allowClear aria-label={t('app.search')} placeholder={t('customers.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 320, marginBottom: 12 }} suffix={<Kbd combo="/" />} />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          virtual
          scroll={{ x: 700, y: 560 }}
          pagination={false}
          loading={loading}
          dataSource={items}
          onScroll={(e) => e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 300 && more()}
          columns={[
            { title: t('customers.code'), dataIndex: 'code', width: 110 },
            { title: t('customers.name'), dataIndex: 'name', ellipsis: true },
            { title: t('customers.email'), dataIndex: 'email', ellipsis: true },
            { title: t('customers.phone'), dataIndex: 'phone', width: 160 },
          ]}
        />
      )}
      {creating && (
        <CustomerForm
          onClose={() => setCreating(false)}
          onSaved={(name) => {
            setCreating(false);
            void message.success(t('customers.created', { name }));
            reload();
          }}
        />
      )}
    </div>
  );
}
