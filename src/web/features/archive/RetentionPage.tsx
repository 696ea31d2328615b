import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { RetentionItem, RetentionResult } from '../../api/archive.types';
import { formatDate } from '../../ui/format';
import { useTableErrorHandler } from '../../ui/table-errors';
import { ConfidentialityTag, retentionText, typeName, typeOptions } from './labels';
import { ARCHIVE_API, useDocumentTypes } from './queries';

type Filters = { asOf?: string; type?: string };

/** Documents past their type's retention period (document date + period ≤ the day asked), oldest due first. Nothing is deleted. */
export function RetentionPage() {
  const { t } = useTranslation();
  const onError = useTableErrorHandler();
  const types = useDocumentTypes();
  const columns: ProColumns<RetentionItem>[] = [
    { title: t('archive.retention.asOf'), dataIndex: 'asOf', valueType: 'date', hideInTable: true, initialValue: dayjs().format('YYYY-MM-DD') },
    {
      title: t('archive.field.title'),
      dataIndex: 'title',
      search: false,
      render: (_, d) => (
        <Link to={`/archive/documents/${d.id}`} data-testid="retention-link">
          {d.number} · {d.title}
        </Link>
      ),
    },
    { title: t('archive.field.type'), dataIndex: 'type', width: 140, valueType: 'select', fieldProps: { options: typeOptions(types.data) }, render: (_, d) => typeName(types.data, d.typeCode) },
    { title: t('archive.field.documentDate'), dataIndex: 'documentDate', width: 120, search: false, render: (_, d) => formatDate(d.documentDate) },
    { title: t('archive.retention.kept'), dataIndex: 'retentionMonths', width: 110, search: false, render: (_, d) => retentionText(d.retentionMonths) },
    { title: t('archive.retention.reviewDue'), dataIndex: 'reviewDue', width: 120, search: false, render: (_, d) => formatDate(d.reviewDue) },
    { title: t('archive.field.counterparty'), dataIndex: 'counterparty', width: 160, ellipsis: true, search: false, render: (_, d) => d.counterparty || '–' },
    { title: t('archive.field.confidentiality'), dataIndex: 'confidentiality', width: 140, search: false, render: (_, d) => <ConfidentialityTag level={d.confidentiality} /> },
  ];
  return (
    <PageContainer title={t('archive.retention.title')} content={t('archive.retention.intro')}>
      <ProTable<RetentionItem, Filters & { current?: number; pageSize?: number }>
        rowKey="id"
        columns={columns}
        dateFormatter="string"
        request={async ({ current = 1, pageSize = 50, asOf, type }) => {
          const r = await api.get<RetentionResult>(`${ARCHIVE_API}/documents/retention-due`, { asOf: asOf || undefined, type: type || undefined, limit: pageSize, offset: (current - 1) * pageSize });
          return { data: r.items, total: r.total, success: true };
        }}
        onRequestError={onError}
        pagination={{ defaultPageSize: 50, showSizeChanger: false }}
        scroll={{ x: 900 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.retention.empty') }}
        data-testid="retention-table"
      />
    </PageContainer>
  );
}
