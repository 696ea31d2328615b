import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Select, Space, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, createActionKey, isApiError, type QueryParams } from '../../api-client';
import type { ContactRef, Contract, CustomerRef, ProductRef, SalesOrder } from '../../api/sales.types';
import type { Page } from '../../api/types';
import { i18n } from '../../i18n';
import { errorMessage, fieldErrorMessage, translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { LoadError } from '../../ui/ErrorPages';
import { PageLoading } from '../../ui/PageLoading';
import { ExportButton } from '../../ui/ExportButton';
import { formatDate, formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { salesLabel, type LabelSet } from './labels';

/** An API failure in words: the code's sentence, then what the server said about each field (translated where we know the code). */
export function actionErrorText(e: unknown): string {
  const main = errorMessage(e);
  if (!isApiError(e) || e.fields.length === 0 || e.code === 'validation_failed') return main;
  const details = e.fields.map((f) => translateOr(`sales.fieldErrors.${f.code}`, fieldErrorMessage(f)));
  return [main, ...details].join(' ');
}

// ------------------------------------------------------------------ search selects

interface Option {
  value: string;
  label: string;
  desc?: string;
}

interface RemoteSelectProps<T> {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  /** The chosen record's label, known before the search has loaded it. */
  initialLabel?: string | null;
  placeholder?: string;
  queryKey: unknown[];
  search: (q: string, signal: AbortSignal) => Promise<T[]>;
  toOption: (item: T) => Option;
  onPick?: (item: T | null) => void;
  /** The label of a value given from outside (an address like ?customerId=…) that no search has loaded yet. */
  resolveLabel?: (id: string) => Promise<string>;
  disabled?: boolean;
  testId?: string;
  style?: React.CSSProperties;
}

/** A select that searches the server as the user types (the lists may be long). */
export function RemoteSelect<T>(p: RemoteSelectProps<T>) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(h);
  }, [text]);
  const found = useQuery({ queryKey: [...p.queryKey, q], queryFn: ({ signal }) => p.search(q, signal), staleTime: 30_000, enabled: !p.disabled });
  const items = found.data ?? [];
  const options = items.map((i) => ({ ...p.toOption(i), item: i }));
  const unknown = !!p.value && !p.initialLabel && !options.some((o) => o.value === p.value);
  const resolved = useQuery({ queryKey: [...p.queryKey, 'label', p.value], enabled: unknown && !!p.resolveLabel, queryFn: () => p.resolveLabel!(p.value!), staleTime: 60_000 });
  if (p.value && !options.some((o) => o.value === p.value)) options.unshift({ value: p.value, label: p.initialLabel ?? resolved.data ?? '…', item: undefined as T });
  return (
    <Select
      id={p.id}
      value={p.value ?? undefined}
      disabled={p.disabled}
      onChange={(v, o) => {
        p.onChange?.(v ?? null);
        p.onPick?.(v ? ((o as { item?: T } | undefined)?.item ?? null) : null);
      }}
      showSearch
      filterOption={false}
      searchValue={text}
      onSearch={setText}
      options={options}
      optionRender={(o) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.3 }}>
          <span>{o.data.label}</span>
          {o.data.desc ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.desc}
            </Typography.Text>
          ) : null}
        </div>
      )}
      loading={found.isFetching}
      allowClear
      placeholder={p.placeholder}
      notFoundContent={found.isFetching ? t('common.loading') : t('sales.common.noResults')}
      style={{ width: '100%', ...p.style }}
      onBlur={() => setText('')}
      data-testid={p.testId}
    />
  );
}

type SelectProps = Omit<RemoteSelectProps<never>, 'queryKey' | 'search' | 'toOption' | 'onPick'>;

export function CustomerSelect(props: SelectProps & { onPick?: (c: CustomerRef | null) => void }) {
  const { t } = useTranslation();
  return (
    <RemoteSelect<CustomerRef>
      {...props}
      placeholder={props.placeholder ?? t('sales.common.searchCustomer')}
      queryKey={['customers', 'lookup']}
      search={async (q, signal) => (await api.get<Page<CustomerRef>>('/api/v1/customers', { q: q || undefined, limit: 20 }, { signal })).items}
      toOption={(c) => ({ value: c.id, label: c.name, desc: c.code })}
      resolveLabel={async (id) => (await api.get<CustomerRef>(`/api/v1/customers/${id}`)).name}
      testId={props.testId ?? 'customer-select'}
    />
  );
}

