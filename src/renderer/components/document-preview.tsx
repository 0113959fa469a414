import { App, Button, Checkbox, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentPath, type PrinterChoice, type StationPrinterMap } from '../../shared/documents/print-bridge.ts';
import type { DocKind, DocLang } from '../../shared/documents/view-models.ts';
import { printBridge } from '../api/printing.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { useAppStore } from '../state/app-store.ts';
import { Kbd } from './kbd.tsx';

export type PreviewTarget = { readonly kind: DocKind; readonly id: string; readonly title: string };

/**
 * The real PDF, as the document route serves it, in a frame: the same bytes the printer gets.
 * Ctrl+P prints (the desktop app's print queue, to this station's printer for the kind; in a
 * browser, the browser's print of the PDF), Ctrl+S downloads, Esc closes.
 */
export function DocumentPreview({ target, onClose }: { readonly target: PreviewTarget | undefined; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const language = useAppStore((s) => s.language);
  const [lang, setLang] = useState<DocLang>(language);
  const [printing, setPrinting] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const download = useRef<HTMLAnchorElement>(null);
  const bridge = printBridge();
  const url = target ? documentPath(target.kind, target.id, lang) : undefined;

  async function print() {
    if (!target || printing) return;
    if (!bridge) {
      // Browser mode: the PDF viewer in the frame prints the document itself.
      try {
        frame.current?.contentWindow?.print();
      } catch {
        window.open(url, '_blank', 'noopener');
      }
      return;
    }
    setPrinting(true);
    try {
      const outcome = await bridge.print({ kind: target.kind, ids: [target.id], lang });
      if (outcome.ok) void message.success(t('docs.printed', { printer: outcome.printer ?? t('docs.systemDialog') }));
      else void message.error(`${t('docs.printFailed')}: ${outcome.reason}${outcome.retriable ? ` ${t('docs.retryHint')}` : ''}`);
    } catch (e) {
      void message.error(`${t('docs.printFailed')}: ${String(e)}`);
    } finally {
      setPrinting(false);
    }
  }

  useShortcuts({ 'ctrl+p': () => void print(), 'ctrl+s': () => download.current?.click() }, target !== undefined);

  return (
    <Modal
      open={target !== undefined}
      title={target ? t('docs.previewTitle', { title: target.title }) : ''}
      onCancel={onClose}
      width="min(1000px, 94vw)"
      footer={null}
      destroyOnHidden
      data-testid="document-preview"
    >
      {target && url && (
        <div>
          <Space wrap style={{ marginBottom: 8 }}>
            <Radio.Group aria-label={t('docs.language')} value={lang} onChange={(e) => setLang(e.target.value as DocLang)} optionType="button" data-testid="document-lang">
              <Radio.Button value="en">English</Radio.Button>
              <Radio.Button value="zh">中文</Radio.Button>
            </Radio.Group>
            <Button type="primary" autoFocus loading={printing} onClick={() => void print()} data-action="print">
              {t('docs.print')}
              <Kbd combo="ctrl+p" />
            </Button>
            <a ref={download} href={url} download={`${target.kind}-${target.id}.pdf`} data-action="download" className="ant-btn ant-btn-default" style={{ display: 'inline-flex', alignItems: 'center', padding: '4px 15px' }}>
              {t('docs.download')}
              <Kbd combo="ctrl+s" />
            </a>
            {bridge && <StationPrinter kind={target.kind} />}
          </Space>
          <iframe ref={frame} src={url} title={target.title} data-testid="document-frame" style={{ width: '100%', height: '70vh', border: '1px solid #d9d9d9' }} />
        </div>
      )}
    </Modal>
  );
}

/** This station's printer for the kind, and whether to print without the dialog (desktop app only). */
function StationPrinter({ kind }: { readonly kind: DocKind }) {
  const { t } = useTranslation();
  const bridge = printBridge()!;
  const [printers, setPrinters] = useState<{ name: string; displayName: string }[]>([]);
  const [station, setStation] = useState<StationPrinterMap>({});
  useEffect(() => {
    void bridge.printers().then(setPrinters);
    void bridge.station().then(setStation);
  }, [bridge]);
  const choice: PrinterChoice = station[kind] ?? { deviceName: null, silent: false };
  const save = (next: PrinterChoice) => void bridge.setStation(kind, next).then(setStation);
  return (
    <Space>
      <Select
        aria-label={t('docs.printer')}
        style={{ minWidth: 220 }}
        placeholder={t('docs.systemDialog')}
        value={choice.deviceName ?? undefined}
        allowClear
        options={printers.map((p) => ({ value: p.name, label: p.displayName }))}
        onChange={(v: string | undefined) => save({ deviceName: v ?? null, silent: v ? choice.silent : false })}
      />
      <Checkbox checked={choice.silent} disabled={!choice.deviceName} onChange={(e) => save({ ...choice, silent: e.target.checked })}>
        {t('docs.silent')}
      </Checkbox>
    </Space>
  );
}
