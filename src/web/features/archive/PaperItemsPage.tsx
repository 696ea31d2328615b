import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { PaperItemDto, PaperListResult, PaperStatus } from '../../api/archive-paper.types';
import { useSession } from '../../session/SessionContext';
import { formatDate } from '../../ui/format';
import { useTableErrorHandler } from '../../ui/table-errors';
import { TreeRowSelect } from '../../ui/tree';
import { UserSelect } from '../users/UserSelect';
import { CustomerSelect } from '../sales/common';
import { ConfidentialityTag, typeName } from './labels';
import { PaperStatusTag } from './paper-labels';
import { PaperFormModal } from './PaperFormModal';
import { labelsUrl, useLocations } from './paper-queries';
import { ARCHIVE_API, useDocumentTypes } from './queries';

type Filters = { q?: string; status?: PaperStatus; locationId?: string; customerId?: string; borrowerId?: string; overdue?: string };
const URL_FILTERS = ['q', 'status', 'locationId', 'customerId', 'borrowerId', 'overdue'] as const;
const STATUSES: PaperStatus[] = ['in_place', 'lent', 'missing'];

/** The paper register: where every original is, who has it and until when; register new ones, print labels. */
export function PaperItemsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const types = useDocumentTypes();
  const locations = useLocations();
  const action = useRef<ActionType>(undefined);
  const [search] = useSearchParams();
  const [initialValues] = useState(() => Object.fromEntries([...search].filter(([k]) => (URL_FILTERS as readonly string[]).includes(k))));
  const [selected, setSelected] = useState<string[]>([]);
  const [registering, setRegistering] = useState(false);

  const columns: ProColumns<PaperItemDto>[] = [
    { title: t('archive.field.search'), dataIndex: 'q', hideInTable: true, order: 100, fieldProps: { placeholder: t('archive.paper.searchPlaceholder'), 'data-testid': 'paper-search' } },
    {
      title: t('archive.paper.number'),
      dataIndex: 'number',
      width: 150,
      search: false,
      fixed: 'left',
      render: (_, p) => (
        <Link to={`/archive/paper/${p.id}`} data-testid="paper-link">
          {p.number}
        </Link>
      ),
    },
    { title: t('archive.paper.titleField'), dataIndex: 'title', width: 240, search: false, ellipsis: true },
    { title: t('archive.field.type'), dataIndex: 'typeCode', width: 120, search: false, render: (_, p) => typeName(types.data, p.typeCode) },
    {
      title: t('archive.paper.location'),
      dataIndex: 'locationId',
      order: 80,
      width: 220,
      ellipsis: true,
      renderFormItem: () => <TreeRowSelect items={locations.data ?? []} loading={locations.isPending} />,
      render: (_, p) => p.locationPath,
    },
    {
      title: t('archive.paper.status'),
      dataIndex: 'status',
      width: 150,
      order: 90,
      valueType: 'select',
      fieldProps: { options: STATUSES.map((s) => ({ value: s, label: t(`archive.paperStatuses.${s}`) })) },
      render: (_, p) => <PaperStatusTag status={p.status} isOverdue={p.isOverdue} />,
    },
    {
      title: t('archive.paper.borrower'),
      dataIndex: 'borrowerId',
      width: 140,
      order: 60,
      renderFormItem: () => <UserSelect activeOnly={false} />,
      render: (_, p) => p.borrowerName ?? '–',
    },
    { title: t('archive.paper.dueOn'), dataIndex: 'dueOn', width: 110, search: false, render: (_, p) => (p.dueOn ? <Typography.Text type={p.isOverdue ? 'danger' : undefined}>{formatDate(p.dueOn)}</Typography.Text> : '–') },
    {
      title: t('archive.paper.overdueOnly'),
      dataIndex: 'overdue',
      hideInTable: true,
      order: 50,
      valueType: 'select',
      fieldProps: { options: [{ value: 'true', label: t('common.yes') }] },
    },
    { title: t('archive.paper.customer'), dataIndex: 'customerId', order: 70, width: 180, ellipsis: true, renderFormItem: () => <CustomerSelect />, render: (_, p) => (p.customerId ? <Link to={`/customers/${p.customerId}`}>{p.customerName}</Link> : '–') },
    {
      title: t('archive.paper.electronicCopy'),
      dataIndex: 'documentId',
      width: 150,
      search: false,
      render: (_, p) => (p.documentId ? <Link to={`/archive/documents/${p.documentId}`}>{p.documentNumber}</Link> : '–'),
    },
    { title: t('archive.field.confidentiality'), dataIndex: 'effectiveConfidentiality', width: 110, search: false, render: (_, p) => <ConfidentialityTag level={p.effectiveConfidentiality} /> },
  ];

  return (
    <PageContainer title={t('archive.paper.title')} content={t('archive.paper.intro')}>
      <ProTable<PaperItemDto, Filters & { current?: number; pageSize?: number }>
        rowKey="id"
        actionRef={action}
        columns={columns}
        form={{ initialValues }}
        request={async ({ current = 1, pageSize = 50, q, status, locationId, customerId, borrowerId, overdue }) => {
          const r = await api.get<PaperListResult>(`${ARCHIVE_API}/paper`, {
            q: q?.trim() || undefined,
            status,
            locationId,
            customerId,
            borrowerId,
            overdue: overdue === 'true' ? 'true' : undefined,
            limit: pageSize,
            offset: (current - 1) * pageSize,
          });
          return { data: r.items, total: r.total, success: true };
        }}
        onRequestError={onError}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true }}
        tableAlertRender={false}
        pagination={{ defaultPageSize: 50, showSizeChanger: false }}
        scroll={{ x: 1650 }}
        search={{ labelWidth: 'auto', defaultCollapsed: Object.keys(initialValues).length === 0, span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('archive.paper.empty') }}
        toolBarRender={() => [
          <Button key="labels" icon={<PrinterOutlined />} disabled={selected.length === 0} title={selected.length ? undefined : t('archive.paper.labelsHint')} href={selected.length ? labelsUrl({ ids: selected }) : undefined} target="_blank" data-testid="paper-labels">
            {selected.length ? t('archive.paper.labelsSelected', { count: selected.length }) : t('archive.paper.labels')}
          </Button>,
          can('archive:write') ? (
            <Button key="register" type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="paper-register">
              {t('archive.paper.register')}
            </Button>
          ) : null,
        ]}
        data-testid="paper-table"
      />
      {registering ? (
        <PaperFormModal
          initial={{ locationId: initialValues.locationId, customerId: initialValues.customerId }}
          onClose={() => setRegistering(false)}
          onSaved={(p) => navigate(`/archive/paper/${p.id}`)}
        />
      ) : null}
    </PageContainer>
  );
}
