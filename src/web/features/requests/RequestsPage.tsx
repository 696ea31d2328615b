import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Segmented } from 'antd';
import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { GeneralRequest, Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { REQUEST_STATUSES, RequestStatus, requestStatusLabel } from './status';

type Filters = { status?: string };

/** General requests: mine, or all I may see (a manager: the department's). */
export function RequestsPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const [params, setParams] = useSearchParams();
  const scope: 'mine' | 'all' = params.get('scope') === 'all' ? 'all' : 'mine';
  const setScope = (v: 'mine' | 'all') => setParams(v === 'all' ? { scope: 'all' } : {}, { replace: true });
  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) => api.get<Page<GeneralRequest>>('/api/v1/requests', { status: f.status, mine: scope === 'mine' ? 'true' : undefined, cursor, limit }),
    [scope],
  );
  const paging = useKeysetPaging<GeneralRequest, Filters>(fetchPage);

  const columns: ProColumns<GeneralRequest>[] = [
    { title: t('requests.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/requests/${r.id}`}>{r.number}</Link> },
    { title: t('requests.titleField'), dataIndex: 'title', search: false, ellipsis: true, render: (_, r) => <Link to={`/requests/${r.id}`} data-testid="request-link">{r.title}</Link> },
    { title: t('requests.amount'), dataIndex: 'amount', width: 140, align: 'right', search: false, render: (_, r) => (r.amount === null ? '–' : formatMoney(r.amount, r.currency)) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 160,
      valueType: 'select',
      fieldProps: { options: REQUEST_STATUSES.map((s) => ({ value: s, label: requestStatusLabel(s) })) },
      render: (_, r) => <RequestStatus status={r.status} />,
    },
    { title: t('requests.submitter'), dataIndex: 'submitterName', width: 150, search: false, hideInTable: scope === 'mine' },
    { title: t('requests.submittedAt'), dataIndex: 'submittedAt', width: 160, search: false, render: (_, r) => formatDateTime(r.submittedAt) || '–' },
    { title: t('requests.updatedAt'), dataIndex: 'updatedAt', width: 160, search: false, render: (_, r) => formatDateTime(r.updatedAt) },
  ];

  return (
    <PageContainer title={t('requests.title')}>
      <ProTable<GeneralRequest, Filters & { cursor?: string; limit?: number }>
        key={scope}
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
        scroll={{ x: 980 }}
        search={{ labelWidth: 'auto', span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        headerTitle={
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as 'mine' | 'all')}
            options={[
              { value: 'mine', label: t('requests.mine') },
              { value: 'all', label: me.user.roles.some((r) => r !== 'rep') ? t('requests.department') : t('requests.allVisible') },
            ]}
          />
        }
        toolBarRender={() =>
          can('requests:use')
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/requests/new')} data-testid="new-request">
                  {t('requests.new')}
                </Button>,
              ]
            : []
        }
        data-testid="requests-table"
      />
    </PageContainer>
  );
}
