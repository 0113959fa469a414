import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { InputRef, TableProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { App } from 'antd';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState } from '../components/states.tsx';
import { money } from '../lib/format.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useCan } from '../state/session.ts';
import { useLocale } from '../lib/use-locale.ts';
import { usePages } from '../lib/use-pages.ts';
import { ProductForm } from './product-form.tsx';

type Product = OpResult<'products.list'>['items'][number];

function StockPerWarehouse({ productId }: { readonly productId: string }) {
  const { t } = useTranslation();
  const { data, error } = useOp('stock.levels', { productId, limit: 50 });
  if (error) return <ErrorState error={error} />;
  return (
    <Space wrap>
      <Typography.Text type="secondary">{t('products.stockPerWarehouse')}:</Typography.Text>
      {(data?.items ?? []).map((l) => (
        <Tag key={l.warehouseId}>
          {l.warehouseCode}: {t('stock.onHand')} {l.onHand} · {t('stock.reserved')} {l.reserved} · {t('stock.available')} {l.available}
        </Tag>
      ))}
      {data && data.items.length === 0 && <Typography.Text>0</Typography.Text>}
    </Space>
  );
}

export function ProductsScreen() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const settings = useOp('settings.get', {});
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Product | 'new' | undefined>();
  const { items, loading, error, more, reload } = usePages('products.list', { limit: 100, includeInactive: true, ...(search.trim() ? { search: search.trim() } : {}) });
  const searchRef = useRef<InputRef>(null);
  const canWrite = useCan()('catalog.write');
  useShortcuts({ ...(canWrite ? { n: () => setEditing('new') } : {}), '/': () => searchRef.current?.focus() }, editing === undefined);
  const currency = settings.data?.currency ?? 'CNY';

  const columns: TableProps<Product>['columns'] = [
    { title: t('products.sku'), dataIndex: 'sku', width: 150 },
    { title: t('products.name'), dataIndex: 'name', ellipsis: true },
    { title: t('products.altName'), dataIndex: 'altName', ellipsis: true },
    { title: t('products.price'), dataIndex: 'price', width: 130, align: 'right', render: (v: number, p) => money(v, p.currency, locale) },
    { title: t('products.barcodes'), dataIndex: 'barcodes', width: 200, render: (b: Product['barcodes']) => b.map((x) => <Tag key={x.code}>{x.code}</Tag>) },
    { width: 90, render: (_, p) => canWrite && <Button size="small" onClick={() => setEditing(p)}>{t('products.edit')}</Button> },
  ];

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={3}>{t('products.title')}</Typography.Title>
        {canWrite && (
          <Button type="primary" onClick={() => setEditing('new')}>
            {t('products.newProduct')}
            <Kbd combo="n" />
          </Button>
        )}
      </Space>
      <Input.Search ref={searchRef} allowClear aria-label={t('app.search')} placeholder={t('products.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 320, marginBottom: 12 }} suffix={<Kbd combo="/" />} />
      {error ? (
        <ErrorState error={error} onRetry={reload} />
      ) : (
        <Table<Product>
          size="small"
          rowKey="id"
          virtual
          scroll={{ x: 900, y: 560 }}
          pagination={false}
          loading={loading}
          columns={columns}
          dataSource={items}
          expandable={{ expandedRowRender: (p) => <StockPerWarehouse productId={p.id} />, rowExpandable: () => true, columnWidth: 48 }}
          onScroll={(e) => e.currentTarget.scrollHeight - e.currentTarget.scrollTop - e.currentTarget.clientHeight < 300 && more()}
          data-testid="products-table"
        />
      )}
      {editing && (
        <ProductForm
          product={editing === 'new' ? undefined : editing}
          currency={currency}
          onClose={() => setEditing(undefined)}
          onSaved={(p) => {
            setEditing(undefined);
            void message.success(t('products.created', { sku: p.sku }));
            reload();
          }}
        />
      )}
    </div>
  );
}
