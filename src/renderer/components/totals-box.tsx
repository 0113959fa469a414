import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { money, percentFromBp } from '../lib/format.ts';
import { useLocale } from '../lib/use-locale.ts';

export type TotalsView = {
  readonly subtotal: number;
  readonly discount: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly taxBreakdown: readonly { readonly taxRateBp: number; readonly tax: number }[];
  /** The shipping fee charged, in the price basis (already inside net, tax and gross). */
  readonly shippingFee?: number | null;
};

/** The totals block of an order being entered or shown: same rows, same rounding. */
export function TotalsBox({ totals, currency }: { readonly totals: TotalsView; readonly currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const m = (n: number) => money(n, currency, locale);
  return (
    <table className="totals-table" data-testid="totals">
      <tbody>
        <tr>
          <td>{t('entry.subtotal')}</td>
          <td>{m(totals.subtotal)}</td>
        </tr>
        {totals.discount !== 0 && (
          <tr>
            <td>{t('entry.discounts')}</td>
            <td>−{m(totals.discount)}</td>
          </tr>
        )}
        {totals.shippingFee ? (
          <tr>
            <td>{t('entry.shipping')}</td>
            <td data-testid="total-shipping">{m(totals.shippingFee)}</td>
          </tr>
        ) : null}
        <tr>
          <td>{t('entry.net')}</td>
          <td>{m(totals.net)}</td>
        </tr>
        {totals.taxBreakdown.map((r) => (
          <tr key={r.taxRateBp}>
            <td>{t('entry.taxAt', { rate: percentFromBp(r.taxRateBp, locale) })}</td>
            <td>{m(r.tax)}</td>
          </tr>
        ))}
        <tr>
          <td>
            <Typography.Text strong>{t('entry.gross')}</Typography.Text>
          </td>
          <td data-testid="total-gross">
            <Typography.Text strong>{m(totals.gross)}</Typography.Text>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
