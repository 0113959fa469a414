import { App, Alert, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { fieldsOf, IMPORT_KINDS, type ImportKind, type ImportPreset } from '../../shared/imports/presets.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { errorText } from '../lib/errors.ts';
import { definitionOf, guessMapping, mappingFromPreset, missingFields, toBase64, type Mapping } from '../lib/import-mapping.ts';
import { useShortcuts } from '../lib/shortcuts.ts';

type Inspected = OpResult<'imports.inspect'> & { fileName: string; content: string };
type Report = OpResult<'imports.run'>;
const OWN = '';

/**
 * Choose a file, see its columns and first rows, map them to our fields (or pick a preset), save
 * the mapping by name, check it with a dry run (problems by row and column), then import.
 */
export function ImportScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fileInput = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ImportKind>('orders');
  const [file, setFile] = useState<Inspected>();
  const [presetName, setPresetName] = useState(OWN);
  const [mapping, setMapping] = useState<Mapping>({});
  const [saveAs, setSaveAs] = useState('');
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const presets = useOp('imports.listPresets', { kind });
  const kindPresets = presets.data?.items ?? [];
  const basePreset = (name: string): ImportPreset | undefined => {
    const p = kindPresets.find((x) => x.name === name);
    return p ? ({ name: p.name, ...p.definition } as ImportPreset) : undefined;
  };

  // A preset fits when every required field finds its column in this file.
  const fits = (name: string, columns: readonly string[]) => {
    const preset = basePreset(name);
    return preset !== undefined && missingFields(kind, mappingFromPreset(preset, columns)).length === 0;
  };

  // One call at a time: a key held or pressed twice must not send it again.
  const running = useRef(false);
  const guard = async (fn: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setError(undefined);
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      if (isAppError(e)) setError(e);
      else throw e;
    } finally {
      running.current = false;
      setBusy(false);
    }
  };

  const choose = (name: string, columns: readonly string[]) => {
    setPresetName(name);
    const preset = basePreset(name);
    setMapping(preset ? mappingFromPreset(preset, columns) : guessMapping(kind, columns));
    setReport(undefined);
  };

  const onFile = (f: File | undefined) =>
    f &&
    guard(async () => {
      const content = toBase64(new Uint8Array(await f.arrayBuffer()));
      const inspected = await client.call('imports.inspect', { fileName: f.name, content, rows: 5 });
      setFile({ ...inspected, fileName: f.name, content });
      const fitting = kindPresets.find((p) => inspected.matchingPresets.includes(p.name) && fits(p.name, inspected.columns));
      choose(fitting?.name ?? OWN, inspected.columns);
    });

  const missing = missingFields(kind, mapping);
  const run = (mode: 'dry-run' | 'all-or-nothing' | 'valid-rows') =>
    file &&
    missing.length === 0 &&
    guard(async () => {
      const r = await client.call('imports.run', { kind, fileName: file.fileName, content: file.content, mode, mapping: definitionOf(kind, mapping, basePreset(presetName)) });
      setReport(r);
    });
  const savePreset = () =>
    guard(async () => {
      const saved = await client.call('imports.savePreset', { name: saveAs.trim(), definition: definitionOf(kind, mapping, basePreset(presetName)) });
      void message.success(t('import.presetSaved', { name: saved.name }));
      presets.reload();
      setPresetName(saved.name);
    });

  useShortcuts({ f: () => fileInput.current?.click(), 'ctrl+enter': () => void run('dry-run'), 'ctrl+i': () => void run('all-or-nothing') });

  const fieldLabel = (name: string) => t(`import.fields.${name}`);
  const columnOptions = [{ value: '', label: t('import.notImported') }, ...(file?.columns ?? []).map((c) => ({ value: c, label: c }))];

  return (
    <div>
      <Typography.Title level={3}>{t('import.title')}</Typography.Title>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <span>{t('import.kind')}</span>
        <Select aria-label={t('import.kind')} value={kind} style={{ width: 180 }} onChange={(k) => { setKind(k); setFile(undefined); setReport(undefined); setMapping({}); setPresetName(OWN); }} options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))} />
        <Button type="primary" onClick={() => fileInput.current?.click()} data-testid="choose-file">
          {t('import.chooseFile')}
          <Kbd combo="f" />
        </Button>
        <input ref={fileInput} type="file" accept=".csv,.tsv,.txt,.xlsx" hidden data-testid="file-input" onChange={(e) => { void onFile(e.target.files?.[0]); e.target.value = ''; }} />
        <Typography.Text type="secondary">{t('import.chooseHint')}</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(error, t)} description={error.code === 'invalid' || error.code === 'not_found' ? error.message : undefined} />}
      {file && (
        <>
          <Typography.Paragraph type="secondary">{t('import.file', { name: file.fileName, format: file.file.format.toUpperCase(), encoding: file.file.encoding ?? '' })}</Typography.Paragraph>
          <Typography.Title level={5}>{t('import.firstRows')}</Typography.Title>
          <Table size="small" pagination={false} scroll={{ x: true }} rowKey="row" data-testid="preview-table" style={{ marginBottom: 16 }}
            dataSource={file.rows}
            columns={[{ title: t('import.row'), dataIndex: 'row', width: 60, fixed: 'left' as const }, ...file.columns.map((c, i) => ({ title: c, key: `${i}`, ellipsis: true, width: 140, render: (_: unknown, r: { cells: string[] }) => r.cells[i] ?? '' }))]}
          />
          <Space wrap align="center" style={{ marginBottom: 8 }}>
            <span>{t('import.preset')}</span>
            <Select aria-label={t('import.preset')} value={presetName} style={{ width: 280 }} onChange={(name) => choose(name, file.columns)}
              options={[{ value: OWN, label: t('import.noPreset') }, ...kindPresets.map((p) => ({ value: p.name, label: fits(p.name, file.columns) ? `${p.name} · ${t('import.fits')}` : p.name }))]} />
          </Space>
          <Table size="small" pagination={false} rowKey="name" data-testid="mapping-table" style={{ maxWidth: 720, marginBottom: 12 }}
            dataSource={fieldsOf(kind)}
            columns={[
              { title: t('import.field'), dataIndex: 'name', render: (name: string, f) => <span>{fieldLabel(name)}{f.required && <Typography.Text type="danger"> * </Typography.Text>}</span> },
              { title: t('import.column'), key: 'column', render: (_, f) => (
                <Select aria-label={fieldLabel(f.name)} showSearch style={{ width: 280 }} value={mapping[f.name] ?? ''} options={columnOptions}
                  onChange={(c: string) => { setMapping({ ...mapping, [f.name]: c }); setReport(undefined); }} />
              ) },
            ]}
          />
          {missing.length > 0 && <Alert type="warning" style={{ marginBottom: 12 }} message={t('import.missing', { fields: missing.map(fieldLabel).join(', ') })} />}
          <Space wrap style={{ marginBottom: 16 }}>
            <Input aria-label={t('import.presetName')} placeholder={t('import.presetName')} value={saveAs} onChange={(e) => setSaveAs(e.target.value)} style={{ width: 220 }} onPressEnter={(e) => !e.ctrlKey && !e.metaKey && saveAs.trim() && void savePreset()} />
            <Button disabled={!saveAs.trim() || busy} onClick={() => void savePreset()}>{t('import.savePreset')}</Button>
          </Space>
          <Space wrap style={{ marginBottom: 16 }}>
            <Button type="primary" loading={busy} disabled={missing.length > 0} onClick={() => void run('dry-run')}>{t('import.dryRun')}<Kbd combo="ctrl+enter" /></Button>
            <Button disabled={missing.length > 0 || busy || !report || report.mode !== 'dry-run'} onClick={() => void run('all-or-nothing')}>{t('import.importAll')}<Kbd combo="ctrl+i" /></Button>
            <Button disabled={missing.length > 0 || busy || !report || report.mode !== 'dry-run'} onClick={() => void run('valid-rows')}>{t('import.importValid')}</Button>
          </Space>
        </>
      )}
      {report && <ReportView report={report} />}
    </div>
  );
}

function ReportView({ report }: { readonly report: Report }) {
  const { t } = useTranslation();
  const counts = { rows: report.rows, created: report.created, skipped: report.skipped, refused: report.refused };
  return (
    <div data-testid="import-report">
      <Alert style={{ marginBottom: 12 }} showIcon type={report.problemCount > 0 ? 'warning' : 'success'}
        message={report.mode === 'dry-run' ? t('import.checked', counts) : t('import.imported', counts)}
        description={report.committed ? undefined : t('import.nothingWritten')} />
      <Typography.Title level={5}>{t('import.problems')}</Typography.Title>
      <Table size="small" pagination={false} data-testid="problems-table" rowKey={(p) => `${p.row}:${p.column ?? ''}:${p.message}`} dataSource={report.problems} locale={{ emptyText: t('import.noProblems') }}
        columns={[
          { title: t('import.row'), dataIndex: 'row', width: 70 },
          { title: t('import.column'), dataIndex: 'column', width: 200 },
          { title: t('import.problem'), dataIndex: 'message' },
        ]} />
    </div>
  );
}
