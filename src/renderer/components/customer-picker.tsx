import { Select } from 'antd';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';

type Option = { readonly value: string; readonly label: string };
const NEW_PREFIX = 'new:';

/**
 * Customer by type-ahead (name, code, email, phone). When nothing matches, the typed name is
 * offered as a new customer, created on the spot: no leaving the order to add one.
 */
export const CustomerPicker = forwardRef<{ focus(): void }, {
  readonly value: string | undefined;
  readonly initialLabel?: string | undefined;
  readonly onChange: (id: string, label: string) => void;
  readonly status?: 'error' | undefined;
  readonly autoFocus?: boolean;
  /** Offer the typed name as a new customer (order entry); off where a customer is only chosen (a filter). */
  readonly allowNew?: boolean;
  /** Shows a clear button that calls this. */
  readonly onClear?: () => void;
  readonly width?: number | string;
}>(function CustomerPicker({ value, initialLabel, onChange, status, autoFocus, allowNew = true, onClear, width = '100%' }, ref) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>([]);
  const [term, setTerm] = useState('');
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const search = term.trim();
    client.call('customers.list', { limit: 20, ...(search ? { search } : {}) }).then(
      (page) => {
        if (mine !== seq.current) return;
        const found = page.items.map((c) => ({ value: c.id, label: `${c.name} · ${c.code}` }));
        const offerNew = allowNew && search.length > 0 && !page.items.some((c) => c.name === search);
        setOptions(offerNew ? [...found, { value: `${NEW_PREFIX}${search}`, label: `+ ${t('entry.newCustomer')}: ${search}` }] : found);
      },
      () => mine === seq.current && setOptions([]),
    );
  }, [term, t, allowNew]);

  const pick = async (v: string) => {
    if (v.startsWith(NEW_PREFIX)) {
      const created = await client.call('customers.create', { name: v.slice(NEW_PREFIX.length) });
      setOptions([{ value: created.id, label: `${created.name} · ${created.code}` }]);
      onChange(created.id, created.name);
    } else onChange(v, options.find((o) => o.value === v)?.label ?? v);
  };

  const known = options.some((o) => o.value === value);
  return (
    <Select
      ref={ref as never}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      autoFocus={autoFocus}
      aria-label={t('entry.customer')}
      placeholder={t('entry.customerPlaceholder')}
      value={value}
      status={status}
      onChange={(v: string | undefined) => (v === undefined ? onClear?.() : void pick(v))}
      options={!known && value && initialLabel ? [{ value, label: initialLabel }, ...options] : options}
      allowClear={onClear !== undefined}
      style={{ width }}
      data-testid="customer-picker"
    />
  );
});
