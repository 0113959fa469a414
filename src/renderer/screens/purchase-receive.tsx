import { Alert, App, Button, Card, Input, InputNumber, Space, Table, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { Kbd } from '../components/kbd.tsx';
import { beep } from '../lib/beep.ts';
import { errorText } from '../lib/errors.ts';
import { resolveProduct } from '../lib/resolve-product.ts';
import { parseScan } from '../lib/scan-input.ts';
import { useShortcuts } from '../lib/shortcuts.ts';

type Po = OpResult<'purchaseOrders.get'>;
type Feedback = { readonly kind: 'ok' | 'refused'; readonly text: string };

const defaultRef = (now = new Date()) => `DN-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;

/**
 * One delivery against a purchase order. The scan box keeps the focus (a scanner is a
 * keyboard: code + Enter, "12*CODE" for a carton); each code is resolved here only to show it
 * against its line and to refuse at once what is not on the order, and the codes themselves go
 * to the ledger, which resolves them again. Quantities may be typed per line instead. Lines
 * that would come in over or under what was ordered say so before Ctrl+Enter receives.
 */
export function ReceivePanel({ po, onReceived, active = true }: { readonly po: Po; readonly onReceived: (po: Po) => void; /** False while a dialog above it owns Ctrl+Enter. */ readonly active?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [ref, setRef] = useState(defaultRef);
  const [typed, setTyped] = useState<Record<string, number>>({});
  const [scanned, setScanned] = useState<Record<string, number>>({});
  const [value, setValue] = useState('');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [refusals, setRefusals] = useState(0);
  const scans = useRef<string[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const input = useRef<InputRef>(null);
  useEffect(() => input.current?.focus(), []);

  const refuse = (text: string) => {
    beep('refused');
    setRefusals((n) => n + 1);
    setFeedback({ kind: 'refused', text });
  };

  async function scan(code: string, quantity: number) {
    const product = await resolveProduct(client, code);
    if (!product) return refuse(t('purchasing.unknownCode', { code }));
    const line = po.lines.find((l) => l.productId === product.id);
    if (!line) return refuse(t('purchasing.notOnOrder', { code }));
    // The ledger takes the code the scanner sent, one unit per entry.
    for (let i = 0; i < quantity; i++) scans.current.push(code);
    setScanned((s) => ({ ...s, [line.id]: (s[line.id] ?? 0) + quantity }));
    setFeedback({ kind: 'ok', text: `${line.sku} +${quantity}` });
  }

  function onScan() {
    const entry = parseScan(value);
    setValue('');
    if (entry) queue.current = queue.current.then(() => scan(entry.code, entry.quantity).catch((e: unknown) => refuse(isAppError(e) ? errorText(e, t) : String(e))));
  }

  async function post() {
    await queue.current;
    const lines = Object.entries(typed)
      .filter(([, q]) => q > 0)
      .map(([lineId, quantity]) => ({ lineId, quantity }));
    if (lines.length === 0 && scans.current.length === 0) return setFeedback({ kind: 'refused', text: t('purchasing.nothingToReceive') });
    try {
      const next = await client.call('purchaseOrders.receive', { id: po.id, deliveryRef: ref.trim(), lines, scans: scans.current });
      void message.success(t('purchasing.received__', { ref: ref.trim(), warehouse: po.warehouseCode }));
      scans.current = [];
      setTyped({});
      setScanned({});
      setFeedback(null);
      setRef(defaultRef());
      onReceived(next);
    } catch (e) {
      if (isAppError(e)) refuse(errorText(e, t));
    }
    input.current?.focus();
  }
  useShortcuts({ 'ctrl+enter': () => void post() }, active);

  const coming = (lineId: string) => (typed[lineId] ?? 0) + (scanned[lineId] ?? 0);
  return (
    <Card title={t('purchasing.receive')} data-testid="receive-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input addonBefore={t('purchasing.deliveryRef')} aria-label={t('purchasing.deliveryRef')} style={{ width: 300 }} value={ref} onChange={(e) => setRef(e.target.value)} data-testid="delivery-ref" />
        <Input ref={input} style={{ width: 360 }} aria-label={t('purchasing.scan')} placeholder={t('purchasing.scan')} value={value} onChange={(e) => setValue(e.target.value)} onPressEnter={onScan} data-testid="receive-scan" />
        <Button type="primary" onClick={() => void post()} data-testid="post-receipt">
          {t('purchasing.post')} <Kbd combo="ctrl+enter" />
        </Button>
        {refusals > 0 && <Tag color="red">{t('purchasing.refusals', { count: refusals })}</Tag>}
      </Space>
      {feedback && <Alert type={feedback.kind === 'ok' ? 'success' : 'error'} showIcon message={feedback.text} style={{ marginBottom: 12, fontSize: 16 }} data-testid="receive-feedback" />}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={po.lines}
        data-testid="receive-lines"
        columns={[
          { title: t('purchasing.sku'), dataIndex: 'sku' },
          { title: t('purchasing.product'), dataIndex: 'name' },
          { title: t('purchasing.ordered'), dataIndex: 'quantity', align: 'right' },
          { title: t('purchasing.received_'), dataIndex: 'receivedQty', align: 'right' },
          { title: t('purchasing.scanned'), align: 'right', render: (_, l) => <span data-testid={`scanned-${l.sku}`}>{scanned[l.id] ?? 0}</span> },
          {
            title: t('purchasing.typed'),
            render: (_, l) => <InputNumber size="small" min={0} aria-label={`${t('purchasing.typed')} ${l.sku}`} value={typed[l.id] ?? null} onChange={(v) => setTyped((x) => ({ ...x, [l.id]: v ?? 0 }))} />,
          },
          {
            title: t('purchasing.thisDelivery'),
            render: (_, l) => {
              const after = l.receivedQty + coming(l.id);
              if (coming(l.id) === 0) return null;
              if (after > l.quantity) return <Typography.Text type="warning" data-testid={`note-${l.sku}`}>{t('purchasing.overNote', { qty: after - l.quantity })}</Typography.Text>;
              if (after < l.quantity) return <Typography.Text type="secondary" data-testid={`note-${l.sku}`}>{t('purchasing.shortNote', { qty: l.quantity - after })}</Typography.Text>;
              return <Typography.Text type="success">✓</Typography.Text>;
            },
          },
        ]}
      />
    </Card>
  );
}
