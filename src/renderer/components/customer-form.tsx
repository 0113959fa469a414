import { Checkbox, Col, Form, Input, Modal, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../shared/contract/index.ts';
import { isAppError, type AppError } from '../../shared/errors.ts';
import { client } from '../api/client.ts';
import { errorText, fieldError } from '../lib/errors.ts';
import { focusFirstField } from '../lib/focus.ts';
import { useShortcuts } from '../lib/shortcuts.ts';
import { Kbd } from './kbd.tsx';

type Customer = OpResult<'customers.get'>;
type Address = NonNullable<Customer['billingAddress']>;

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];
type AddressDraft = Record<AddressField, string>;

const emptyAddress = (): AddressDraft => Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, ''])) as AddressDraft;
const toDraft = (a: Address | null): AddressDraft => (a ? (Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, a[f] ?? ''])) as AddressDraft) : emptyAddress());
const sameAddress = (a: AddressDraft, b: AddressDraft) => ADDRESS_FIELDS.every((f) => a[f] === b[f]);

/** An address left blank is no address; a partly filled one goes to the ledger, which names what is missing. */
function toAddress(d: AddressDraft): Address | null {
  if (ADDRESS_FIELDS.every((f) => d[f].trim() === '')) return null;
  const optional = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    name: d.name.trim(),
    line1: d.line1.trim(),
    line2: optional(d.line2),
    city: d.city.trim(),
    region: optional(d.region),
    postalCode: optional(d.postalCode),
    country: d.country.trim().toUpperCase(),
    phone: optional(d.phone),
  };
}

function AddressFields({ prefix, value, onChange, error }: { readonly prefix: string; readonly value: AddressDraft; readonly onChange: (d: AddressDraft) => void; readonly error: AppError | undefined }) {
  const { t } = useTranslation();
  const field = (f: AddressField, span: number) => {
    const message = fieldError(error, `${prefix}.${f}`, t);
    return (
      <Col span={span} key={f}>
        <Form.Item label={t(`customers.address.${f}`)} validateStatus={message ? 'error' : undefined} help={message}>
          <Input
            aria-label={`${t(`customers.${prefix}`)}: ${t(`customers.address.${f}`)}`}
            placeholder={f === 'country' ? 'CN' : undefined}
            maxLength={f === 'country' ? 2 : undefined}
            value={value[f]}             onChange={(e) => onChange({ ...value, [f]: e.target.value })}
          />
        </Form.Item>
      </Col>
    );
  };
  return (
    <Row gutter={12}>
      {field('name', 12)}
      {field('phone', 12)}
      {field('line1', 24)}
      {field('line2', 24)}
      {field('city', 8)}
      {field('region', 8)}
      {field('postalCode', 4)}
      {field('country', 4)}
    </Row>
  );
}

/**
 * Create a customer, or change one: contact data, tax id, billing and shipping address (the
 * shipping address is the billing one unless told otherwise) and notes. Errors show at their
 * fields, as the ledger names them (billingAddress.country).
 */
export function CustomerForm({ customer, onClose, onSaved }: { readonly customer?: Customer; readonly onClose: () => void; readonly onSaved: (c: Customer) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(customer?.name ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [phone, setPhone] = useState(customer?.phone ?? '');
  const [taxId, setTaxId] = useState(customer?.taxId ?? '');
  const [notes, setNotes] = useState(customer?.notes ?? '');
  const [billing, setBilling] = useState(toDraft(customer?.billingAddress ?? null));
  const [shipping, setShipping] = useState(toDraft(customer?.shippingAddress ?? null));
  // No shipping address of its own means goods go to the billing address.
  const [sameAsBilling, setSameAsBilling] = useState(!customer?.shippingAddress || sameAddress(toDraft(customer.billingAddress), toDraft(customer.shippingAddress)));
  const [error, setError] = useState<AppError>();
  const [saving, setSaving] = useState(false);

  async function submit() {
    if (saving) return;
    setSaving(true);
    const billingAddress = toAddress(billing);
    const fields = {
      name,
      email: email.trim() || null,
      phone: phone.trim() || null,
      taxId: taxId.trim() || null,
      notes: notes.trim() || null,
      billingAddress,
      shippingAddress: sameAsBilling ? billingAddress : toAddress(shipping),
    };
    try {
      onSaved(customer ? await client.call('customers.update', { id: customer.id, ...fields }) : await client.call('customers.create', fields));
    } catch (e) {
      if (isAppError(e)) setError(e);
      else throw e;
    } finally {
      setSaving(false);
    }
  }
  useShortcuts({ 'ctrl+enter': () => void submit() });

  const item = (f: string) => {
    const message = fieldError(error, f, t);
    return { validateStatus: message ? ('error' as const) : undefined, help: message };
  };
  const named = ['name', 'email', 'phone', 'taxId', 'notes', 'billingAddress', 'shippingAddress'];
  const general = error && !named.some((f) => fieldError(error, f, t)) ? errorText(error, t) : undefined;
  return (
    <Modal
      afterOpenChange={focusFirstField}
      open
      width={720}
      title={customer ? t('customers.editTitle', { code: customer.code }) : t('customers.newCustomer')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: saving }}
      okText={<span>{t('app.save')}<Kbd combo="ctrl+enter" /></span>}
      cancelText={t('app.close')}
      destroyOnHidden
    >
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label={t('customers.name')} required {...item('name')}>
              <Input autoFocus aria-label={t('customers.name')} value={name} onChange={(e) => setName(e.target.value)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('customers.taxId')} {...item('taxId')}>
              <Input aria-label={t('customers.taxId')} value={taxId} onChange={(e) => setTaxId(e.target.value)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('customers.email')} {...item('email')}>
              <Input aria-label={t('customers.email')} value={email} onChange={(e) => setEmail(e.target.value)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('customers.phone')} {...item('phone')}>
              <Input aria-label={t('customers.phone')} value={phone} onChange={(e) => setPhone(e.target.value)} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('customers.billingAddress')}</Typography.Title>
        <AddressFields prefix="billingAddress" value={billing} onChange={setBilling} error={error} />
        <Checkbox checked={sameAsBilling} onChange={(e) => setSameAsBilling(e.target.checked)} style={{ marginBottom: 12 }}>
          {t('customers.sameAsBilling')}
        </Checkbox>
        {!sameAsBilling && (
          <>
            <Typography.Title level={5}>{t('customers.shippingAddress')}</Typography.Title>
            <AddressFields prefix="shippingAddress" value={shipping} onChange={setShipping} error={error} />
          </>
        )}
        <Form.Item label={t('customers.notes')} {...item('notes')}>
          <Input.TextArea aria-label={t('customers.notes')} rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Form.Item>
        {general && (
          <div role="alert" style={{ color: '#cf1322' }}>
            {general}
          </div>
        )}
      </Form>
    </Modal>
  );
}