export function ProductSelect(props: SelectProps & { onPick?: (p: ProductRef | null) => void }) {
  const { t } = useTranslation();
  return (
    <RemoteSelect<ProductRef>
      {...props}
      placeholder={props.placeholder ?? t('sales.common.searchProduct')}
      queryKey={['products', 'lookup']}
      search={async (q, signal) => (await api.get<Page<ProductRef>>('/api/v1/products', { q: q || undefined, status: 'active', limit: 20 }, { signal })).items}
      toOption={(p) => ({ value: p.id, label: p.name, desc: `${p.code} · ${p.unit}` })}
      resolveLabel={async (id) => (await api.get<ProductRef>(`/api/v1/products/${id}`)).name}
      testId={props.testId ?? 'product-select'}
    />
  );
}

/** Orders, optionally of one customer and in given statuses (the API filters by one status: the rest is filtered here). */
export function OrderSelect(props: SelectProps & { customerId?: string; statuses?: string[]; onPick?: (o: SalesOrder | null) => void }) {
  const { t } = useTranslation();
  return (
    <RemoteSelect<SalesOrder>
      {...props}
      placeholder={props.placeholder ?? t('sales.common.searchOrder')}
      queryKey={['sales', 'orders', 'lookup', props.customerId, props.statuses]}
      search={async (q, signal) => {
        const page = await api.get<Page<SalesOrder>>('/api/v1/sales/orders', { q: q || undefined, customerId: props.customerId, limit: 50 }, { signal });
        return page.items.filter((o) => !props.statuses || props.statuses.includes(o.status));
      }}
      toOption={(o) => ({ value: o.id, label: `${o.number} · ${o.customerName}`, desc: `${formatDate(o.orderDate)} · ${salesLabel('order', o.status)}` })}
      resolveLabel={async (id) => {
        const o = await api.get<SalesOrder>(`/api/v1/sales/orders/${id}`);
        return `${o.number} · ${o.customerName}`;
      }}
      testId={props.testId ?? 'order-select'}
    />
  );
}

/** Contracts an order may name: the customer's, draft or active. */
export function ContractSelect(props: SelectProps & { customerId?: string }) {
  return (
    <RemoteSelect<Contract>
      {...props}
      disabled={props.disabled || !props.customerId}
      queryKey={['sales', 'contracts', 'lookup', props.customerId]}
      search={async (q, signal) =>
        (await api.get<Page<Contract>>('/api/v1/sales/contracts', { q: q || undefined, customerId: props.customerId, limit: 50 }, { signal })).items.filter((c) => c.status === 'draft' || c.status === 'active')
      }
      toOption={(c) => ({ value: c.id, label: `${c.number} · ${c.title}`, desc: salesLabel('contract', c.status) })}
      testId={props.testId ?? 'contract-select'}
    />
  );
}

/** Several people (our users), searched by name. */
export function PeopleSelect({ value, onChange, id, initial }: { value?: string[]; onChange?: (v: string[]) => void; id?: string; initial?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['users', 'lookup', q, true],
    queryFn: ({ signal }) => api.get<Page<{ id: string; displayName: string; email: string }>>('/api/v1/users', { q: q || undefined, limit: 20, isActive: 'true' }, { signal }),
    staleTime: 30_000,
  });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }));
  for (const i of initial ?? []) if (!options.some((o) => o.value === i.id)) options.push({ value: i.id, label: i.name });
  return (
    <Select id={id} mode="multiple" value={value} onChange={onChange} options={options} filterOption={false} onSearch={(s) => setQ(s.trim())} onBlur={() => setQ('')} loading={users.isFetching} placeholder={t('sales.common.choosePeople')} data-testid="people-select" />
  );
}

