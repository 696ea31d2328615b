import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { StatementSummary } from '../../api/statements.types';
import { formatDateTime } from '../../ui/format';
import { useTableErrorHandler } from '../../ui/table-errors';
import { STATEMENT_KINDS, StatementStatusTag } from './common';

type Filters = { kind?: string; periodKey?: string; status?: string };

/** A rep's own statements (a reviewer sees the department's here too), newest period first. */
export function StatementsPage() {
  const { t } = useTranslation();
  const onError = useTableErrorHandler();
  const columns: ProColumns<StatementSummary>[] = [
    { title: t('statements.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/statements/${r.id}`} data-testid="statement-link">{r.number}</Link> },
    { title: t('statements.rep'), dataIndex: 'repName', width: 150, search: false },
    {
      title: t('statements.kind'),
      dataIndex: 'kind',
      width: 110,
      valueType: 'select',
      fieldProps: { options: STATEMENT_KINDS.map((k) => ({ value: k, label: t(`statements.kinds.${k}`) })) },
      render: (_, r) => t(`statements.kinds.${r.kind}`),
    },
    {
      title: t('statements.period'),
      dataIndex: 'periodKey',
      width: 260,
      render: (_, r) => (
        <>
          {r.periodKey} <Typography.Text type="secondary">{t('statements.range', { from: r.from, to: r.to })}</Typography.Text>
        </>
      ),
    },
    { title: t('statements.dueOn'), dataIndex: 'dueOn', width: 130, search: false, render: (_, r) => (r.isLate ? <Typography.Text type="danger">{r.dueOn}</Typography.Text> : r.dueOn) },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 170,
      valueType: 'select',
      fieldProps: { options: (['open', 'submitted', 'queried', 'resubmitted', 'accepted'] as const).map((s) => ({ value: s, label: t(`statements.statuses.${s}`) })) },
      render: (_, r) => (
        <>
          <StatementStatusTag status={r.status} />
          {r.isLate ? <Tag color="error">{t('statements.late')}</Tag> : null}
        </>
      ),
    },
    { title: t('statements.submittedAt'), dataIndex: 'submittedAt', width: 170, search: false, render: (_, r) => formatDateTime(r.submittedAt) || '–' },
  ];
  return (
    <PageContainer title={t('statements.mineTitle')} content={t('statements.mineIntro')}>
      <ProTable<StatementSummary, Filters>
        rowKey="id"
        columns={columns}
        request={async (params) => {
          const res = await api.get<{ items: StatementSummary[] }>('/api/v1/statements', { kind: params.kind, periodKey: params.periodKey, status: params.status, limit: 200 });
          return { data: res.items, success: true, total: res.items.length };
        }}
        onRequestError={onError}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        data-testid="statements-table"
      />
    </PageContainer>
  );
}
