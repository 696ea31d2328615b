import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { Button, Segmented, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { Page, TaskDto } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { formatDate } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { PriorityTag, TaskStatusTag, taskStatusLabel } from './labels';
import { TaskFormDrawer } from './TaskFormDrawer';

type View = 'assigned' | 'created' | 'all';
type Filters = { status?: string };

/** Tasks: assigned to me, created by me, or all I may see; overdue rows stand out. */
export function TasksPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const [params, setParams] = useSearchParams();
  const view = (['assigned', 'created', 'all'].includes(params.get('view') ?? '') ? params.get('view') : 'assigned') as View;
  const assigneeId = params.get('assigneeId') ?? undefined;
  const [creating, setCreating] = useState(false);
  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) => api.get<Page<TaskDto>>('/api/v1/tasks', { view: assigneeId ? 'all' : view, assigneeId, status: f.status, cursor, limit }),
    [view, assigneeId],
  );
  const paging = useKeysetPaging<TaskDto, Filters>(fetchPage);

  const columns: ProColumns<TaskDto>[] = [
    { title: t('tasks.number'), dataIndex: 'number', width: 140, search: false, render: (_, r) => <Link to={`/tasks/${r.id}`}>{r.number}</Link> },
    { title: t('tasks.titleField'), dataIndex: 'title', search: false, ellipsis: true, render: (_, r) => <Link to={`/tasks/${r.id}`} data-testid="task-link">{r.title}</Link> },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 130,
      valueType: 'select',
      initialValue: 'active',
      fieldProps: { options: [{ value: 'active', label: t('tasks.active') }, ...['open', 'in_progress', 'done', 'cancelled'].map((s) => ({ value: s, label: taskStatusLabel(s) }))] },
      render: (_, r) => <TaskStatusTag status={r.status} />,
    },
    { title: t('tasks.priority'), dataIndex: 'priority', width: 100, search: false, render: (_, r) => <PriorityTag priority={r.priority} /> },
    {
      title: t('tasks.dueOn'),
      dataIndex: 'dueOn',
      width: 140,
      search: false,
      render: (_, r) =>
        r.dueOn ? (
          <Typography.Text type={r.isOverdue ? 'danger' : undefined} strong={r.isOverdue} data-testid={r.isOverdue ? 'overdue' : undefined}>
            {formatDate(r.dueOn)}
            {r.isOverdue ? ` · ${t('tasks.overdue')}` : ''}
          </Typography.Text>
        ) : (
          '–'
        ),
    },
    { title: t('tasks.assignees'), dataIndex: 'assignees', search: false, ellipsis: true, render: (_, r) => r.assignees.map((a) => a.name).join(', ') },
    { title: t('tasks.createdBy'), dataIndex: 'createdByName', width: 140, search: false },
  ];

  return (
    <PageContainer title={t('tasks.title')} subTitle={assigneeId ? params.get('name') : undefined}>
      <ProTable<TaskDto, Filters & { cursor?: string; limit?: number }>
        key={`${view}-${assigneeId ?? ''}`}
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
        scroll={{ x: 1000 }}
        rowClassName={(r) => (r.isOverdue ? 'sd-row-overdue' : '')}
        search={{ labelWidth: 'auto', span: { xs: 24, sm: 12, md: 8, lg: 8, xl: 6, xxl: 6 } }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        headerTitle={
          <Segmented
            value={assigneeId ? 'all' : view}
            onChange={(v) => setParams(v === 'assigned' ? {} : { view: String(v) }, { replace: true })}
            options={[
              { value: 'assigned', label: t('tasks.assignedToMe') },
              { value: 'created', label: t('tasks.createdByMe') },
              { value: 'all', label: t('tasks.allVisible') },
            ]}
          />
        }
        toolBarRender={() => [
          can('tasks:assign') ? (
            <Link key="board" to="/tasks/board">
              <Button>{t('tasks.board')}</Button>
            </Link>
          ) : null,
          can('tasks:use') ? (
            <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-task">
              {t('tasks.new')}
            </Button>
          ) : null,
        ]}
        data-testid="tasks-table"
      />
      {creating ? <TaskFormDrawer onClose={() => setCreating(false)} onSaved={(task) => navigate(`/tasks/${task.id}`)} /> : null}
    </PageContainer>
  );
}
