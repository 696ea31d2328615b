import { Tag } from 'antd';
import { translateOr } from '../../i18n/labels';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const taskStatusLabel = (s: string) => translateOr(`tasks.statuses.${s}`, s);
export const priorityLabel = (p: string) => translateOr(`tasks.priorities.${p}`, p);

const STATUS_COLOR: Record<string, string> = { open: 'blue', in_progress: 'processing', done: 'success', cancelled: 'default' };
const PRIORITY_COLOR: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function TaskStatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="task-status">
      {taskStatusLabel(status)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: string }) {
  return <Tag color={PRIORITY_COLOR[priority] ?? 'default'}>{priorityLabel(priority)}</Tag>;
}
