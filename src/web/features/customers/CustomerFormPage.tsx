import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { PageContainer, ProForm, ProFormDatePicker, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea, type ProFormInstance } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Modal, Row, Space, Typography, Upload, type ButtonProps, type ColProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, createActionKey, isApiError, uploadFile } from '../../api-client';
import type { CreateCustomerInput, CustomerDto, CustomerLevel, CustomerStatus, CustomerWriteResult, DuplicateMatch, DuplicatesResult } from '../../api/customers.types';
import type { FileDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { applyFieldErrors } from '../../ui/form-errors';
import { minorToInput, parseMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { DuplicateList } from './DuplicateList';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES, levelLabel, statusLabel } from './labels';
import { OwnerSelect } from './OwnerSelect';
import { customersKey, getCustomer, mergedIntoId } from './queries';
import { RegionSelect } from './RegionSelect';

type Day = Dayjs | string | null | undefined;
interface Values {
  name: string;
  shortName?: string | null;
  creditCode?: string | null;
  phone?: string | null;
  website?: string | null;
  status: CustomerStatus;
  level?: CustomerLevel | null;
  isKey?: boolean;
  industry?: string | null;
  source?: string | null;
  tags?: string[];
  ownerId?: string | null;
  departmentId?: string | null;
  regionId?: string | null;
  licenceRegNo?: string | null;
  legalRepresentative?: string | null;
  registeredCapital?: string | null;
  registeredCapitalCurrency?: string | null;
  licenceIssuedOn?: Day;
  licenceExpiresOn?: Day;
  licenceAddress?: string | null;
  businessScope?: string | null;
  licenceFileId?: string | null;
  invoiceTitle?: string | null;
  taxpayerId?: string | null;
  billingAddress?: string | null;
  billingPhone?: string | null;
  bankName?: string | null;
  bankAccount?: string | null;
  notes?: string;
}

const TEXT_FIELDS = [
  'shortName', 'creditCode', 'phone', 'website', 'industry', 'source', 'licenceRegNo', 'legalRepresentative', 'licenceAddress', 'businessScope',
  'invoiceTitle', 'taxpayerId', 'billingAddress', 'billingPhone', 'bankName', 'bankAccount',
] as const;
const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
const toDay = (v: Day) => (v ? dayjs(v).format('YYYY-MM-DD') : null);
const line = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

function toValues(c: CustomerDto): Values {
  const currency = c.registeredCapitalCurrency ?? 'CNY';
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, c[f]])),
    name: c.name,
    status: c.status,
    level: c.level,
    isKey: c.isKey,
    tags: c.tags,
    ownerId: c.ownerId,
    departmentId: c.departmentId,
    regionId: c.regionId,
    registeredCapital: minorToInput(c.registeredCapital, currency),
    registeredCapitalCurrency: c.registeredCapitalCurrency,
    licenceIssuedOn: c.licenceIssuedOn ? dayjs(c.licenceIssuedOn) : null,
    licenceExpiresOn: c.licenceExpiresOn ? dayjs(c.licenceExpiresOn) : null,
    licenceFileId: c.licenceFileId,
    notes: c.notes,
  };
}

/** Form values → the API's fields (empty text is null, days as YYYY-MM-DD, capital in minor units). */
function toBody(v: Values, defaultCurrency: string) {
  const currency = v.registeredCapitalCurrency || defaultCurrency;
  const capital = v.registeredCapital?.trim() ? (parseMoney(v.registeredCapital, currency) ?? null) : null;
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, line(v[f])])),
    name: v.name.trim(),
    status: v.status,
    level: v.level ?? null,
    isKey: !!v.isKey,
    tags: (v.tags ?? []).map((t) => t.trim()).filter(Boolean),
    departmentId: v.departmentId ?? null,
    regionId: v.regionId ?? null,
    registeredCapital: capital,
    registeredCapitalCurrency: capital === null ? null : currency,
    licenceIssuedOn: toDay(v.licenceIssuedOn),
    licenceExpiresOn: toDay(v.licenceExpiresOn),
    licenceFileId: v.licenceFileId ?? null,
    notes: v.notes ?? '',
  };
}

