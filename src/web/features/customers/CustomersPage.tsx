import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { CustomerDto, CustomerFilters } from '../../api/customers.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { formatDate, formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { ExportButton } from '../../ui/ExportButton';
import { CUSTOMER_LEVELS, CUSTOMER_STATUSES, CustomerStatusTag, KeyCustomerMark, LevelTag, levelLabel, statusLabel } from './labels';
import { OwnerSelect } from './OwnerSelect';
import { cleanQuery } from './queries';
import { RegionSelect } from './RegionSelect';

/** The filters of GET /api/v1/customers that the page reads from and writes to the address bar. */
const FILTER_KEYS = ['q', 'status', 'level', 'isKey', 'ownerId', 'departmentId', 'regionId', 'industry', 'tag', 'licenceExpiresBefore', 'archived'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type SortKey = 'updatedAt' | 'createdAt' | 'name' | 'code';
type Filters = Partial<Record<FilterKey, string>> & { sort?: SortKey; direction?: 'asc' | 'desc' };

/** The list's state as the address bar carries it (defaults left out, so a plain /customers stays plain). */
function toSearch(f: Filters): string {
  const q = cleanQuery(f);
  if (q.archived === 'false') delete q.archived;
  if (q.sort === 'updatedAt' && q.direction === 'desc') {
    delete q.sort;
    delete q.direction;
  }
  return new URLSearchParams(q).toString();
}

/**
 * Customers: search and filter (also from the address bar, so other pages link to a
 * filtered list, e.g. /customers?status=dormant&ownerId=…), sort, page by cursor,
 * export what is shown.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const onError = useTableErrorHandler();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const initial = Object.fromEntries(FILTER_KEYS.map((k) => [k, searchParams.get(k) ?? undefined])) as Partial<Record<FilterKey, string>>;
  const [sort, setSort] = useState<{ sort: SortKey; direction: 'asc' | 'desc' }>({
    sort: (['updatedAt', 'createdAt', 'name', 'code'].includes(searchParams.get('sort') ?? '') ? searchParams.get('sort') : 'updatedAt') as SortKey,
    direction: searchParams.get('direction') === 'asc' ? 'asc' : 'desc',
  });
  const current = useRef<Filters>({});
  // The search this page wrote itself; any other change of the address (a link to another filter) starts the table afresh.
  const written = useRef(location.search.replace(/^\?/, ''));
  const [tableKey, setTableKey] = useState(0);
  useEffect(() => {
    if (location.search.replace(/^\?/, '') !== written.current) {
      written.current = location.search.replace(/^\?/, '');
      setTableKey((k) => k + 1);
    }
  }, [location.search]);

  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) => {
      const filters: Filters = { ...cleanQuery(Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]]))), sort: f.sort, direction: f.direction };
      current.current = filters;
      const search = toSearch(filters);
      if (search !== written.current) {
        written.current = search;
        setSearchParams(new URLSearchParams(search), { replace: true });
      }
      return api.get<Page<CustomerDto>>('/api/v1/customers', { ...cleanQuery(filters as CustomerFilters), cursor, limit });
    },
    [setSearchParams],
  );
  const paging = useKeysetPaging<CustomerDto, Filters>(fetchPage);
  const sortOrder = (key: SortKey) => (sort.sort === key ? (sort.direction === 'asc' ? 'ascend' : 'descend') : null);
  const yesNo = [
    { value: 'true', label: t('customers.yesNo.true') },
    { value: 'false', label: t('customers.yesNo.false') },
  ];

  const columns: ProColumns<CustomerDto>[] = [
    { title: t('customers.search'), dataIndex: 'q', hideInTable: true, initialValue: initial.q, fieldProps: { placeholder: t('customers.searchPlaceholder') } },
    { title: t('customers.fields.code'), dataIndex: 'code', width: 110, search: false, sorter: true, sortOrder: sortOrder('code'), render: (_, r) => <Link to={`/customers/${r.id}`}>{r.code}</Link> },
    {
      title: t('customers.fields.name'),
      dataIndex: 'name',
      width: 280,
      search: false,
      sorter: true,
      sortOrder: sortOrder('name'),
      ellipsis: true,
      render: (_, r) => (
        <Space size={4}>
          <Link to={`/customers/${r.id}`} data-testid="customer-link">
            {r.name}
          </Link>
          {r.isKey ? <KeyCustomerMark /> : null}
          {r.isArchived ? <Typography.Text type="secondary">({t('customers.archivedBadge')})</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('customers.fields.status'),
      dataIndex: 'status',
      width: 100,
      valueType: 'select',
      initialValue: initial.status,
      fieldProps: { options: CUSTOMER_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })) },
      render: (_, r) => <CustomerStatusTag status={r.status} />,
    },
    {
      title: t('customers.fields.level'),
      dataIndex: 'level',
      width: 80,
      valueType: 'select',
      initialValue: initial.level,
      fieldProps: { options: CUSTOMER_LEVELS.map((l) => ({ value: l, label: levelLabel(l) })) },
      render: (_, r) => <LevelTag level={r.level} />,
    },
    { title: t('customers.fields.isKey'), dataIndex: 'isKey', hideInTable: true, valueType: 'select', initialValue: initial.isKey, fieldProps: { options: yesNo } },
    {
      title: t('customers.fields.owner'),
      dataIndex: 'ownerId',
      width: 120,
      initialValue: initial.ownerId,
      renderFormItem: () => <OwnerSelect />,
      render: (_, r) => r.ownerName ?? '–',
    },
    { title: t('customers.fields.department'), dataIndex: 'departmentId', width: 130, ellipsis: true, initialValue: initial.departmentId, renderFormItem: () => <DepartmentTreeSelect />, render: (_, r) => r.departmentName ?? '–' },
    { title: t('customers.fields.region'), dataIndex: 'regionId', width: 110, ellipsis: true, initialValue: initial.regionId, renderFormItem: () => <RegionSelect />, render: (_, r) => r.regionName ?? '–' },
    { title: t('customers.fields.industry'), dataIndex: 'industry', width: 110, ellipsis: true, initialValue: initial.industry, render: (_, r) => r.industry ?? '–' },
    {
      title: t('customers.fields.tags'),
      dataIndex: 'tag',
      width: 150,
      initialValue: initial.tag,
      formItemProps: { label: t('customers.fields.tag') },
      render: (_, r) => (r.tags.length ? r.tags.map((tag) => <Typography.Text key={tag} code>{tag}</Typography.Text>) : '–'),
    },
    {
      title: t('customers.fields.licenceExpiresOn'),
      dataIndex: 'licenceExpiresBefore',
      valueType: 'date',
      width: 120,
      initialValue: initial.licenceExpiresBefore,
      formItemProps: { label: t('customers.fields.licenceExpiresBefore') },
      render: (_, r) => formatDate(r.licenceExpiresOn) || '–',
    },
    {
      title: t('customers.fields.archived'),
      dataIndex: 'archived',
      hideInTable: true,
      valueType: 'select',
      initialValue: initial.archived ?? 'false',
      fieldProps: { allowClear: false, options: (['false', 'true', 'all'] as const).map((v) => ({ value: v, label: t(`customers.archivedFilter.${v}`) })) },
    },
    { title: t('customers.fields.updatedAt'), dataIndex: 'updatedAt', width: 140, search: false, sorter: true, sortOrder: sortOrder('updatedAt'), render: (_, r) => formatDateTime(r.updatedAt) },
    { title: t('customers.fields.createdAt'), dataIndex: 'createdAt', width: 140, search: false, sorter: true, sortOrder: sortOrder('createdAt'), hideInTable: false, render: (_, r) => formatDate(r.createdAt) },
  ];

  return (
    <PageContainer title={t('nav.customers')} subTitle={t('customers.notVisibleHint')}>
      <ProTable<CustomerDto, Filters & { cursor?: string; limit?: number }>
        key={tableKey}
        rowKey="id"
        columns={columns}
        request={paging.request}
        params={{ ...paging.params, ...sort }}
        onSubmit={paging.restart}
        onReset={paging.restart}
        onRequestError={onError}
        onChange={(_p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const field = s?.order ? (String(s.field) as SortKey) : 'updatedAt';
          setSort({ sort: field, direction: s?.order === 'ascend' ? 'asc' : 'desc' });
        }}
        pagination={false}
        footer={paging.footer}
        scroll={{ x: 1700 }}
        search={{ labelWidth: 'auto', span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 }, defaultCollapsed: !FILTER_KEYS.some((k) => k !== 'q' && k !== 'status' && k !== 'level' && searchParams.has(k)) }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('customers.noCustomers') }}
        toolBarRender={() => [
          <ExportButton key="export" path="/api/v1/customers/export" query={() => cleanQuery(current.current as CustomerFilters)} fileName="customers" testId="export-customers" />,
          can('customers:write') ? (
            <Link key="new" to="/customers/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-customer">
                {t('customers.new')}
              </Button>
            </Link>
          ) : null,
        ]}
        data-testid="customers-table"
      />
    </PageContainer>
  );
}
