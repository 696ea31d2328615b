import { PageContainer } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Card, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, createActionKey, isApiError } from '../../api-client';
import type { CreateNegotiationInput, Negotiation, NegotiationStage, UpdateNegotiationInput } from '../../api/sales.types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { applyFieldErrors } from '../../ui/form-errors';
import { minorToInput, parseMoney } from '../../ui/money';
import { UserSelect } from '../users/UserSelect';
import { toDay } from './amounts';
import { ConflictAlert, ContactsSelect, CurrencySelect, CustomerSelect, FormActions, PeopleSelect, RecordEditPage } from './common';
import { labelOptions, NEGOTIATION_STAGES, salesLabel } from './labels';

interface Values {
  customerId?: string;
  subject?: string;
  expectedValue?: string;
  currency: string;
  stage: NegotiationStage;
  nextStep?: string;
  nextStepOn?: Dayjs | null;
  ownerId?: string | null;
  userIds: string[];
  contactIds: string[];
}

const valuesOf = (n: Negotiation): Values => ({
  customerId: n.customerId,
  subject: n.subject,
  expectedValue: minorToInput(n.expectedValue, n.currency),
  currency: n.currency,
  stage: n.stage,
  nextStep: n.nextStep ?? '',
  nextStepOn: n.nextStepOn ? dayjs(n.nextStepOn) : null,
  ownerId: n.ownerId,
  userIds: (n.participants ?? []).filter((p) => p.kind === 'user').map((p) => p.id),
  contactIds: (n.participants ?? []).filter((p) => p.kind === 'contact').map((p) => p.id),
});

function NegotiationForm({ existing }: { existing?: Negotiation }) {
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
  const participants = (kind: 'user' | 'contact') => (existing?.participants ?? []).filter((p) => p.kind === kind);

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
      subject: v.subject!.trim(),
      expectedValue: v.expectedValue?.trim() ? parseMoney(v.expectedValue, v.currency)! : null,
      currency: v.currency,
      stage: v.stage,
      nextStep: v.nextStep?.trim() || null,
      nextStepOn: toDay(v.nextStepOn),
      ownerId: v.ownerId ?? undefined,
      participants: { userIds: v.userIds ?? [], contactIds: v.contactIds ?? [] },
    };
    try {
      let saved: Negotiation;
      if (existing) {
        const body: UpdateNegotiationInput = { ...common, version: version! };
        saved = await api.patch<Negotiation>(`/api/v1/sales/negotiations/${existing.id}`, body);
        setVersion(saved.version);
      } else {
        const body: CreateNegotiationInput = { ...common, customerId: v.customerId! };
        saved = await api.post<Negotiation>('/api/v1/sales/negotiations', body, { idempotencyKey: key.for(body) });
      }
      key.reset();
      message.success(t('sales.common.saved', { number: saved.number }));
      await qc.invalidateQueries({ queryKey: ['sales'] });
      navigate(`/sales/negotiations/${saved.id}`);
    } catch (e) {
      if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(form, e, { 'participants.userIds': ['userIds'], 'participants.contactIds': ['contactIds'] })) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!existing) return;
    const fresh = await api.get<Negotiation>(`/api/v1/sales/negotiations/${existing.id}`);
    setVersion(fresh.version);
    form.setFieldsValue(valuesOf(fresh));
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  const required = { required: true, message: t('sales.common.required') };
  return (
    <Form<Values> form={form} layout="vertical" initialValues={existing ? valuesOf(existing) : { customerId: urlCustomerId, currency: me.company.currency, stage: 'qualifying', userIds: [], contactIds: [] }} data-testid="negotiation-form">
      {conflict ? <ConflictAlert onReload={() => void reload()} /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="customerId" label={t('sales.field.customer')} rules={[required]}>
              <CustomerSelect disabled={!!existing} initialLabel={existing?.customerName} onPick={() => form.setFieldValue('contactIds', [])} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="subject" label={t('sales.negotiations.subject')} rules={[{ ...required, whitespace: true }, { max: 300 }]}>
              <Input maxLength={300} data-testid="negotiation-subject" />
            </Form.Item>
          </Col>
          <Col xs={16} md={8} xl={6}>
            <Form.Item name="expectedValue" label={`${t('sales.negotiations.expectedValue')} (${currency})`} rules={[{ validator: async (_r, v) => (!v || !String(v).trim() || parseMoney(v, currency) !== undefined ? undefined : Promise.reject(new Error(t('sales.common.invalidAmount')))) }]}>
              <Input inputMode="decimal" placeholder="0.00" data-testid="negotiation-value" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={3}>
            <Form.Item name="currency" label={t('sales.field.currency')} rules={[required]}>
              <CurrencySelect />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={5}>
            <Form.Item name="stage" label={t('sales.negotiations.stage')} rules={[required]}>
              <Select options={labelOptions('stage', NEGOTIATION_STAGES)} data-testid="negotiation-stage" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={10}>
            <Form.Item name="ownerId" label={t('sales.field.owner')}>
              <UserSelect initialLabel={existing?.ownerName} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="userIds" label={`${t('sales.negotiations.participants')}: ${t('sales.negotiations.users')}`}>
              <PeopleSelect initial={participants('user')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactIds" label={`${t('sales.negotiations.participants')}: ${t('sales.negotiations.contacts')}`}>
              <ContactsSelect customerId={customerId} initial={participants('contact')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="nextStep" label={t('sales.negotiations.nextStep')} rules={[{ max: 500 }]}>
              <Input maxLength={500} data-testid="negotiation-next-step" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="nextStepOn" label={t('sales.negotiations.nextStepOn')}>
              <DatePicker placeholder={t('sales.common.chooseDate')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <FormActions onSave={() => void save()} busy={busy} saveLabel={t('sales.negotiations.save')} saveTestId="save-negotiation" cancelTo={existing ? `/sales/negotiations/${existing.id}` : '/sales/negotiations'} />
    </Form>
  );
}

export function NegotiationNewPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('sales.negotiations.new')}>
      <NegotiationForm />
    </PageContainer>
  );
}

export function NegotiationEditPage() {
  const { t } = useTranslation();
  return (
    <RecordEditPage<Negotiation>
      kind="negotiations"
      title={(n) => t('sales.negotiations.editTitle', { number: n.number })}
      notEditable={(n) => (n.outcome === 'open' ? null : t('sales.negotiations.closed', { outcome: salesLabel('outcome', n.outcome) }))}
      form={(n) => <NegotiationForm existing={n} />}
    />
  );
}
