import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Badge, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { InboxItem, SubmissionItem } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime } from '../../ui/format';
import { formatMoney } from '../../ui/money';
import { DelegationCard } from './DelegationCard';
import { APPROVAL_STATUS_COLOR, approvalStatusLabel, docTypeLabel } from './labels';
import { useInbox } from './queries';

function InboxTable() {
  const { t } = useTranslation();
  const { me } = useSession();
  const inbox = useInbox();
  const columns: ProColumns<InboxItem>[] = [
    { title: t('approvals.document'), dataIndex: 'title', render: (_, r) => <Link to={`/approvals/${r.requestId}`}>{r.title}</Link> },
    { title: t('approvals.docType'), dataIndex: 'docType', width: 140, render: (_, r) => docTypeLabel(r.docType) },
    { title: t('approvals.submitter'), dataIndex: 'submitterName', width: 160 },
    { title: t('approvals.amount'), dataIndex: 'amount', width: 140, align: 'right', render: (_, r) => (r.amount === null ? '–' : formatMoney(r.amount, r.currency ?? me.company.currency)) },
    { title: t('approvals.step'), dataIndex: 'step', width: 90, render: (_, r) => t('approvals.stepN', { n: r.step }) },
    { title: t('approvals.submittedAt'), dataIndex: 'submittedAt', width: 160, render: (_, r) => formatDateTime(r.submittedAt) },
    {
      title: t('approvals.onBehalfOfCol'),
      dataIndex: 'onBehalfOf',
      width: 130,
      render: (_, r) => (r.onBehalfOf ? <Tag color="purple">{t('approvals.delegated')}</Tag> : '–'),
    },
  ];
  return (
    <>
      <ErrorAlert error={inbox.error} />
      <ProTable<InboxItem>
        rowKey="requestId"
        columns={columns}
        dataSource={inbox.data?.items ?? []}
        loading={inbox.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 900 }}
        options={{ reload: () => void inbox.refetch(), density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('approvals.inboxEmpty') }}
        data-testid="inbox-table"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('approvals.inboxHelp')}
      </Typography.Paragraph>
    </>
  );
}

function SubmittedTable() {
  const { t } = useTranslation();
  const { me } = useSession();
  const submitted = useQuery({ queryKey: ['approvals', 'submitted'], queryFn: async () => (await api.get<{ items: SubmissionItem[] }>('/api/v1/approvals/submitted')).items });
  const columns: ProColumns<SubmissionItem>[] = [
    { title: t('approvals.document'), dataIndex: 'title', render: (_, r) => <Link to={`/approvals/${r.requestId}`}>{r.title}</Link> },
    { title: t('approvals.docType'), dataIndex: 'docType', width: 140, render: (_, r) => docTypeLabel(r.docType) },
    { title: t('approvals.amount'), dataIndex: 'amount', width: 140, align: 'right', render: (_, r) => (r.amount === null ? '–' : formatMoney(r.amount, r.currency ?? me.company.currency)) },
    { title: t('common.status'), dataIndex: 'status', width: 150, render: (_, r) => <Badge status={(APPROVAL_STATUS_COLOR[r.status] ?? 'default') as 'default'} text={approvalStatusLabel(r.status)} /> },
    { title: t('approvals.submittedAt'), dataIndex: 'submittedAt', width: 160, render: (_, r) => formatDateTime(r.submittedAt) },
    { title: t('approvals.decidedAt'), dataIndex: 'decidedAt', width: 160, render: (_, r) => formatDateTime(r.decidedAt) || '–' },
  ];
  return (
    <>
      <ErrorAlert error={submitted.error} />
      <ProTable<SubmissionItem>
        rowKey="requestId"
        columns={columns}
        dataSource={submitted.data ?? []}
        loading={submitted.isFetching}
        search={false}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 900 }}
        options={{ reload: () => void submitted.refetch(), density: false, setting: true, fullScreen: false }}
        locale={{ emptyText: t('approvals.submittedEmpty') }}
        data-testid="submitted-table"
      />
    </>
  );
}

/** My approvals: what waits for my decision, what I submitted, and who decides for me while I am away. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const inbox = useInbox();
  const tab = params.get('tab') ?? 'inbox';
  return (
    <PageContainer title={t('approvals.title')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'inbox' ? {} : { tab: k }, { replace: true })}
        items={[
          {
            key: 'inbox',
            label: (
              <span data-testid="tab-inbox">
                {t('approvals.inbox')} <Badge count={inbox.data?.count ?? 0} size="small" />
              </span>
            ),
            children: <InboxTable />,
          },
          { key: 'submitted', label: <span data-testid="tab-submitted">{t('approvals.submitted')}</span>, children: <SubmittedTable /> },
          { key: 'away', label: <span data-testid="tab-away">{t('approvals.delegation')}</span>, children: <DelegationCard /> },
        ]}
      />
    </PageContainer>
  );
}
