import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';

/** A product chosen by typing its SKU, name or barcode (searched in the ledger as you type). */
export function ProductSelect({ value, onChange, autoFocus, status }: { readonly value: string | undefined; readonly onChange: (id: string, sku: string) => void; readonly autoFocus?: boolean; readonly status?: 'error' | undefined }) {
  const { t } = useTranslation();
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string; sku: string }[]>([]);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const search = term.trim();
    client.call('products.list', { limit: 20, ...(search ? { search } : {}) }).then(
      (page) => mine === seq.current && setOptions(page.items.map((p) => ({ value: p.id, label: `${p.sku} · ${p.name}`, sku: p.sku }))),
      () => mine === seq.current && setOptions([]),
    );
  }, [term]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setTerm }}
      autoFocus={autoFocus}
      defaultActiveFirstOption
      aria-label={t('stock.product')}
      placeholder={t('products.searchPlaceholder')}
      value={value}
      status={status}
      onChange={(v: string) => onChange(v, options.find((o) => o.value === v)?.sku ?? '')}
      options={options}
      style={{ width: '100%' }}
      data-testid="product-select"
    />
  );
}
