import { PageContainer } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { Contract, CreateContractInput, SalesOrder, UpdateContractInput } from '../../api/sales.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { formatDate } from '../../ui/format';
import { minorToInput, parseMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { toDay } from './amounts';
import { ConflictAlert, CurrencySelect, CustomerSelect, FormActions, RecordEditPage } from './common';
import { salesLabel } from './labels';

interface Values {
  customerId?: string;
  title?: string;
  value?: string;
  currency: string;
  signedOn?: Dayjs | null;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  signedBy?: string | null;
  customerSignatory?: string;
  ownerId?: string | null;
  notes?: string;
  orderIds: string[];
}

const dayOrNull = (s: string | null) => (s ? dayjs(s) : null);
const valuesOf = (c: Contract): Values => ({
  customerId: c.customerId,
  title: c.title,
  value: minorToInput(c.value, c.currency),
  currency: c.currency,
  signedOn: dayOrNull(c.signedOn),
  startsOn: dayOrNull(c.startsOn),
  endsOn: dayOrNull(c.endsOn),
  signedBy: c.signedBy,
  customerSignatory: c.customerSignatory ?? '',
  ownerId: c.ownerId,
  notes: c.notes,
  orderIds: (c.orders ?? []).map((o) => o.id),
});

/** The customer's orders that may fall under a contract (not cancelled). */
function CustomerOrdersSelect({ customerId, value, onChange, id }: { customerId?: string; value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const orders = useQuery({
    queryKey: ['sales', 'orders', 'of-customer', customerId],
    enabled: !!customerId,
    queryFn: async () => (await api.get<Page<SalesOrder>>('/api/v1/sales/orders', { customerId, limit: 200 })).items.filter((o) => o.status !== 'cancelled'),
  });
  const options = (orders.data ?? []).map((o) => ({ value: o.id, label: `${o.number} · ${formatDate(o.orderDate)} · ${salesLabel('order', o.status)}` }));
  return <Select id={id} mode="multiple" value={value} onChange={onChange} options={options} optionFilterProp="label" disabled={!customerId} loading={orders.isFetching} placeholder={t('sales.common.searchOrder')} data-testid="contract-orders" />;
}

/** Points the orders at the contract (or away from it): each order keeps its own version. */
async function linkOrders(contractId: string, before: string[], after: string[]) {
  const changed = [...after.filter((id) => !before.includes(id)).map((id) => [id, contractId] as const), ...before.filter((id) => !after.includes(id)).map((id) => [id, null] as const)];
  for (const [orderId, target] of changed) {
    const order = await api.get<SalesOrder>(`/api/v1/sales/orders/${orderId}`);
    await api.patch(`/api/v1/sales/orders/${orderId}`, { contractId: target, version: order.version });
  }
}

function ContractForm({ existing }: { existing?: Contract }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const urlCustomerId = useSearchParams()[0].get('customerId') ?? undefined;
  const key = useMemo(() => createActionKey(), []);
  const [version, setVersion] = useState(existing?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const currency = Form.useWatch('currency', form) ?? existing?.currency ?? me.company.currency;
  const customerId = Form.useWatch('customerId', form) ?? existing?.customerId;

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    const common = {
      title: v.title!.trim(),
      value: parseMoney(v.value, v.currency)!,
      currency: v.currency,
      signedOn: toDay(v.signedOn),
      startsOn: toDay(v.startsOn),
      endsOn: toDay(v.endsOn),
      signedBy: v.signedBy ?? null,
      customerSignatory: v.customerSignatory?.trim() || null,
      ownerId: v.ownerId ?? undefined,
      notes: v.notes ?? '',
    };
    try {
      let saved: Contract;
      if (existing) {
        const body: UpdateContractInput = { ...common, version: version! };
        saved = await api.patch<Contract>(`/api/v1/sales/contracts/${existing.id}`, body);
        setVersion(saved.version);
      } else {
        const body: CreateContractInput = { ...common, customerId: v.customerId! };
        saved = await api.post<Contract>('/api/v1/sales/contracts', body, { idempotencyKey: key.for(body) });
      }
      key.reset();
      await linkOrders(saved.id, (existing?.orders ?? []).map((o) => o.id), v.orderIds ?? []);
      message.success(t('sales.common.saved', { number: saved.number }));
      await qc.invalidateQueries({ queryKey: ['sales'] });
      navigate(`/sales/contracts/${saved.id}`);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(form, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!existing) return;
    const fresh = await api.get<Contract>(`/api/v1/sales/contracts/${existing.id}`);
    setVersion(fresh.version);
    form.setFieldsValue(valuesOf(fresh));
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  const required = { required: true, message: t('sales.common.required') };
  return (
    <Form<Values> form={form} layout="vertical" initialValues={existing ? valuesOf(existing) : { customerId: urlCustomerId, currency: me.company.currency, orderIds: [], notes: '' }} data-testid="contract-form">
      {conflict ? <ConflictAlert onReload={() => void reload()} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="customerId" label={t('sales.field.customer')} rules={[required]}>
              <CustomerSelect disabled={!!existing} initialLabel={existing?.customerName} onPick={() => form.setFieldValue('orderIds', [])} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('sales.contracts.titleField')} rules={[{ ...required, whitespace: true }, { max: 300 }]}>
              <Input maxLength={300} data-testid="contract-title" />
            </Form.Item>
          </Col>
          <Col xs={16} md={8} xl={6}>
            <Form.Item name="value" label={`${t('sales.contracts.value')} (${currency})`} rules={[required, { validator: async (_r, v) => (!v || parseMoney(v, currency) !== undefined ? undefined : Promise.reject(new Error(t('sales.common.invalidAmount')))) }]}>
              <Input inputMode="decimal" placeholder="0.00" data-testid="contract-value" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={3}>
            <Form.Item name="currency" label={t('sales.field.currency')} rules={[required]}>
              <CurrencySelect />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={7}>
            <Form.Item name="ownerId" label={t('sales.field.owner')}>
              <UserSelect initialLabel={existing?.ownerName} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={8}>
            <Form.Item name="signedBy" label={t('sales.contracts.signedBy')}>
              <UserSelect initialLabel={existing?.signedByName} />
            </Form.Item>
          </Col>
          {(['signedOn', 'startsOn', 'endsOn'] as const).map((k) => (
            <Col key={k} xs={12} md={8} xl={4}>
              <Form.Item
                name={k}
                label={t(`sales.contracts.${k}`)}
                dependencies={k === 'endsOn' ? ['startsOn'] : undefined}
                rules={k === 'endsOn' ? [({ getFieldValue }) => ({ validator: async (_r, v: Dayjs | null) => (v && getFieldValue('startsOn') && v.isBefore(getFieldValue('startsOn')) ? Promise.reject(new Error(t('sales.contracts.endsBeforeStart'))) : undefined) })] : undefined}
              >
                <DatePicker placeholder={t('sales.common.chooseDate')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} md={12} xl={12}>
            <Form.Item name="customerSignatory" label={t('sales.contracts.customerSignatory')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item name="orderIds" label={t('sales.contracts.orders')} extra={t('sales.contracts.ordersHelp')}>
              <CustomerOrdersSelect customerId={customerId} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('sales.field.notes')}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <FormActions onSave={() => void save()} busy={busy} saveLabel={t('sales.contracts.save')} saveTestId="save-contract" cancelTo={existing ? `/sales/contracts/${existing.id}` : '/sales/contracts'} />
    </Form>
  );
}

export function ContractNewPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('sales.contracts.new')}>
      <ContractForm />
    </PageContainer>
  );
}

export function ContractEditPage() {
  const { t } = useTranslation();
  return (
    <RecordEditPage<Contract>
      kind="contracts"
      title={(c) => t('sales.contracts.editTitle', { number: c.number })}
      notEditable={(c) => (c.status === 'draft' || c.status === 'active' ? null : t('sales.contracts.notEditable'))}
      form={(c) => <ContractForm existing={c} />}
    />
  );
}
