import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PoStatus } from '../../shared/purchasing.ts';
import { money } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

const COLORS: Readonly<Record<PoStatus, string | undefined>> = {
  draft: undefined, // no colour: antd's plain tag (it parses any non-preset name as a colour)
  sent: 'blue',
  partially_received: 'purple',
  received: 'green',
  closed_short: 'orange',
  cancelled: 'red',
};

export function PoStatusTag({ status }: { readonly status: PoStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`purchasing.status.${status}`)}
    </Tag>
  );
}

/** Money in minor units of the given currency, formatted for the screen's language. */
export function useMoney(): (amount: number, currency: string) => string {
  const locale = useLocale();
  return (amount, currency) => money(amount, currency, locale);
}
