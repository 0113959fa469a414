import { Tag } from 'antd';
import { memo } from 'react';
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

/**
 * The tag with its words given: a list draws one per row, and a translation hook in each
 * (a context read and a language listener added and removed per row) cost more than the tag.
 */
export const StatusTagText = memo(function StatusTagText({ status, label }: { readonly status: OrderStatus; readonly label: string }) {
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {label}
    </Tag>
  );
});

export function StatusTag({ status }: { readonly status: OrderStatus }) {
  const { t } = useTranslation();
  return <StatusTagText status={status} label={t(`status.${status}`)} />;
}
