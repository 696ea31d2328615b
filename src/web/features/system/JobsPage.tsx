import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Card, Segmented, Table, Tag, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { JobDto, JobSchedule, Page } from '../../api/types';
import { errorMessage, translateOr } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { formatDateTime, fromNow } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';

const STATUSES = ['failed', 'queued', 'running', 'done', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];
const STATUS_COLOR: Record<string, string> = { failed: 'red', queued: 'blue', running: 'processing', done: 'green', cancelled: 'default' };
const jobName = (q: string) => translateOr(`jobs.queues.${q.replace(/[.-]/g, '_')}`, q);

/** Admin: background jobs by status (failed first) with retry / cancel, and the schedules. */
export function JobsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const [status, setStatus] = useState<Status>('failed');
  const fetchPage = useCallback((_: { keyword?: string }, cursor: string | undefined, limit: number) => api.get<Page<JobDto>>('/api/v1/jobs', { status, cursor, limit }), [status]);
  const paging = useKeysetPaging<JobDto, { keyword?: string }>(fetchPage);
  const schedules = useQuery({ queryKey: ['jobs', 'schedules'], queryFn: async () => (await api.get<{ items: JobSchedule[] }>('/api/v1/jobs/schedules')).items });

  const act = (job: JobDto, action: 'retry' | 'cancel') =>
    modal.confirm({
      title: t(action === 'retry' ? 'jobs.retry' : 'jobs.cancel'),
      content: t(action === 'retry' ? 'jobs.retryConfirm' : 'jobs.cancelConfirm', { name: jobName(job.queue) }),
      okText: t(action === 'retry' ? 'jobs.retry' : 'jobs.cancel'),
      okButtonProps: { danger: action === 'cancel' },
      cancelText: t('common.close'),
      onOk: async () => {
        try {
          await api.post(`/api/v1/jobs/${job.id}/${action}`);
          message.success(t(action === 'retry' ? 'jobs.retried' : 'jobs.cancelled'));
        } catch (e) {
          message.error(errorMessage(e));
        }
        actionRef.current?.reload();
      },
    });

  const columns: ProColumns<JobDto>[] = [
    { title: t('jobs.queue'), dataIndex: 'queue', width: 200, render: (_, j) => <span title={j.queue}>{jobName(j.queue)}</span> },
    { title: t('common.status'), dataIndex: 'status', width: 110, render: (_, j) => <Tag color={STATUS_COLOR[j.status] ?? 'default'}>{translateOr(`jobs.statuses.${j.status}`, j.status)}</Tag> },
    { title: t('jobs.attempts'), dataIndex: 'attempts', width: 100, align: 'right', render: (_, j) => `${j.attempts} / ${j.maxAttempts}` },
    { title: t('jobs.runAt'), dataIndex: 'runAt', width: 160, render: (_, j) => formatDateTime(j.runAt) },
    { title: t('jobs.finishedAt'), dataIndex: 'finishedAt', width: 160, render: (_, j) => formatDateTime(j.finishedAt) || '–' },
    {
      title: t('jobs.lastError'),
      dataIndex: 'lastError',
      ellipsis: true,
      render: (_, j) =>
        j.lastError ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: j.lastError }} style={{ maxWidth: 360 }}>
            {j.lastError}
          </Typography.Text>
        ) : (
          '–'
        ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 130,
      fixed: 'right',
      render: (_, j) => [
        j.status === 'failed' || j.status === 'cancelled' ? (
          <a key="retry" onClick={() => act(j, 'retry')} data-testid="retry-job">
            {t('jobs.retry')}
          </a>
        ) : null,
        j.status === 'failed' || j.status === 'queued' ? (
          <a key="cancel" onClick={() => act(j, 'cancel')}>
            {t('jobs.cancel')}
          </a>
        ) : null,
      ],
    },
  ];

  return (
    <PageContainer title={t('jobs.title')} content={t('jobs.intro')}>
      <ProTable<JobDto, { cursor?: string; limit?: number }>
        key={status}
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        request={paging.request}
        params={paging.params}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        search={false}
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (j) => <pre className="sd-json">{JSON.stringify({ payload: j.payload, lastError: j.lastError }, null, 2)}</pre> }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        headerTitle={<Segmented value={status} onChange={(v) => setStatus(v as Status)} options={STATUSES.map((s) => ({ value: s, label: translateOr(`jobs.statuses.${s}`, s) }))} />}
        data-testid="jobs-table"
      />
      <Card title={t('jobs.schedules')} style={{ marginTop: 16 }} data-testid="schedules">
        <ErrorAlert error={schedules.error} />
        <Table<JobSchedule>
          rowKey="name"
          size="small"
          loading={schedules.isPending}
          dataSource={schedules.data ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          columns={[
            { title: t('jobs.schedule'), dataIndex: 'name', render: (n: string) => <span title={n}>{jobName(n)}</span> },
            { title: t('jobs.cron'), dataIndex: 'cron', width: 140, render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
            { title: t('jobs.timeZone'), dataIndex: 'timeZone', width: 150 },
            { title: t('jobs.nextRun'), dataIndex: 'nextRunAt', width: 220, render: (v: string) => `${formatDateTime(v)} (${fromNow(v)})` },
            { title: t('jobs.lastRun'), dataIndex: 'lastRunAt', width: 170, render: (v: string | null) => formatDateTime(v) || t('common.never') },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
