import { EditOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Space, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { ContactDto, ContactFilters } from '../../api/customers.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { ContactFormModal } from './ContactFormModal';
import { CustomerSelect } from './CustomerSelect';
import { ExportButton } from '../../ui/ExportButton';
import { cleanQuery } from './queries';
import type { TextKey } from './texts';

type Filters = { q?: string; customerId?: string; archived?: string };

/** Contacts of every customer the user may see: search, filter by customer, export, open the customer. */
export function ContactsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const [searchParams] = useSearchParams();
  const current = useRef<Filters>({});
  const [editing, setEditing] = useState<ContactDto | null>(null);
  const fetchPage = useCallback((f: Filters, cursor: string | undefined, limit: number) => {
    current.current = cleanQuery({ q: f.q, customerId: f.customerId, archived: f.archived });
    return api.get<Page<ContactDto>>('/api/v1/contacts', { ...current.current, cursor, limit });
  }, []);
  const paging = useKeysetPaging<ContactDto, Filters>(fetchPage);
  const c = (k: TextKey<'contacts'>) => t(`customers.contacts.${k}`);

  const columns: ProColumns<ContactDto>[] = [
    { title: t('customers.search'), dataIndex: 'q', hideInTable: true, initialValue: searchParams.get('q') ?? undefined, fieldProps: { placeholder: c('searchPlaceholder') } },
    {
      title: c('name'),
      dataIndex: 'name',
      width: 180,
      search: false,
      render: (_, r) => (
        <Space size={4}>
          <Typography.Text delete={r.isArchived}>{r.name}</Typography.Text>
          {r.isPrimary ? <Tag color="blue">{c('primary')}</Tag> : null}
          {r.isArchived ? <Tag>{t('common.archived')}</Tag> : null}
        </Space>
      ),
    },
    { title: c('jobTitle'), dataIndex: 'title', search: false, width: 170, render: (_, r) => r.title ?? '–' },
    {
      title: c('customer'),
      dataIndex: 'customerId',
      width: 280,
      initialValue: searchParams.get('customerId') ?? undefined,
      renderFormItem: () => <CustomerSelect />,
      render: (_, r) => (
        <Link to={`/customers/${r.customerId}?contact=${r.id}`} data-testid="contact-customer-link">
          {r.customerCode} {r.customerName}
        </Link>
      ),
    },
    { title: c('mobile'), dataIndex: 'mobile', search: false, width: 130, render: (_, r) => r.mobile ?? '–' },
    { title: c('phone'), dataIndex: 'phone', search: false, width: 130, render: (_, r) => r.phone ?? '–' },
    { title: c('email'), dataIndex: 'email', search: false, width: 220, ellipsis: true, render: (_, r) => (r.email ? <a href={`mailto:${r.email}`}>{r.email}</a> : '–') },
    { title: c('wechat'), dataIndex: 'wechat', search: false, width: 110, render: (_, r) => r.wechat ?? '–' },
    {
      title: t('customers.fields.archived'),
      dataIndex: 'archived',
      hideInTable: true,
      valueType: 'select',
      initialValue: searchParams.get('archived') ?? 'false',
      fieldProps: { allowClear: false, options: (['false', 'true', 'all'] as const).map((v) => ({ value: v, label: t(`customers.archivedFilter.${v}`) })) },
    },
    { title: t('customers.fields.updatedAt'), dataIndex: 'updatedAt', search: false, width: 140, render: (_, r) => formatDateTime(r.updatedAt) },
    ...(can('customers:write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            search: false,
            width: 90,
            render: (_: unknown, r: ContactDto) =>
              r.isArchived ? null : (
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('common.edit')}
                </Button>
              ),
          } as ProColumns<ContactDto>,
        ]
      : []),
  ];

  return (
    <PageContainer title={t('nav.contacts')}>
      <ProTable<ContactDto, Filters & { cursor?: string; limit?: number }>
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        request={paging.request}
        params={paging.params}
        onSubmit={paging.restart}
        onReset={paging.restart}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        scroll={{ x: 1500 }}
        search={{ labelWidth: 'auto', span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 8, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        toolBarRender={() => [<ExportButton key="export" path="/api/v1/contacts/export" query={() => cleanQuery(current.current as ContactFilters)} fileName="contacts" testId="export-contacts" />]}
        data-testid="contacts-table"
      />
      {editing ? (
        <ContactFormModal
          customerId={editing.customerId}
          contact={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            actionRef.current?.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
