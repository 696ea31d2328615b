import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Segmented, Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { ClaimSummary } from '../../api/trips.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { ClaimStatus } from './common';

type Filters = { status?: string; flagged?: string };

/** Reimbursement claims: mine, or the department's with their open findings. */
export function ClaimsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const [params, setParams] = useSearchParams();
  const wide = me.user.roles.some((r) => r !== 'rep' && r !== 'viewer');
  const scope = wide && params.get('scope') !== 'mine' ? 'all' : 'mine';
  const tripId = params.get('tripId') ?? undefined;
  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) => api.get<Page<ClaimSummary>>('/api/v1/claims', { status: f.status, flagged: f.flagged, tripId, mine: scope === 'mine' ? 'true' : undefined, cursor, limit }),
    [scope, tripId],
  );
  const paging = useKeysetPaging<ClaimSummary, Filters>(fetchPage);
  const columns: ProColumns<ClaimSummary>[] = [
    { title: t('claims.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/claims/${r.id}`} data-testid="claim-link">{r.number}</Link> },
    { title: t('claims.titleField'), dataIndex: 'title', search: false, ellipsis: true },
    { title: t('claims.claimant'), dataIndex: 'claimantName', width: 130, search: false },
    { title: t('claims.trip'), dataIndex: 'tripNumber', width: 150, search: false, render: (_, r) => (r.tripId ? <Link to={`/trips/${r.tripId}`}>{r.tripNumber}</Link> : '–') },
    { title: t('claims.total'), width: 120, align: 'right', search: false, render: (_, r) => formatMoney(r.total, r.currency) },
    {
      title: t('claims.openChecks'),
      dataIndex: 'flagged',
      width: 120,
      valueType: 'select',
      fieldProps: { options: [{ value: 'true', label: t('claims.flaggedOnly') }] },
      render: (_, r) => (r.openChecks ? <Tag icon={<WarningOutlined />} color={r.worstSeverity === 'high' ? 'red' : 'orange'}>{r.openChecks}</Tag> : ''),
    },
    {
      title: t('claims.status'),
      dataIndex: 'status',
      width: 150,
      valueType: 'select',
      fieldProps: { options: (['draft', 'submitted', 'approved', 'rejected', 'paid', 'cancelled'] as const).map((s) => ({ value: s, label: t(`claims.statuses.${s}`) })) },
      render: (_, r) => <ClaimStatus status={r.status} />,
    },
  ];
  return (
    <PageContainer title={t('claims.title')}>
      <ProTable<ClaimSummary, Filters & { cursor?: string; limit?: number }>
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
        headerTitle={wide ? <Segmented value={scope} onChange={(v) => setParams(v === 'mine' ? { scope: 'mine' } : {}, { replace: true })} options={[{ value: 'all', label: t('trips.department') }, { value: 'mine', label: t('trips.mine') }]} /> : undefined}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate(tripId ? `/claims/new?tripId=${tripId}` : '/claims/new')} data-testid="new-claim">
            {t('claims.new')}
          </Button>,
        ]}
        data-testid="claims-table"
      />
    </PageContainer>
  );
}
