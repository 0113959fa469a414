import { Alert, App, Card, Checkbox, InputNumber, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_COPIES, STATION_PAPERS, type PrinterChoice, type StationPaper, type StationPrinterMap } from '../../shared/documents/print-bridge.ts';
import { DOC_KINDS, type DocKind } from '../../shared/documents/view-models.ts';
import { printBridge } from '../api/printing.ts';

type Row = { readonly kind: DocKind };

// The Select's value for "the print dialog" (no printer chosen): antd needs a non-empty key.
const DIALOG = '\u0000dialog';

/**
 * Per document kind, this station's printer, paper and copies. Printers belong to the computer,
 * so the choices live where the desktop app keeps them (its user-data folder, over the print
 * bridge), not in the ledger. A web browser cannot list printers: there every document goes
 * through the print dialog, and the section says so.
 */
export function PrintersCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bridge = printBridge();
  const [printers, setPrinters] = useState<{ name: string; displayName: string }[]>([]);
  const [station, setStation] = useState<StationPrinterMap>({});
  useEffect(() => {
    if (!bridge) return;
    void bridge.printers().then(setPrinters);
    void bridge.station().then(setStation);
  }, [bridge]);

  const choiceOf = (kind: DocKind): PrinterChoice => station[kind] ?? { deviceName: null, silent: false };
  async function save(kind: DocKind, change: Partial<PrinterChoice>) {
    if (!bridge) return;
    const next = await bridge.setStation(kind, { ...choiceOf(kind), ...change });
    setStation(next);
    void message.success(t('printers.saved', { kind: t(`printers.kinds.${kind}`) }));
  }

  const dialogOption = { value: DIALOG, label: t('printers.dialog') };
  return (
    <Card title={t('printers.title')} size="small" data-testid="printers-card">
      <Alert type={bridge ? 'info' : 'warning'} showIcon title={bridge ? t('printers.shellNote') : t('printers.browserNote')} style={{ marginBottom: 8 }} data-testid="printers-note" />
      {bridge && printers.length === 0 && <Typography.Paragraph type="secondary">{t('printers.noPrinters')}</Typography.Paragraph>}
      <Table<Row>
        size="small"
        rowKey="kind"
        pagination={false}
        dataSource={DOC_KINDS.map((kind) => ({ kind }))}
        scroll={{ x: 'max-content' }}
        // Paper, copies and silent printing are the dialog's own in a browser: only the shell sets them.
        columns={[
          { title: t('printers.kind'), render: (_: unknown, { kind }: Row) => t(`printers.kinds.${kind}`) },
          {
            title: t('printers.printer'),
            render: (_: unknown, { kind }: Row) => {
              const c = choiceOf(kind);
              return (
                <Select
                  size="small"
                  style={{ width: 170 }}
                  aria-label={`${t('printers.printer')} ${t(`printers.kinds.${kind}`)}`}
                  data-testid={`printer-${kind}`}
                  value={c.deviceName ?? DIALOG}
                  options={[dialogOption, ...printers.map((p) => ({ value: p.name, label: p.displayName }))]}
                  onChange={(v: string) => void save(kind, v === DIALOG ? { deviceName: null, silent: false } : { deviceName: v })}
                />
              );
            },
          },
          ...(!bridge ? [] : [
          {
            title: t('printers.paper'),
            render: (_: unknown, { kind }: Row) => (
              <Select<StationPaper | ''>
                size="small"
                style={{ width: 140 }}
                aria-label={`${t('printers.paper')} ${t(`printers.kinds.${kind}`)}`}
                value={choiceOf(kind).paper ?? ''}
                options={[{ value: '', label: t('printers.defaultPaper') }, ...STATION_PAPERS.map((p) => ({ value: p, label: t(`printers.papers.${p}`) }))]}
                onChange={(v) => void save(kind, v === '' ? { paper: undefined } : { paper: v })}
              />
            ),
          },
          {
            title: t('printers.copies'),
            width: 90,
            render: (_: unknown, { kind }: Row) => (
              <InputNumber
                size="small"
                min={1}
                max={MAX_COPIES}
                precision={0}
                aria-label={`${t('printers.copies')} ${t(`printers.kinds.${kind}`)}`}
                value={choiceOf(kind).copies ?? 1}
                onChange={(v) => v !== null && v !== (choiceOf(kind).copies ?? 1) && void save(kind, { copies: v })}
                style={{ width: 64 }}
              />
            ),
          },
          {
            title: t('printers.silent'),
            width: 110,
            align: 'center' as const,
            render: (_: unknown, { kind }: Row) => {
              const c = choiceOf(kind);
              return <Checkbox aria-label={`${t('printers.silent')} ${t(`printers.kinds.${kind}`)}`} checked={c.silent} disabled={c.deviceName === null} onChange={(e) => void save(kind, { silent: e.target.checked })} />;
            },
          },
          ]),
        ]}
      />
    </Card>
  );
}