/** Several contacts of one customer. */
export function ContactsSelect({ customerId, value, onChange, id, initial }: { customerId?: string; value?: string[]; onChange?: (v: string[]) => void; id?: string; initial?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const contacts = useQuery({
    queryKey: ['customers', customerId, 'contacts'],
    enabled: !!customerId,
    queryFn: async () => (await api.get<{ items: ContactRef[] }>(`/api/v1/customers/${customerId}/contacts`)).items,
  });
  const options = (contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  for (const i of initial ?? []) if (!options.some((o) => o.value === i.id)) options.push({ value: i.id, label: i.name });
  return <Select id={id} mode="multiple" value={value} onChange={onChange} options={options} optionFilterProp="label" disabled={!customerId} loading={contacts.isFetching} placeholder={t('sales.common.chooseContacts')} data-testid="contacts-select" />;
}

export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
export function CurrencySelect(props: { value?: string; onChange?: (v: string) => void; id?: string; disabled?: boolean }) {
  const options = (props.value && !CURRENCIES.includes(props.value) ? [props.value, ...CURRENCIES] : CURRENCIES).map((c) => ({ value: c, label: c }));
  return <Select {...props} options={options} style={{ width: 120 }} data-testid="currency-select" />;
}

// ------------------------------------------------------------------ lists

/** Filters a link may set in a list's address. */
const URL_FILTERS = ['customerId', 'orderId', 'ownerId', 'productId', 'status', 'stage', 'outcome'];

/**
 * The four sales lists: ProTable over a keyset endpoint, only the API's own filter names
 * sent (`toQuery`), the same filters for the export, and a "new" button for writers.
 */
export function SalesTable<T extends { id: string }, F extends Record<string, unknown>>(props: {
  path: string;
  columns: ProColumns<T>[];
  toQuery: (form: F) => QueryParams;
  newLabel?: string;
  newPath?: string;
  testId: string;
  scrollX?: number;
  /** Columns the user may switch on in the column settings, hidden at first (keeps the totals in view). */
  hiddenColumns?: string[];
}) {
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const filters = useRef<QueryParams>({});
  const [search] = useSearchParams();
  // Filters given in the address (the customer 360 links to ?customerId=…) are the table's first filters.
  const [initialValues] = useState(() => Object.fromEntries([...search].filter(([k]) => URL_FILTERS.includes(k))));
  const { path, toQuery } = props;
  const fetchPage = useCallback(
    (f: F, cursor: string | undefined, limit: number) => {
      filters.current = toQuery(f);
      return api.get<Page<T>>(path, { ...filters.current, cursor, limit });
    },
    [path, toQuery],
  );
  const paging = useKeysetPaging<T, F>(fetchPage);
  return (
    <ProTable<T, F & { cursor?: string; limit?: number }>
      rowKey="id"
      columns={props.columns}
      request={paging.request as never}
      params={paging.params as never}
      onSubmit={paging.restart}
      onReset={paging.restart}
      onRequestError={onError}
      pagination={false}
      footer={paging.footer}
      dateFormatter="string"
      form={{ initialValues }}
      scroll={{ x: props.scrollX ?? 1000 }}
      columnsState={{ defaultValue: Object.fromEntries((props.hiddenColumns ?? []).map((c) => [c, { show: false }])) }}
      search={{ labelWidth: 'auto', defaultCollapsed: Object.keys(initialValues).length === 0, span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
      options={{ reload: true, density: false, setting: true, fullScreen: false }}
      toolBarRender={() => [
        <ExportButton key="export" path={`${path}/export`} query={() => filters.current} fileName={path.split('/').pop()} />,
        props.newPath && can('sales:write') ? (
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate(initialValues.customerId ? `${props.newPath}?customerId=${initialValues.customerId}` : props.newPath!)} data-testid="new-record">
            {props.newLabel}
          </Button>
        ) : null,
      ]}
      data-testid={props.testId}
    />
  );
}

/** Columns of a detail card's Descriptions: two from tablet width up (antd's default would be three on wide screens). */
export const DETAIL_COLUMNS = { xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 };

/** The period filter of a list: from / to placeholders in the reader's language. */
export const periodFieldProps = () => ({ placeholder: [i18n.t('sales.common.from'), i18n.t('sales.common.to')] });

/** A trimmed text filter, or undefined (the API refuses empty strings). */
export const textFilter = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

// ------------------------------------------------------------------ record actions

/**
 * A POST on a record (a status move, an outcome) with one idempotency key per action; the
 * record's queries are refreshed afterwards. A version conflict reloads the record and says so.
 */
export function useRecordAction() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = useMemo(() => createActionKey(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async <R,>(name: string, path: string, body: unknown, success?: (r: R) => string): Promise<R | undefined> => {
    setBusy(name);
    try {
      const r = await api.post<R>(path, body, { idempotencyKey: key.for({ path, body }) });
      key.reset();
      if (success) message.success(success(r));
      return r;
    } catch (e) {
      if (isApiError(e, 'version_conflict')) message.warning(`${t('errors.version_conflict')} ${t('sales.common.reloaded')}`);
      else message.error(actionErrorText(e));
      return undefined;
    } finally {
      setBusy(null);
      await qc.invalidateQueries({ queryKey: ['sales'] });
    }
  };
  return { run, busy };
}

/** The "changed by someone else" banner of a form, with the reload button. */
export function ConflictAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={t('conflict.title')}
      description={t('errors.version_conflict')}
      action={
        <Button size="small" onClick={onReload} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>
      }
    />
  );
}

// ------------------------------------------------------------------ history

interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  title: string;
  entityId: string | null;
  actorName: string | null;
  data: unknown;
}

/**
 * A record's history: its creation and the events it put on the customer's timeline (status
 * moves, stage changes, meetings, outcome), which everyone who may see the record may read.
 */
export function RecordHistory({ customerId, entityId, kinds, createdAt, owner }: { customerId: string; entityId: string; kinds: string[]; createdAt: string; owner?: string | null }) {
  const { t } = useTranslation();
  const events = useQuery({
    queryKey: ['sales', 'history', customerId, entityId],
    queryFn: async () => (await api.get<Page<TimelineEvent>>(`/api/v1/customers/${customerId}/timeline`, { kinds: kinds.join(','), limit: 200 })).items.filter((e) => e.entityId === entityId),
  });
  if (events.error) return <ErrorAlert error={events.error} />;
  const items: { key: string; color?: string; label: string; children: ReactNode }[] = (events.data ?? []).map((e) => ({
    key: String(e.id),
    color: /cancelled|lost|terminated|expired/.test(e.kind) ? 'red' : /won|signed|confirmed|delivered|closed/.test(e.kind) ? 'green' : 'blue',
    label: formatDateTime(e.at),
    children: (
      <>
        <Typography.Text strong>{translateOr(`sales.events.${e.kind}`, e.kind)}</Typography.Text>
        {eventDetail(e) ? <Typography.Text> · {eventDetail(e)}</Typography.Text> : null}
        {e.actorName ? <Typography.Text type="secondary"> — {e.actorName}</Typography.Text> : null}
      </>
    ),
  }));
  items.push({ key: 'created', color: 'gray', label: formatDateTime(createdAt), children: <Typography.Text strong>{t('sales.events.created')}{owner ? <Typography.Text type="secondary"> — {owner}</Typography.Text> : null}</Typography.Text> });
  if (events.isPending) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  if (items.length === 0) return <Empty description={t('sales.common.noHistory')} />;
  return <Timeline mode="left" items={items} data-testid="history" style={{ marginTop: 8 }} />;
}

function eventDetail(e: TimelineEvent): string {
  const d = (e.data ?? {}) as { from?: string; to?: string; heldOn?: string };
  if (e.kind === 'negotiation.stage' && d.from && d.to) return i18n.t('sales.events.stageChange', { from: salesLabel('stage', d.from), to: salesLabel('stage', d.to) });
  if (e.kind === 'negotiation.meeting' && d.heldOn) return formatDate(d.heldOn);
  return '';
}

/** A status label for a message ("SO-2026-00001: Confirmed"). */
export const movedText = (set: LabelSet, number: string, status: string) => i18n.t('sales.common.moved', { number, status: salesLabel(set, status) });

/** An edit page of a sales record: loads it, then shows its form, or why it can no longer be changed. */
export function RecordEditPage<T>(p: { kind: 'orders' | 'contracts' | 'negotiations'; title: (r: T) => string; notEditable: (r: T) => string | null; form: (r: T) => ReactNode }) {
  const { id } = useParams();
  const record = useQuery({ queryKey: ['sales', p.kind, 'detail', id], queryFn: () => api.get<T>(`/api/v1/sales/${p.kind}/${id}`) });
  if (record.isPending) return <PageLoading />;
  if (record.isError) return <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  const reason = p.notEditable(record.data);
  return <PageContainer title={p.title(record.data)}>{reason ? <Alert type="info" showIcon message={reason} /> : p.form(record.data)}</PageContainer>;
}

/** A sales form's footer: save (busy while the request runs) and cancel back to where the user came from. */
export function FormActions(p: { onSave: () => void; busy: boolean; saveLabel: string; saveTestId: string; cancelTo: string; saveDisabled?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Space>
      <Button type="primary" onClick={p.onSave} loading={p.busy} disabled={p.saveDisabled} data-testid={p.saveTestId}>
        {p.saveLabel}
      </Button>
      <Button onClick={() => navigate(p.cancelTo)} disabled={p.busy}>
        {t('common.cancel')}
      </Button>
    </Space>
  );
}
