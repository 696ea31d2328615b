import { CloudUploadOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Checkbox, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type QueryParams } from '../../api-client';
import type { SearchHit, SearchResult } from '../../api/archive.types';
import { useSession } from '../../session/SessionContext';
import { ExportButton } from '../../ui/ExportButton';
import { formatDate, formatDateTime } from '../../ui/format';
import { useTableErrorHandler } from '../../ui/table-errors';
import { TreeRowSelect } from '../../ui/tree';
import { CustomerSelect, periodFieldProps } from '../sales/common';
import { searchTerms } from './archive-logic';
import { categoryRows, ConfidentialityTag, confidentialityOptions, ExtractionTag, typeName, typeOptions } from './labels';
import { ARCHIVE_API, useArchiveCategories, useDocumentTypes } from './queries';
import { Highlighted } from './Highlighted';
import { toSearchQuery, type SearchFilters } from './search-query';

/** Filters a link may give in the address (the header search, a customer's "all documents"). */
const URL_FILTERS = ['q', 'customerId', 'categoryId', 'tag', 'confidentiality'] as const;

/**
 * The archive's search page: one box over titles, details and the text inside the files, with
 * filters; the server ranks the hits and sends the text around the match, shown highlighted.
 * The total counts only what the reader may see.
 */
export function DocumentsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const types = useDocumentTypes();
  const categories = useArchiveCategories();
  const [search] = useSearchParams();
  const [initialValues] = useState(() => Object.fromEntries([...search].filter(([k]) => (URL_FILTERS as readonly string[]).includes(k))));
  const [result, setResult] = useState<{ total: number; capped: boolean } | null>(null);
  const terms = useRef<string[]>([]);
  // The export takes the filters of the list as last shown.
  const lastQuery = useRef<QueryParams>({});

  const columns: ProColumns<SearchHit>[] = [
    {
      title: t('archive.field.search'),
      dataIndex: 'q',
      hideInTable: true,
      order: 100,
      colSize: 2,
      fieldProps: { placeholder: t('archive.list.searchPlaceholder'), 'data-testid': 'archive-search-input', allowClear: true },
    },
    {
      title: t('archive.field.title'),
      dataIndex: 'title',
      search: false,
      render: (_, d) => (
        <div data-testid="archive-hit" data-id={d.id}>
          <Space size={4} wrap>
            <Link to={`/archive/documents/${d.id}`} data-testid="archive-hit-link">
              <Typography.Text strong>{d.title}</Typography.Text>
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.number}
            </Typography.Text>
            {d.confidentiality !== 'internal' ? <ConfidentialityTag level={d.confidentiality} /> : null}
          </Space>
          {d.snippet ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid="archive-snippet">
              <Highlighted text={d.snippet} terms={terms.current} />
            </Typography.Paragraph>
          ) : null}
          {d.tags.length ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.tags.map((x) => `#${x}`).join(' ')}
            </Typography.Text>
          ) : null}
        </div>
      ),
    },
    {
      title: t('archive.field.type'),
      dataIndex: 'type',
      width: 130,
      order: 90,
      valueType: 'select',
      fieldProps: { mode: 'multiple', options: typeOptions(types.data), maxTagCount: 'responsive' },
      render: (_, d) => typeName(types.data, d.typeCode),
    },
    {
      title: t('archive.field.category'),
      dataIndex: 'categoryId',
      order: 80,
      hideInTable: true,
      renderFormItem: () => <TreeRowSelect items={categoryRows(categories.data)} loading={categories.isPending} />,
    },
    {
      title: t('archive.list.includeSubcategories'),
      dataIndex: 'includeSubcategories',
      hideInTable: true,
      order: 79,
      initialValue: true,
      renderFormItem: () => <Checkbox />,
      formItemProps: { valuePropName: 'checked' },
    },
    { title: t('archive.field.tags'), dataIndex: 'tag', hideInTable: true, order: 70, fieldProps: { placeholder: t('archive.list.tagPlaceholder') } },
    { title: t('archive.field.customers'), dataIndex: 'customerId', hideInTable: true, order: 60, renderFormItem: () => <CustomerSelect /> },
    {
      title: t('archive.field.documentDate'),
      dataIndex: 'documentDate',
      width: 120,
      order: 50,
      valueType: 'dateRange',
      fieldProps: periodFieldProps(),
      render: (_, d) => formatDate(d.documentDate) || '–',
    },
    { title: t('archive.field.counterparty'), dataIndex: 'counterparty', width: 160, ellipsis: true, search: false, render: (_, d) => d.counterparty || '–' },
    {
      title: t('archive.field.confidentiality'),
      dataIndex: 'confidentiality',
      // A filter only: the level shows next to the title when it is not internal (also on narrow screens).
      hideInTable: true,
      order: 40,
      valueType: 'select',
      fieldProps: { options: confidentialityOptions() },
    },
    { title: t('archive.field.extraction'), dataIndex: 'extractionStatus', width: 120, search: false, render: (_, d) => <ExtractionTag status={d.extractionStatus} /> },
    { title: t('archive.field.updatedAt'), dataIndex: 'updatedAt', width: 140, search: false, render: (_, d) => formatDateTime(d.updatedAt) },
  ];

  return (
    <PageContainer title={t('archive.list.title')} content={t('archive.list.intro')}>
      <ProTable<SearchHit, SearchFilters & { current?: number; pageSize?: number }>
        rowKey="id"
        columns={columns}
        form={{ initialValues }}
        dateFormatter="string"
        request={async (params) => {
          const { current = 1, pageSize = 20, ...f } = params;
          terms.current = searchTerms(f.q);
          lastQuery.current = toSearchQuery(f);
          const r = await api.get<SearchResult>(`${ARCHIVE_API}/documents`, { ...lastQuery.current, limit: pageSize, offset: (current - 1) * pageSize });
          setResult({ total: r.total, capped: r.totalIsCapped });
          return { data: r.items, total: r.total, success: true };
        }}
        onRequestError={onError}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
        scroll={{ x: 1100 }}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.list.empty') }}
        headerTitle={
          result ? (
            <Typography.Text type="secondary" data-testid="archive-total" data-total={result.total}>
              {result.capped ? t('archive.list.totalCapped', { count: result.total }) : t('archive.list.total', { count: result.total })}
            </Typography.Text>
          ) : null
        }
        toolBarRender={() => [
          <ExportButton key="export" path={`${ARCHIVE_API}/documents/export`} query={() => lastQuery.current} fileName="documents" testId="archive-export" />,
          ...(can('archive:write')
            ? [
                <Button key="upload" type="primary" icon={<CloudUploadOutlined />} onClick={() => navigate('/archive/upload')} data-testid="archive-upload">
                  {t('archive.list.upload')}
                </Button>,
              ]
            : []),
        ]}
        data-testid="archive-table"
      />
    </PageContainer>
  );
}
