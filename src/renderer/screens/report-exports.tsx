import { App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { base64Bytes, saveFile } from '../lib/download.ts';
import { errorText } from '../lib/errors.ts';
import { useCan } from '../state/session.ts';

type CsvDataset = 'tax_summary' | 'invoices' | 'invoice_lines' | 'payments' | 'journal';

const CSV: readonly { readonly dataset: CsvDataset; readonly label: string }[] = [
  { dataset: 'tax_summary', label: 'reports.taxCsv' },
  { dataset: 'invoices', label: 'reports.invoicesCsv' },
  { dataset: 'invoice_lines', label: 'reports.linesCsv' },
  { dataset: 'payments', label: 'reports.paymentsCsv' },
  { dataset: 'journal', label: 'reports.journalCsv' },
];

/**
 * The period's files for the accountant, as the ledger makes them: the CSV datasets of
 * exports.csv and, in XLSX, the period's orders through the list export (the ledger has no XLSX
 * of the reports themselves yet).
 */
export function ReportExports({ dateFrom, dateTo }: { readonly dateFrom: string; readonly dateTo: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  // The list export reads the order list as the caller, so it needs orders.read as well.
  const can = useCan();

  async function run(key: string, make: () => Promise<{ name: string; body: BlobPart; type: string; rows: number }>) {
    if (busy) return;
    setBusy(key);
    try {
      const f = await make();
      saveFile(f.name, f.body, f.type);
      void message.success(t('reports.saved', { file: f.name, rows: f.rows }));
    } catch (e) {
      void message.error(isAppError(e) ? errorText(e, t) : t('errors.internal'));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Card size="small" title={t('reports.exports')} style={{ marginTop: 16 }} data-testid="report-exports">
      <Space wrap>
        {CSV.map((c) => (
          <Button
            key={c.dataset}
            loading={busy === c.dataset}
            data-export={c.dataset}
            onClick={() =>
              void run(c.dataset, async () => {
                const r = await client.call('exports.csv', { dataset: c.dataset, dateFrom, dateTo });
                return { name: r.filename, body: r.content, type: r.mediaType, rows: r.rows };
              })
            }
          >
            {t(c.label)}
          </Button>
        ))}
        {can('orders.read') && (
        <Button
          loading={busy === 'orders-xlsx'}
          data-export="orders-xlsx"
          onClick={() =>
            void run('orders-xlsx', async () => {
              const r = await client.call('exports.list', { list: 'orders', format: 'xlsx', filters: { dateFrom, dateTo } });
              return { name: r.fileName, body: base64Bytes(r.content), type: r.contentType, rows: r.rows };
            })
          }
        >
          {t('reports.ordersXlsx')}
        </Button>
        )}
      </Space>
    </Card>
  );
}