/** The licence scan: one file (PDF or image), uploaded at once; with a customer it is attached to it right away. */
function LicenceFileField({ value, onChange, customerId }: { value?: string | null; onChange?: (id: string | null) => void; customerId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space wrap>
      {value ? (
        <a href={`/api/v1/files/${value}/preview`} target="_blank" rel="noreferrer" data-testid="licence-file">
          <PaperClipOutlined /> {name ?? t('customers.licenceView')}
        </a>
      ) : null}
      <Upload
        showUploadList={false}
        accept=".pdf,.png,.jpg,.jpeg,.ofd"
        customRequest={async ({ file }) => {
          setBusy(true);
          try {
            const dto = await uploadFile<FileDto>(file as File, { purpose: 'document', ...(customerId ? { entityType: 'customer', entityId: customerId } : {}) });
            setName(dto.name);
            onChange?.(dto.id);
            message.success(t('customers.licenceUploaded'));
          } catch (e) {
            message.error(errorMessage(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy}>
          {t('customers.licenceReplace')}
        </Button>
      </Upload>
    </Space>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}
const half = { xs: 24, md: 12 };
const third = { xs: 24, md: 8 };

/** Asks the server, while the user types, whether the company is already filed (debounced). */
function useDuplicateCheck(probe: { name?: string; creditCode?: string; taxpayerId?: string }, excludeId?: string) {
  const [debounced, setDebounced] = useState(probe);
  const key = JSON.stringify(probe);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(JSON.parse(key)), 400);
    return () => clearTimeout(h);
  }, [key]);
  const q = { name: debounced.name?.trim() || undefined, creditCode: debounced.creditCode?.trim() || undefined, taxpayerId: debounced.taxpayerId?.trim() || undefined, excludeId };
  return useQuery({
    queryKey: ['customers', 'duplicates', q],
    queryFn: ({ signal }) => api.get<DuplicatesResult>('/api/v1/customers/duplicates', q, { signal }),
    enabled: (q.name?.length ?? 0) >= 2 || !!q.creditCode || !!q.taxpayerId,
    staleTime: 10_000,
  });
}

function CustomerForm({ existing }: { existing?: CustomerDto }) {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const key = useMemo(() => createActionKey(), []);
  const [version, setVersion] = useState(existing?.version);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmMatches, setConfirmMatches] = useState<DuplicateMatch[] | null>(null);
  const [probe, setProbe] = useState({ name: existing?.name, creditCode: existing?.creditCode ?? undefined, taxpayerId: existing?.taxpayerId ?? undefined });
  const [capitalCurrency, setCapitalCurrency] = useState(existing?.registeredCapitalCurrency ?? me.company.currency);
  const duplicates = useDuplicateCheck(probe, existing?.id);
  const creditCheck = probe.creditCode?.trim() ? duplicates.data?.creditCodeCheck : null;
  const liveMatches = duplicates.data?.items ?? [];

  const save = async (allowDuplicates: boolean) => {
    let values: Values;
    try {
      values = await formRef.current!.validateFields();
    } catch {
      return;
    }
    setError(null);
    setBusy(true);
    const fields = toBody(values, me.company.currency);
    try {
      let saved: CustomerWriteResult;
      if (existing) {
        saved = await api.patch<CustomerWriteResult>(`/api/v1/customers/${existing.id}`, { ...fields, version });
        setVersion(saved.version);
        message.success(t('customers.savedMessage', { code: saved.code }));
      } else {
        const body: CreateCustomerInput = { ...fields, ...(values.ownerId ? { ownerId: values.ownerId } : {}), duplicates: allowDuplicates ? 'warn' : 'refuse' };
        saved = await api.post<CustomerWriteResult>('/api/v1/customers', body, { idempotencyKey: key.for(body) });
        key.reset();
        message.success(t('customers.createdMessage', { code: saved.code }));
      }
      for (const w of saved.warnings) if (w.field === 'creditCode') message.warning(t(`customers.creditCodeWarning.${w.code === 'credit_code_format' ? 'format' : 'checksum'}`));
      if (existing && saved.duplicates.length) message.warning(`${t('customers.duplicates.title')}: ${saved.duplicates.map((d) => d.code).join(', ')}`);
      await qc.invalidateQueries({ queryKey: customersKey });
      navigate(`/customers/${saved.id}`);
    } catch (e) {
      if (isApiError(e, 'duplicate') && Array.isArray(e.meta?.matches)) setConfirmMatches(e.meta.matches as DuplicateMatch[]);
      else if (isApiError(e, 'version_conflict')) setConflict(true);
      else if (!applyFieldErrors(formRef.current, e)) setError(e);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!existing) return;
    const fresh = await getCustomer(existing.id);
    setVersion(fresh.version);
    formRef.current?.setFieldsValue(toValues(fresh));
    setConflict(false);
    message.info(t('conflict.reloaded'));
  };

  const required = [{ required: true, whitespace: true, message: t('validation.required') }];
  const max = (n: number) => ({ max: n, message: t('validation.tooLong', { max: n }) });
  const text = (name: (typeof TEXT_FIELDS)[number], n: number, col: ColProps = half, extra?: ReactNode) => (
    <Col {...col}>
      <ProFormText name={name} label={t(`customers.fields.${name}`)} rules={[max(n)]} extra={extra} />
    </Col>
  );

  return (
    <>
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('conflict.title')}
          description={t('errors.version_conflict')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('conflict.reload')}
            </Button>
          }
        />
      ) : null}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <ProForm<Values>
        formRef={formRef}
        layout="vertical"
        submitter={false}
        initialValues={existing ? toValues(existing) : { status: 'prospect', isKey: false, tags: [], ownerId: me.user.id, departmentId: me.user.departmentId ?? null, registeredCapitalCurrency: me.company.currency }}
        onValuesChange={(changed: Partial<Values>, all: Values) => {
          if ('name' in changed || 'creditCode' in changed || 'taxpayerId' in changed) setProbe({ name: all.name, creditCode: all.creditCode ?? undefined, taxpayerId: all.taxpayerId ?? undefined });
          if ('registeredCapitalCurrency' in changed) setCapitalCurrency(all.registeredCapitalCurrency || me.company.currency);
        }}
        data-testid="customer-form"
      >
        <Section title={t('customers.sections.basic')}>
          <Col xs={24} md={16}>
            <ProFormText name="name" label={t('customers.fields.name')} rules={[...required, max(200)]} />
          </Col>
          {text('shortName', 100, { xs: 24, md: 8 })}
          {liveMatches.length ? (
            <Col span={24}>
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('customers.duplicates.typing')} description={<DuplicateList matches={liveMatches} />} data-testid="duplicate-warning" />
            </Col>
          ) : null}
          {text(
            'creditCode',
            30,
            half,
            creditCheck && creditCheck !== 'ok' ? (
              <Typography.Text type="warning" data-testid="credit-code-warning">
                {t(`customers.creditCodeWarning.${creditCheck}`)}
              </Typography.Text>
            ) : (
              t('customers.creditCodeHelp')
            ),
          )}
          {text('phone', 50, { xs: 24, md: 6 })}
          {text('website', 200, { xs: 24, md: 6 })}
        </Section>

        <Section title={t('customers.sections.classification')}>
          <Col {...third}>
            <ProFormSelect name="status" label={t('customers.fields.status')} allowClear={false} options={CUSTOMER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} />
          </Col>
          <Col {...third}>
            <ProFormSelect name="level" label={t('customers.fields.level')} tooltip={t('customers.levelHelp')} options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
          </Col>
          <Col {...third}>
            <ProFormSwitch name="isKey" label={t('customers.fields.isKey')} />
          </Col>
          {existing ? (
            <Col {...third}>
              <ProForm.Item label={t('customers.fields.owner')} extra={t('customers.ownerChangeHint')}>
                <Typography.Text>{existing.ownerName ?? t('customers.noOwner')}</Typography.Text>
              </ProForm.Item>
            </Col>
          ) : can('customers:handover') ? (
            <Col {...third}>
              <ProForm.Item name="ownerId" label={t('customers.fields.owner')} extra={t('customers.ownerHelp')}>
                <OwnerSelect knownName={me.user.displayName} />
              </ProForm.Item>
            </Col>
          ) : null}
          <Col {...third}>
            <ProForm.Item name="departmentId" label={t('customers.fields.department')}>
              <DepartmentTreeSelect />
            </ProForm.Item>
          </Col>
          <Col {...third}>
            <ProForm.Item name="regionId" label={t('customers.fields.region')}>
              <RegionSelect />
            </ProForm.Item>
          </Col>
          {text('industry', 100, third)}
          {text('source', 100, third)}
          <Col {...third}>
            <ProFormSelect name="tags" label={t('customers.fields.tags')} mode="tags" fieldProps={{ tokenSeparators: [',', '，'], open: false, maxTagTextLength: 50 }} placeholder={t('customers.tagsPlaceholder')} />
          </Col>
        </Section>

        <Section title={t('customers.sections.licence')}>
          {text('licenceRegNo', 50, third)}
          {text('legalRepresentative', 100, third)}
          <Col xs={24} md={5}>
            <ProFormText
              name="registeredCapital"
              label={t('customers.fields.registeredCapital')}
              fieldProps={{ inputMode: 'decimal' }}
              extra={t('customers.capitalHelp', { currency: capitalCurrency })}
              rules={[{ validator: async (_, v) => (!v || !String(v).trim() || parseMoney(v, capitalCurrency) !== undefined ? undefined : Promise.reject(new Error(t('validation.amount')))) }]}
            />
          </Col>
          <Col xs={24} md={3}>
            <ProFormSelect name="registeredCapitalCurrency" label={t('customers.fields.registeredCapitalCurrency')} allowClear={false} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Col>
          <Col {...half}>
            <ProFormDatePicker name="licenceIssuedOn" label={t('customers.fields.licenceIssuedOn')} width="100%" fieldProps={{ style: { width: '100%' } }} />
          </Col>
          <Col {...half}>
            <ProFormDatePicker name="licenceExpiresOn" label={t('customers.fields.licenceExpiresOn')} width="100%" fieldProps={{ style: { width: '100%' } }} />
          </Col>
          {text('licenceAddress', 300, { span: 24 })}
          <Col span={24}>
            <ProFormTextArea name="businessScope" label={t('customers.fields.businessScope')} fieldProps={{ rows: 3, maxLength: 5000 }} />
          </Col>
          <Col span={24}>
            <ProForm.Item name="licenceFileId" label={t('customers.fields.licenceFile')}>
              <LicenceFileField customerId={existing?.id} />
            </ProForm.Item>
          </Col>
        </Section>

        <Section title={t('customers.sections.billing')}>
          {text('invoiceTitle', 200)}
          {text('taxpayerId', 30)}
          {text('billingAddress', 300)}
          {text('billingPhone', 50)}
          {text('bankName', 200)}
          {text('bankAccount', 60)}
        </Section>

        <Section title={t('customers.sections.notes')}>
          <Col span={24}>
            <ProFormTextArea name="notes" label={t('customers.fields.notes')} fieldProps={{ rows: 4, maxLength: 10000 }} />
          </Col>
        </Section>
      </ProForm>
      <Space wrap>
        <Button type="primary" onClick={() => void save(false)} loading={busy} data-testid="save-customer">
          {t('common.save')}
        </Button>
        <Button onClick={() => navigate(existing ? `/customers/${existing.id}` : '/customers')} disabled={busy}>
          {t('common.cancel')}
        </Button>
      </Space>
      <Modal
        open={!!confirmMatches}
        title={t('customers.duplicates.confirmTitle')}
        okText={t('customers.saveAnyway')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'create-anyway' } as ButtonProps}
        onOk={() => {
          setConfirmMatches(null);
          void save(true);
        }}
        onCancel={() => setConfirmMatches(null)}
        width={640}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('customers.duplicates.confirmText')}</Typography.Paragraph>
        <DuplicateList matches={confirmMatches ?? []} />
      </Modal>
    </>
  );
}

export function CustomerNewPage() {
  const { t } = useTranslation();
  return (
    <PageContainer title={t('customers.new')}>
      <CustomerForm />
    </PageContainer>
  );
}

export function CustomerEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const customer = useQuery({ queryKey: ['customers', 'detail', id], queryFn: () => getCustomer(id), retry: false, gcTime: 0 });
  const survivor = mergedIntoId(customer.error);
  useEffect(() => {
    if (survivor) navigate(`/customers/${survivor}`, { replace: true, state: { mergedFrom: id } });
  }, [survivor, id, navigate]);
  if (customer.isPending || survivor) return <PageLoading />;
  if (customer.isError) return <LoadError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  return (
    <PageContainer title={t('customers.editTitle', { code: c.code, name: c.name })}>
      {c.canEdit ? <CustomerForm existing={c} /> : <Alert type="info" showIcon message={t('customers.notEditable')} />}
    </PageContainer>
  );
}
