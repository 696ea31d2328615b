import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Segmented } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { SupplyRequestSummary } from '../../api/supplies.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { SupplyStatus } from './common';

type Filters = { status?: string };
const STATUSES = ['draft', 'pending', 'approved', 'issued', 'rejected', 'returned', 'withdrawn'] as const;

/** Supplies requests: mine, or (who keeps supplies) the department's, with the ones to issue. */
export function SupplyRequestsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const [params, setParams] = useSearchParams();
  const canManage = can('supplies:manage');
  const scope: 'mine' | 'all' = canManage && params.get('scope') !== 'mine' ? 'all' : 'mine';
  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) => api.get<Page<SupplyRequestSummary>>('/api/v1/supplies/requests', { status: f.status, mine: scope === 'mine' ? 'true' : undefined, cursor, limit }),
    [scope],
  );
  const paging = useKeysetPaging<SupplyRequestSummary, Filters>(fetchPage);
  const columns: ProColumns<SupplyRequestSummary>[] = [
    { title: t('supplies.requests.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/supplies/requests/${r.id}`} data-testid="supply-request-link">{r.number}</Link> },
    { title: t('supplies.requests.purpose'), dataIndex: 'purpose', search: false, ellipsis: true },
    { title: t('supplies.requests.requester'), dataIndex: 'requesterName', width: 140, search: false, hideInTable: scope === 'mine' },
    { title: t('supplies.requests.department_'), dataIndex: 'departmentName', width: 140, search: false, hideInTable: scope === 'mine' },
    {
      title: t('supplies.requests.status'),
      dataIndex: 'status',
      width: 170,
      valueType: 'select',
      fieldProps: { options: STATUSES.map((s) => ({ value: s, label: t(`supplies.requests.statuses.${s}`) })) },
      render: (_, r) => <SupplyStatus status={r.status} />,
    },
    { title: t('supplies.requests.estimated'), width: 130, align: 'right', search: false, render: (_, r) => formatMoney(r.estimatedTotal, r.currency) },
    { title: t('supplies.requests.issuedCost'), width: 130, align: 'right', search: false, render: (_, r) => (r.issuedTotal === null ? '–' : formatMoney(r.issuedTotal, r.currency)) },
    { title: t('supplies.requests.created'), width: 160, search: false, render: (_, r) => formatDateTime(r.createdAt) },
  ];
  return (
    <PageContainer title={t('supplies.requests.title')}>
      <ProTable<SupplyRequestSummary, Filters & { cursor?: string; limit?: number }>
        key={scope}
        rowKey="id"
        columns={columns}
        request={paging.request}
        params={paging.params}
        onSubmit={paging.restart}
        onReset={paging.restart}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        headerTitle={
          canManage ? (
            <Segmented
              value={scope}
              onChange={(v) => setParams(v === 'mine' ? { scope: 'mine' } : {}, { replace: true })}
              options={[
                { value: 'all', label: t('supplies.requests.department') },
                { value: 'mine', label: t('supplies.requests.mine') },
              ]}
            />
          ) : undefined
        }
        toolBarRender={() =>
          can('requests:use')
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/supplies/requests/new')} data-testid="new-supply-request">
                  {t('supplies.requests.new')}
                </Button>,
              ]
            : []
        }
        data-testid="supply-requests-table"
      />
    </PageContainer>
  );
}
