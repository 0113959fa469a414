import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import { useTypeAhead } from '../lib/use-type-ahead.ts';

type Option = { readonly value: string; readonly label: string; readonly sku: string };

/** A product chosen by typing its SKU, name or barcode (searched in the ledger as you type). */
export function ProductSelect({ value, onChange, autoFocus, status }: { readonly value: string | undefined; readonly onChange: (id: string, sku: string) => void; readonly autoFocus?: boolean; readonly status?: 'error' | undefined }) {
  const { t } = useTranslation();
  const search = useTypeAhead<Option>(
    async (term) => {
      const page = await client.call('products.list', { limit: 20, ...(term ? { search: term } : {}) });
      return page.items.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}`, sku: p.sku }));
    },
    (o) => onChange(o.value, o.sku),
  );
  return (
    <span onKeyDownCapture={search.onKeyDownCapture} style={{ display: 'block' }}>
      <Select
        showSearch={{ filterOption: false, searchValue: search.text, onSearch: search.onSearch }}
        open={search.open}
        onOpenChange={search.setOpen}
        autoFocus={autoFocus}
        defaultActiveFirstOption
        aria-label={t('stock.product')}
        placeholder={t('products.searchPlaceholder')}
        value={value}
        status={status}
        onChange={(v: string) => {
          search.picked();
          onChange(v, search.options.find((o) => o.value === v)?.sku ?? '');
        }}
        options={search.options}
        style={{ width: '100%' }}
        data-testid="product-select"
      />
    </span>
  );
}
