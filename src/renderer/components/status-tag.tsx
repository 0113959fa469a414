import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../shared/order-state.ts';

// Preset names only, or none: antd parses any other name as a colour on every draw of a tag
// ("default" among them), which cost more than the rest of an order row.
const COLORS: Readonly<Record<OrderStatus, string | undefined>> = {
  draft: undefined,
  pending_approval: 'gold',
  approved: 'blue',
  picking: 'cyan',
  packed: 'geekblue',
  partially_shipped: 'purple',
  shipped: 'green',
  delivered: 'green',
  completed: undefined,
  cancelled: 'red',
};

export function StatusTag({ status }: { readonly status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
