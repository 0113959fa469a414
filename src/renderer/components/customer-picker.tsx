import { Select } from 'antd';
import { forwardRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.ts';
import { useTypeAhead } from '../lib/use-type-ahead.ts';

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
  // The chosen customer keeps its label when a later search no longer lists it.
  const [chosen, setChosen] = useState<Option | undefined>();
  const pick = async (o: Option) => {
    if (o.value.startsWith(NEW_PREFIX)) {
      const created = await client.call('customers.create', { name: o.value.slice(NEW_PREFIX.length) });
      const made = { value: created.id, label: `${created.name} · ${created.code}` };
      setChosen(made);
      onChange(made.value, created.name);
    } else {
      setChosen(o);
      onChange(o.value, o.label);
    }
  };
  const search = useTypeAhead<Option>(
    async (term) => {
      const page = await client.call('customers.list', { limit: 20, ...(term ? { search: term } : {}) });
      const found = page.items.map((c) => ({ value: c.id, label: `${c.name} · ${c.code}` }));
      const offerNew = allowNew && term.length > 0 && !page.items.some((c) => c.name === term);
      return offerNew ? [...found, { value: `${NEW_PREFIX}${term}`, label: `+ ${t('entry.newCustomer')}: ${term}` }] : found;
    },
    (o) => void pick(o),
    [t, allowNew],
  );
  const { options } = search;
  const shown = (): Option[] => {
    if (!value || options.some((o) => o.value === value)) return options;
    const label = chosen?.value === value ? chosen.label : initialLabel;
    return label ? [{ value, label }, ...options] : options;
  };

  return (
    <span onKeyDownCapture={search.onKeyDownCapture} style={{ display: 'inline-block', width }}>
    <Select
      ref={ref as never}
      showSearch={{ filterOption: false, searchValue: search.text, onSearch: search.onSearch }}
      open={search.open}
      onOpenChange={search.setOpen}
      autoFocus={autoFocus}
      aria-label={t('entry.customer')}
      placeholder={t('entry.customerPlaceholder')}
      value={value}
      status={status}
      onChange={(v: string | undefined) => {
        search.picked();
        if (v === undefined) return onClear?.();
        const o = shown().find((x) => x.value === v);
        if (o) void pick(o);
      }}
      options={shown()}
      allowClear={onClear !== undefined}
      style={{ width: '100%' }}
      data-testid="customer-picker"
    />
    </span>
  );
});
