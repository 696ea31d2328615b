import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { Trip } from '../../api/trips.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatMoney, minorToInput, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { ConflictAlert, CustomerSelect } from '../sales/common';
import { BUDGET_CATEGORIES, MODES, useDocumentSave } from './common';

interface Values {
  purpose: string;
  dates: [Dayjs, Dayjs];
  customers?: { id?: string | null }[];
  legs: { fromCity: string; toCity: string; departOn: Dayjs; arriveOn: Dayjs; mode: string; cityTier: number }[];
  budget?: Record<string, string | undefined>;
  advanceRequested?: string;
}

/** The form's values of a saved trip (editing a draft or a trip sent back by an approver). */
function valuesOf(tr: Trip): Values {
  return {
    purpose: tr.purpose,
    dates: [dayjs(tr.startDate), dayjs(tr.endDate)],
    customers: tr.customers.map((c) => ({ id: c.id })),
    legs: tr.legs.map((l) => ({ fromCity: l.fromCity, toCity: l.toCity, departOn: dayjs(l.departOn), arriveOn: dayjs(l.arriveOn), mode: l.mode, cityTier: l.cityTier })),
    budget: Object.fromEntries(tr.budget.map((b) => [b.category, minorToInput(b.amount, tr.currency)])),
    advanceRequested: tr.advanceRequested ? minorToInput(tr.advanceRequested, tr.currency) : undefined,
  };
}

/** A rep plans a trip (/trips/new) or edits their draft or returned one (/trips/:id/edit). */
export function TripFormPage() {
  const { id } = useParams();
  const trip = useQuery({ queryKey: ['trips', 'edit', id], enabled: !!id, queryFn: () => api.get<Trip>(`/api/v1/trips/${id}`), staleTime: Infinity });
  if (!id) return <TripForm />;
  if (trip.isPending) return <PageLoading />;
  if (trip.isError) return <LoadError error={trip.error} onRetry={() => void trip.refetch()} />;
  return <TripForm key={trip.data.id} existing={trip.data} />;
}

