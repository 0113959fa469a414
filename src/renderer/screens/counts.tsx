import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, type InputRef, type RefSelectProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { useOp } from '../api/use-op.ts';
import { Kbd } from '../components/kbd.tsx';
import { ErrorState, Loading } from '../components/states.tsx';
import { beep } from '../lib/beep.ts';
import { errorText, fieldError } from '../lib/errors.ts';
import { countSummary } from '../lib/count-sheet.ts';
import { parseScan } from '../lib/scan-input.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { navigate } from '../lib/use-route.ts';
import { useCan } from '../state/session.ts';
import { CountSheetList } from './count-sheets.tsx';

type Sheet = OpResult<'counts.get'>;
type Line = Sheet['lines'][number];

/** A new count sheet: a warehouse, optionally a bin range of it. */
function NewSheet() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const warehouses = useOp('warehouses.list', {});
  const [warehouseId, setWarehouseId] = useState<string>();
  const [binFrom, setBinFrom] = useState('');
  const [binTo, setBinTo] = useState('');
  const [error, setError] = useState<AppError>();
  const active = (warehouses.data?.items ?? []).filter((w) => w.active);
  const warehouse = warehouseId ?? active[0]?.id;
  // The list below has the focus when the screen opens; N comes here to open a new sheet.
  const warehouseRef = useRef<RefSelectProps>(null);

  // Ctrl+Enter in the last field is both the shortcut and the field's Enter: one sheet, not two.
  const creating = useRef(false);
  async function create() {
    if (creating.current) return;
    creating.current = true;
    setError(undefined);
    try {
      const sheet = await client.call('counts.create', { warehouseId: warehouse!, ...(binFrom.trim() ? { binFrom: binFrom.trim() } : {}), ...(binTo.trim() ? { binTo: binTo.trim() } : {}) });
      void message.success(t('counts.created', { number: sheet.number }));
      navigate({ screen: 'count', id: sheet.id });
    } catch (e) {
      if (isAppError(e)) setError(e);
    } finally {
      creating.current = false;
    }
  }
  useShortcuts({ 'ctrl+enter': () => void create(), n: () => warehouseRef.current?.focus() });
  const item = (field: string) => ({ validateStatus: fieldError(error, field, t) ? ('error' as const) : undefined, help: fieldError(error, field, t) });
  const general = error && !['warehouseId', 'binFrom', 'binTo'].some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;

  return (
    <Card title={<span>{t('counts.newSheet')}<Kbd combo="n" /></span>} size="small" style={{ marginBottom: 16 }}>
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Space align="start" wrap>
          <Form.Item label={t('counts.warehouse')} required {...item('warehouseId')} style={{ marginBottom: 8 }}>
            <Select ref={warehouseRef} aria-label={t('counts.warehouse')} value={warehouse} onChange={setWarehouseId} options={active.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` }))} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item label={t('counts.binFrom')} {...item('binFrom')} style={{ marginBottom: 8 }}>
            <Input aria-label={t('counts.binFrom')} value={binFrom} onChange={(e) => setBinFrom(e.target.value)} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label={t('counts.binTo')} {...item('binTo')} style={{ marginBottom: 8 }}>
            <Input aria-label={t('counts.binTo')} value={binTo} onChange={(e) => setBinTo(e.target.value)} onPressEnter={() => void create()} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label=" " colon={false} style={{ marginBottom: 8 }}>
            <Button type="primary" onClick={() => void create()}>
              {t('counts.create')}
              <Kbd combo="ctrl+enter" />
            </Button>
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('counts.binHelp')}
        </Typography.Paragraph>
        {general && <Alert type="error" showIcon role="alert" title={general} style={{ marginTop: 8 }} />}
      </Form>
    </Card>
  );
}

/** A quantity cell: typed and saved on Enter or when the field is left. */
function CountedInput({ line, onSave }: { readonly line: Line; readonly onSave: (qty: number) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | null>(line.countedQty);
  useEffect(() => setValue(line.countedQty), [line.countedQty]);
  const commit = () => value !== null && value !== line.countedQty && onSave(value);
  return <InputNumber aria-label={`${t('counts.counted')} ${line.sku}`} data-testid={`counted-${line.sku}`} size="small" min={0} precision={0} value={value} onChange={setValue} onPressEnter={commit} onBlur={commit} style={{ width: 100 }} placeholder={t('counts.notCounted')} />;
}

function SheetView({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, error, reload } = useOp('counts.get', { id });
  const [sheet, setSheet] = useState<Sheet>();
  const [scan, setScan] = useState('');
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string }>();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [postError, setPostError] = useState<AppError>();
  const scanRef = useRef<InputRef>(null);
  const queue = useRef(Promise.resolve());
  const warehouses = useOp('warehouses.list', {});
  useEffect(() => setSheet(data), [data]);

  const open = sheet?.status === 'open';
  const refocus = () => setTimeout(() => scanRef.current?.focus(), 0);

  // Scans wait in line so a fast scanner's codes are all counted, each against the latest sheet.
  function onScan(raw: string) {
    setScan('');
    const entry = parseScan(raw);
    if (!entry) return;
    queue.current = queue.current.then(async () => {
      try {
        setSheet(await client.call('counts.record', { id, scans: Array.from({ length: entry.quantity }, () => entry.code) }));
        setFeedback({ ok: true, text: t('counts.scanned', { code: entry.code, quantity: entry.quantity }) });
      } catch (e) {
        if (!isAppError(e)) throw e;
        beep('refused');
        const reason = e.code === 'not_found' ? t('counts.unknownCode', { code: entry.code }) : e.code === 'invalid' && e.field?.startsWith('scans') ? t('counts.notOnSheet', { code: entry.code }) : errorText(e, t);
        setFeedback({ ok: false, text: t('counts.refused', { reason }) });
      }
    });
  }

  async function record(productId: string, countedQty: number) {
    try {
      setSheet(await client.call('counts.record', { id, lines: [{ productId, countedQty }] }));
    } catch (e) {
      if (isAppError(e)) void message.error(errorText(e, t));
    }
  }

  async function post() {
    setPostError(undefined);
    try {
      const posted = await client.call('counts.post', { id, reason: reason.trim() });
      setSheet(posted);
      setConfirming(false);
      void message.success(t('counts.postedOk', { number: posted.number }));
    } catch (e) {
      if (isAppError(e)) setPostError(e);
    }
  }
  const askPost = () => {
    if (!open) return;
    if (!reason.trim()) {
      setPostError(undefined);
      void message.warning(t('counts.reasonNeeded'));
      return;
    }
    setConfirming(true);
  };
  useShortcuts({ 'ctrl+enter': askPost, f2: refocus, escape: () => navigate({ screen: 'counts' }) }, !confirming);

  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!sheet) return <Loading />;
  const s = countSummary(sheet.lines);
  const warehouse = warehouses.data?.items.find((w) => w.id === sheet.warehouseId);

  return (
    <div>
      <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} data-testid="count-title">
          {t('counts.sheet', { number: sheet.number })} <Tag color={open ? 'blue' : 'green'} data-testid="count-status">{open ? t('counts.open') : t('counts.posted')}</Tag>
        </Typography.Title>
        <Button onClick={() => navigate({ screen: 'counts' })}>
          {t('counts.backToList')}
          <Kbd combo="escape" />
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">
        {warehouse ? `${warehouse.code} · ${warehouse.name}` : ''}
        {sheet.binFrom || sheet.binTo ? ` · ${t('counts.bin')} ${sheet.binFrom ?? '…'} – ${sheet.binTo ?? '…'}` : ''}
        {sheet.reason ? ` · ${sheet.reason}` : ''}
      </Typography.Paragraph>
      {open && (
        <>
          <Input
            ref={scanRef}
            autoFocus
            size="large"
            aria-label={t('counts.scan')}
            placeholder={t('counts.scan')}
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            onPressEnter={() => onScan(scan)}
            data-testid="count-scan"
            suffix={<Kbd combo="f2" />}
          />
          <div style={{ minHeight: 40, marginTop: 8 }}>
            {feedback && <Alert type={feedback.ok ? 'success' : 'error'} showIcon title={feedback.text} data-testid={feedback.ok ? 'count-feedback' : 'count-refusal'} />}
          </div>
        </>
      )}
      <Space style={{ margin: '8px 0' }} size="large">
        <span data-testid="count-progress">{t('counts.progress', { counted: s.counted, lines: s.lines })}</span>
        <span data-testid="count-differences">{t('counts.differences', { count: s.differing, plus: s.over, minus: s.short })}</span>
      </Space>
      <Table<Line>
        size="small"
        rowKey="productId"
        pagination={false}
        dataSource={sheet.lines}
        scroll={{ y: 420 }}
        data-testid="count-lines"
        columns={[
          { title: t('counts.bin'), dataIndex: 'bin', width: 100 },
          { title: t('counts.sku'), dataIndex: 'sku', width: 150 },
          {
            title: t('counts.product'),
            key: 'name',
            ellipsis: true,
            render: (_, l) => (
              <span data-testid={`name-${l.sku}`}>
                {l.name}
                {l.altName ? <Typography.Text type="secondary"> · {l.altName}</Typography.Text> : null}
              </span>
            ),
          },
          { title: t('counts.expected'), dataIndex: 'expectedQty', width: 110, align: 'right' },
          {
            title: t('counts.counted'),
            width: 140,
            align: 'right',
            render: (_, l) => (open ? <CountedInput line={l} onSave={(q) => void record(l.productId, q)} /> : <span data-testid={`counted-${l.sku}`}>{l.countedQty ?? '—'}</span>),
          },
          {
            title: t('counts.difference'),
            width: 120,
            align: 'right',
            render: (_, l) =>
              l.difference === null ? (
                <Typography.Text type="secondary">{t('counts.notCounted')}</Typography.Text>
              ) : (
                <Typography.Text data-testid={`difference-${l.sku}`} type={l.difference < 0 ? 'danger' : l.difference > 0 ? 'warning' : undefined} strong={l.difference !== 0}>
                  {l.difference > 0 ? `+${l.difference}` : l.difference}
                </Typography.Text>
              ),
          },
        ]}
      />
      {open && (
        <Card size="small" style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('counts.postHelp')}</Typography.Paragraph>
          <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
            <Input aria-label={t('counts.reason')} placeholder={t('counts.reason')} value={reason} onChange={(e) => setReason(e.target.value)} status={fieldError(postError, 'reason', t) ? 'error' : undefined} />
            <Button type="primary" onClick={askPost} disabled={s.counted === 0}>
              {t('counts.post')}
              <Kbd combo="ctrl+enter" />
            </Button>
          </Space.Compact>
          {postError && <Alert type="error" showIcon role="alert" title={errorText(postError, t)} style={{ marginTop: 8 }} />}
        </Card>
      )}
      <Modal open={confirming} title={t('counts.postConfirm', { number: sheet.number })} onOk={() => void post()} onCancel={() => setConfirming(false)} okText={t('counts.post')} cancelText={t('app.cancel')} destroyOnHidden>
        <p>{t('counts.differences', { count: s.differing, plus: s.over, minus: s.short })}</p>
        <p>{t('counts.postHelp')}</p>
        {postError && <Alert type="error" showIcon role="alert" title={errorText(postError, t)} />}
      </Modal>
    </div>
  );
}

/** Stock counts: open a sheet, count by scanner or by typing, post the differences in one step. */
export function CountsScreen({ id }: { readonly id?: string }) {
  const { t } = useTranslation();
  const can = useCan();
  if (id) return <SheetView id={id} />;
  return (
    <div>
      <Typography.Title level={3}>{t('counts.title')}</Typography.Title>
      {can('stock.adjust') ? <NewSheet /> : <ErrorState error={new AppError({ code: 'forbidden', message: '' })} />}
      <CountSheetList />
    </div>
  );
}
