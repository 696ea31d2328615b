import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Segmented } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { TripSummary } from '../../api/trips.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { TripStatus } from './common';

type Filters = { status?: string };

/** Business trips: mine, or the department's (manager, assistant, finance). */
export function TripsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const [params, setParams] = useSearchParams();
  const wide = me.user.roles.some((r) => r !== 'rep' && r !== 'viewer');
  const scope = wide && params.get('scope') !== 'mine' ? 'all' : 'mine';
  const fetchPage = useCallback((f: Filters, cursor: string | undefined, limit: number) => api.get<Page<TripSummary>>('/api/v1/trips', { status: f.status, mine: scope === 'mine' ? 'true' : undefined, cursor, limit }), [scope]);
  const paging = useKeysetPaging<TripSummary, Filters>(fetchPage);
  const columns: ProColumns<TripSummary>[] = [
    { title: t('trips.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/trips/${r.id}`} data-testid="trip-link">{r.number}</Link> },
    { title: t('trips.purpose'), dataIndex: 'purpose', search: false, ellipsis: true },
    { title: t('trips.traveller'), dataIndex: 'travellerName', width: 130, search: false },
    { title: t('trips.dates'), width: 200, search: false, render: (_, r) => `${r.startDate} – ${r.endDate}` },
    { title: t('trips.destinations'), search: false, render: (_, r) => r.destinations.join(' · ') },
    { title: t('trips.budgetTotal'), width: 120, align: 'right', search: false, render: (_, r) => formatMoney(r.budgetTotal, r.currency) },
    {
      title: t('trips.status'),
      dataIndex: 'status',
      width: 150,
      valueType: 'select',
      fieldProps: { options: (['draft', 'submitted', 'approved', 'rejected', 'completed', 'cancelled'] as const).map((s) => ({ value: s, label: t(`trips.statuses.${s}`) })) },
      render: (_, r) => <TripStatus status={r.status} />,
    },
  ];
  return (
    <PageContainer title={t('trips.title')}>
      <ProTable<TripSummary, Filters & { cursor?: string; limit?: number }>
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
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/trips/new')} data-testid="new-trip">
            {t('trips.new')}
          </Button>,
        ]}
        data-testid="trips-table"
      />
    </PageContainer>
  );
}
