import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../shared/order-state.ts';

const COLORS: Readonly<Record<OrderStatus, string>> = {
  draft: 'default',
  pending_approval: 'gold',
  approved: 'blue',
  picking: 'cyan',
  packed: 'geekblue',
  partially_shipped: 'purple',
  shipped: 'green',
  delivered: 'green',
  completed: 'default',
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
