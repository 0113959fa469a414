import { DeleteOutlined } from '@ant-design/icons';
import { Button, InputNumber, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../shared/errors.ts';
import { minorDigits } from '../../shared/money.ts';
import { fieldError } from '../lib/errors.ts';
import { money, moneyInputText, parseMoneyInput } from '../lib/format.ts';
import { oversold, type DraftLine } from '../lib/order-draft.ts';
import { useLocale } from '../lib/use-locale.ts';

type Props = {
  readonly lines: readonly DraftLine[];
  readonly lineGross: readonly number[];
  readonly currency: string;
  readonly error: AppError | undefined;
  readonly onQuantity: (index: number, quantity: number) => void;
  readonly onDiscount: (index: number, discountBp: number) => void;
  /** Absent when the user may not override prices: the price is then shown, not editable. */
  readonly onPrice?: (index: number, unitPrice: number) => void;
  readonly onRemove: (index: number) => void;
};

/** The lines of the order being entered: quantity, discount (and price) editable, stock shown per line. */
export function OrderLinesTable({ lines, lineGross, currency, error, onQuantity, onDiscount, onPrice, onRemove }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const columns: TableProps<DraftLine & { index: number }>['columns'] = [
    { title: t('entry.sku'), dataIndex: 'sku', width: 130 },
    { title: t('entry.product'), dataIndex: 'name', ellipsis: true },
    {
      title: t('entry.quantity'),
      width: 130,
      render: (_, l) => {
        const message = fieldError(error, `lines.${l.index}.quantity`, t);
        return (
          <div>
            <InputNumber
              aria-label={`${t('entry.quantity')} ${l.sku}`}
              min={1}
              precision={0}
              value={l.quantity}
              status={message ? 'error' : undefined}
              onChange={(v) => typeof v === 'number' && onQuantity(l.index, v)}
              data-testid={`qty-${l.sku}`}
            />
            {message && <Typography.Text type="danger">{message}</Typography.Text>}
          </div>
        );
      },
    },
    {
      title: t('entry.price'),
      width: 140,
      align: 'right',
      render: (_, l) => {
        if (!onPrice) return money(l.unitPrice, currency, locale);
        const message = fieldError(error, `lines.${l.index}.unitPrice`, t);
        return (
          <div>
            {/* Typed in the currency's units as text (12.50) and parsed exactly into minor units (1250): no floats. */}
            <InputNumber<string>
              stringMode
              aria-label={`${t('entry.price')} ${l.sku}`}
              min="0"
              precision={minorDigits(currency)}
              value={moneyInputText(l.unitPrice, currency)}
              status={message ? 'error' : undefined}
              onChange={(v) => {
                const minor = v === null ? undefined : parseMoneyInput(v, currency);
                if (minor !== undefined) onPrice(l.index, minor);
              }}
            />
            {l.priceOverridden && <Typography.Text type="secondary">{t('entry.priceOverridden')}</Typography.Text>}
            {message && <Typography.Text type="danger">{message}</Typography.Text>}
          </div>
        );
      },
    },
    {
      title: t('entry.discount'),
      width: 100,
      render: (_, l) => (
        <InputNumber
          aria-label={`${t('entry.discount')} ${l.sku}`}
          min={0}
          max={100}
          precision={0}
          value={l.discountBp / 100}
          onChange={(v) => typeof v === 'number' && onDiscount(l.index, Math.round(v) * 100)}
        />
      ),
    },
    {
      title: t('entry.available'),
      width: 130,
      align: 'right',
      render: (_, l) =>
        l.available === undefined ? '…' : oversold(l) ? (
          <Tooltip title={t('entry.oversell', { available: l.available })}>
            <Typography.Text type="warning" strong data-testid={`oversell-${l.sku}`}>
              ⚠ {l.available}
            </Typography.Text>
          </Tooltip>
        ) : (
          l.available
        ),
    },
    { title: t('entry.lineTotal'), width: 130, align: 'right', render: (_, l) => money(lineGross[l.index] ?? 0, currency, locale) },
    {
      width: 56,
      render: (_, l) => <Button aria-label={`${t('entry.remove')} ${l.sku}`} icon={<DeleteOutlined />} type="text" onClick={() => onRemove(l.index)} />,
    },
  ];
  return (
    <Table
      size="small"
      rowKey="productId"
      pagination={false}
      columns={columns}
      dataSource={lines.map((l, index) => ({ ...l, index }))}
      rowClassName={(l) => (oversold(l) ? 'line-oversold' : '')}
      locale={{ emptyText: t('entry.noLines') }}
      data-testid="order-lines"
    />
  );
}
