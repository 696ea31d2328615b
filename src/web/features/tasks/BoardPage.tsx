import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { TaskBoardRow } from '../../api/types';
import { LoadError } from '../../ui/ErrorPages';

/** The leader's board: per person, open, due soon (3 days), overdue and done in the last 30 days. */
export function BoardPage() {
  const { t } = useTranslation();
  const board = useQuery({ queryKey: ['tasks', 'board'], queryFn: async () => (await api.get<{ items: TaskBoardRow[] }>('/api/v1/tasks/board')).items });
  if (board.isError) return <LoadError error={board.error} onRetry={() => void board.refetch()} />;
  const count = (n: number, type?: 'danger' | 'warning') => (n ? <Typography.Text type={type} strong={!!type}>{n}</Typography.Text> : <Typography.Text type="secondary">0</Typography.Text>);
  const columns: ProColumns<TaskBoardRow>[] = [
    { title: t('tasks.person'), dataIndex: 'name', render: (_, r) => <Link to={`/tasks?assigneeId=${r.userId}&name=${encodeURIComponent(r.name)}`}>{r.name}</Link> },
    { title: t('tasks.open'), dataIndex: 'open', width: 120, align: 'right', sorter: (a, b) => a.open - b.open, render: (_, r) => count(r.open) },
    { title: t('tasks.dueSoon'), dataIndex: 'dueSoon', width: 140, align: 'right', sorter: (a, b) => a.dueSoon - b.dueSoon, render: (_, r) => count(r.dueSoon, 'warning') },
    { title: t('tasks.overdue'), dataIndex: 'overdue', width: 120, align: 'right', sorter: (a, b) => a.overdue - b.overdue, defaultSortOrder: 'descend', render: (_, r) => <span data-testid="board-overdue">{count(r.overdue, 'danger')}</span> },
    { title: t('tasks.done30'), dataIndex: 'doneLast30Days', width: 160, align: 'right', sorter: (a, b) => a.doneLast30Days - b.doneLast30Days, render: (_, r) => count(r.doneLast30Days) },
  ];
  return (
    <PageContainer title={t('tasks.boardTitle')} content={t('tasks.boardIntro')}>
      <ProTable<TaskBoardRow>
        rowKey="userId"
        columns={columns}
        dataSource={board.data ?? []}
        loading={board.isFetching}
        search={false}
        pagination={false}
        scroll={{ x: 700 }}
        rowClassName={(r) => (r.overdue ? 'sd-row-overdue' : '')}
        options={{ reload: () => void board.refetch(), density: false, setting: false, fullScreen: false }}
        data-testid="task-board"
      />
    </PageContainer>
  );
}
