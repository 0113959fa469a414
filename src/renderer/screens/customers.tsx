import { App, Button, Input, Space, Table, Typography } from 'antd';
import type { InputRef } from 'antd';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { client } from '../api/client.ts';
import { CustomerForm } from '../components/customer-form.tsx';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { useShortcuts } from '../lib/shortcuts.ts';
import { usePages } from '../lib/use-pages.ts';

type Customer = OpResult<'customers.get'>;
type Row = OpResult<'customers.list'>['items'][number];

const place = (c: Row) => c.shippingAddress?.city ?? c.billingAddress?.city ?? '';

export function CustomersScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  // undefined: no form; null: a new customer; a customer: editing that one.
  const [editing, setEditing] = useState<Customer | null | undefined>(undefined);
  const [active, setActive] = useState(0);
  const searchRef = useRef<InputRef>(null);
  const { items, loading, error, more, reload } = usePages('customers.list', { limit: 100, ...(search.trim() ? { search: search.trim() } : {}) });
  // The list's row may be older than the customer: edit what the ledger holds now.
  const open = async (id: string) => setEditing(await client.call('customers.get', { id }));
  const move = (delta: number) => {
    setActive((i) => Math.max(0, Math.min(items.length - 1, i + delta)));
    if (active > items.length - 20) more();
  };
  const openActive = () => items[active] && void open(items[active].id);
  // Arrows and Enter walk the list from anywhere on the screen, the search field included.
  useShortcuts({ n: () => setEditing(null), '/': () => searchRef.current?.focus(), arrowdown: () => move(1), arrowup: () => move(-1), enter: openActive }, editing === undefined);
  const onKeyDown = (e: KeyboardEvent) => {
    if (editing !== undefined || !(e.target instanceof HTMLInputElement)) return;
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter') openActive();
    else return;
    e.preventDefault();
  };

  return (
    <div onKeyDown={onKeyDown}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('customers.title')}</Typography.Title>
        <Button type="primary" onClick={() => setEditing(null)}>
          {t('customers.newCustomer')}
          <Kbd combo="n" />
        </Button>
      </Space>
      <Input.Search
        ref={searchRef}
        allowClear
        aria-label={t('app.search')}
        placeholder={t('customers.searchPlaceholder')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setActive(0);
        }}
        style={{ width: 320, marginBottom: 12 }}
        suffix={<Kbd combo="/" />}
      />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Row>
          data-testid="customers-table"
          size="small"
          rowKey="id"
          virtual
          scroll={{ x: 800, y: 560 }}
          pagination={false}
          loading={loading}
          dataSource={items}
          rowClassName={(_, i) => (i === active ? 'row-active' : '')}
          onRow={(r, i) => ({ onClick: () => void open(r.id), onMouseEnter: () => setActive(i ?? 0), style: { cursor: 'pointer' } })}
          onScroll={(e) => e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 300 && more()}
          columns={[
            { title: t('customers.code'), dataIndex: 'code', width: 110 },
            { title: t('customers.name'), dataIndex: 'name', ellipsis: true },
            { title: t('customers.email'), dataIndex: 'email', ellipsis: true },
            { title: t('customers.phone'), dataIndex: 'phone', width: 150 },
            { title: t('customers.city'), key: 'city', width: 140, render: (_, c) => place(c) },
          ]}
        />
      )}
      <Typography.Text type="secondary">
        ↑↓ <Kbd combo="enter" /> {t('customers.editHint')}
      </Typography.Text>
      {editing !== undefined && (
        <CustomerForm
          customer={editing ?? undefined}
          onClose={() => setEditing(undefined)}
          onSaved={(c) => {
            void message.success(t(editing ? 'customers.saved' : 'customers.created', { name: c.name }));
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </div>
  );
}