/** Purpose, customers, itinerary legs, budget per category, the advance asked for. */
function TripForm({ existing }: { existing?: Trip }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const currency = existing?.currency ?? me.company.currency;
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { error, setError, conflict, busy, send, reload } = useDocumentSave<Trip, Values>({ kind: 'trips', existing, form, valuesOf, messages: { saved: 'trips.saved', submitted: 'trips.submitted' } });
  const budget = (Form.useWatch('budget', form) ?? {}) as Record<string, string | undefined>;
  const budgetTotal = BUDGET_CATEGORIES.reduce((s, c) => s + (parseMoney(budget[c] ?? '', currency) ?? 0), 0);

  const save = async (submit: boolean) => {
    setError(null);
    const v = await form.validateFields();
    const money = (s: string | undefined) => parseMoney(s ?? '', currency) ?? 0;
    const fields = {
      purpose: v.purpose,
      startDate: v.dates[0].format('YYYY-MM-DD'),
      endDate: v.dates[1].format('YYYY-MM-DD'),
      customerIds: (v.customers ?? []).map((c) => c.id).filter((x): x is string => !!x),
      legs: v.legs.map((l) => ({ fromCity: l.fromCity, toCity: l.toCity, departOn: l.departOn.format('YYYY-MM-DD'), arriveOn: l.arriveOn.format('YYYY-MM-DD'), mode: l.mode, cityTier: l.cityTier })),
      budget: BUDGET_CATEGORIES.filter((c) => money(v.budget?.[c]) > 0).map((c) => ({ category: c, amount: money(v.budget?.[c]) })),
      advanceRequested: money(v.advanceRequested),
    };
    await send(fields, submit);
  };

  return (
    <PageContainer title={existing ? t('trips.editTitle', { number: existing.number }) : t('trips.new')}>
      {conflict ? <ConflictAlert onReload={() => void reload()} /> : null}
      <Form<Values> form={form} layout="vertical" data-testid="trip-form" initialValues={existing ? valuesOf(existing) : { legs: [{ mode: 'train', cityTier: 2 }], customers: [] }}>
        <Card size="small">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="purpose" label={t('trips.purpose')} rules={[{ required: true, whitespace: true }]}>
                <Input data-testid="trip-purpose" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="dates" label={t('trips.dates')} rules={[{ required: true }]}>
                <DatePicker.RangePicker data-testid="trip-dates" />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="customers">
            {(fields, { add, remove }) => (
              <Form.Item label={t('trips.customers')}>
                <Space wrap>
                  {fields.map((f) => (
                    <Space key={f.key}>
                      <Form.Item name={[f.name, 'id']} noStyle>
                        <CustomerSelect style={{ width: 260 }} testId={`trip-customer-${f.name}`} />
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-trip-customer">
                    {t('trips.addCustomer')}
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
        </Card>
        <Form.List name="legs">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('trips.legs')} style={{ marginTop: 16 }} extra={<Button icon={<PlusOutlined />} onClick={() => add({ mode: 'train', cityTier: 2 })} data-testid="add-leg">{t('trips.addLeg')}</Button>}>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={fields}
                columns={[
                  { title: t('trips.fromCity'), render: (_, f) => <Form.Item name={[f.name, 'fromCity']} rules={[{ required: true }]} style={{ margin: 0 }}><Input data-testid={`leg-${f.name}-from`} /></Form.Item> },
                  { title: t('trips.toCity'), render: (_, f) => <Form.Item name={[f.name, 'toCity']} rules={[{ required: true }]} style={{ margin: 0 }}><Input data-testid={`leg-${f.name}-to`} /></Form.Item> },
                  { title: t('trips.departOn'), render: (_, f) => <Form.Item name={[f.name, 'departOn']} rules={[{ required: true }]} style={{ margin: 0 }}><DatePicker data-testid={`leg-${f.name}-depart`} /></Form.Item> },
                  { title: t('trips.arriveOn'), render: (_, f) => <Form.Item name={[f.name, 'arriveOn']} rules={[{ required: true }]} style={{ margin: 0 }}><DatePicker data-testid={`leg-${f.name}-arrive`} /></Form.Item> },
                  { title: t('trips.mode'), width: 120, render: (_, f) => <Form.Item name={[f.name, 'mode']} style={{ margin: 0 }}><Select options={MODES.map((m) => ({ value: m, label: t(`trips.modes.${m}`) }))} data-testid={`leg-${f.name}-mode`} /></Form.Item> },
                  { title: t('trips.cityTier'), width: 90, render: (_, f) => <Form.Item name={[f.name, 'cityTier']} style={{ margin: 0 }}><InputNumber min={1} max={4} precision={0} data-testid={`leg-${f.name}-tier`} /></Form.Item> },
                  { title: '', width: 50, render: (_, f) => (fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} /> : null) },
                ]}
              />
            </Card>
          )}
        </Form.List>
        <Card size="small" title={`${t('trips.budget')} (${currency})`} style={{ marginTop: 16 }} extra={<b data-testid="trip-budget-total">{formatMoney(budgetTotal, currency)}</b>}>
          <Space wrap size={16}>
            {BUDGET_CATEGORIES.map((c) => (
              <Form.Item key={c} name={['budget', c]} label={t(`trips.categories.${c}`)} rules={[{ validator: async (_, v: string | undefined) => { if (v && parseMoney(v, currency) === undefined) throw new Error(t('ledger.form.amount')); } }]}>
                <Input inputMode="decimal" style={{ width: 140 }} data-testid={`budget-${c}`} />
              </Form.Item>
            ))}
            <Form.Item name="advanceRequested" label={t('trips.advanceRequested')}>
              <Input inputMode="decimal" style={{ width: 140 }} data-testid="trip-advance" />
            </Form.Item>
          </Space>
        </Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="trip-error" />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" loading={busy} onClick={() => void save(true)} data-testid="submit-trip">
            {t('trips.submit')}
          </Button>
          <Button loading={busy} onClick={() => void save(false)} data-testid="save-trip-draft">
            {existing ? t('trips.saveChanges') : t('trips.saveDraft')}
          </Button>
          {existing && <Button onClick={() => navigate(`/trips/${existing.id}`)}>{t('trips.cancelEdit')}</Button>}
        </Space>
      </Form>
    </PageContainer>
  );
}
