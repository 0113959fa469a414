import { Input, List, Typography } from 'antd';
import type { InputRef } from 'antd';
import { forwardRef, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import { money } from '../lib/format.ts';
import { resolveProduct, type Product } from '../lib/resolve-product.ts';
import { useLocale } from '../lib/use-locale.ts';

/**
 * Adds products by scan or search. A barcode scanner types the code and Enter: that resolves
 * exactly (barcode, then SKU). Typing a name shows matches; ↑↓ choose, Enter adds.
 */
export const ProductAdder = forwardRef<InputRef, { readonly onAdd: (p: Product) => void; readonly onNotFound: (term: string) => void }>(function ProductAdder(
  { onAdd, onNotFound },
  ref,
) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<{ term: string; items: Product[] }>({ term: '', items: [] });
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const search = term.trim();
    const mine = ++seq.current;
    if (search.length < 2) {
      setResults({ term: search, items: [] });
      return;
    }
    client.call('products.list', { search, limit: 8 }).then(
      (page) => mine === seq.current && (setResults({ term: search, items: page.items }), setActive(0)),
      () => mine === seq.current && setResults({ term: search, items: [] }),
    );
  }, [term]);

  const add = (p: Product) => {
    onAdd(p);
    setTerm('');
    setResults({ term: '', items: [] });
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    const shown = results.term === term.trim() ? results.items : [];
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, Math.min(shown.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const exact = shown.find((p) => p.sku === term.trim() || p.barcodes.some((b) => b.code === term.trim()));
    const chosen = exact ?? shown[active];
    if (chosen) return add(chosen);
    const resolved = await resolveProduct(client, term).catch(() => undefined);
    if (resolved) add(resolved);
    else if (term.trim()) onNotFound(term.trim());
  };

  const shown = results.term === term.trim() ? results.items : [];
  return (
    <div>
      <Input
        ref={ref}
        aria-label={t('entry.scan')}
        placeholder={t('entry.scanPlaceholder')}
        value={term}
        onChange={(e) => setTerm(e.target.value)}
        onKeyDown={(e) => void onKeyDown(e)}
        data-testid="product-adder"
      />
      {shown.length > 0 && (
        <List
          size="small"
          bordered
          style={{ position: 'absolute', zIndex: 10, background: '#fff', width: 520, boxShadow: '0 6px 16px rgba(0,0,0,.12)' }}
          dataSource={shown}
          renderItem={(p, i) => (
            <List.Item
              onMouseDown={(e) => {
                e.preventDefault();
                add(p);
              }}
              style={{ cursor: 'pointer', background: i === active ? '#e3f1ec' : undefined }}
              extra={money(p.price, p.currency, locale)}
            >
              <Typography.Text strong>{p.sku}</Typography.Text>&nbsp;{p.name}
              {p.altName ? ` · ${p.altName}` : ''}
            </List.Item>
          )}
        />
      )}
    </div>
  );
});
