import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUS_COLORS, type DisplayStatus } from '../lib/invoice-view.ts';

export function InvoiceStatusTag({ status }: { readonly status: DisplayStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-invoice-status={status}>
      {t(`invoicing.statuses.${status}`)}
    </Tag>
  );
}
