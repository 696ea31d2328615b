import { Badge } from 'antd';
import { APPROVAL_STATUS_COLOR } from '../approvals/labels';
import { translateOr } from '../../i18n/labels';

export const REQUEST_STATUSES = ['draft', 'pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
export const requestStatusLabel = (s: string) => translateOr(`requests.statuses.${s}`, s);

export function RequestStatus({ status }: { status: string }) {
  return <Badge status={(APPROVAL_STATUS_COLOR[status] ?? 'default') as 'default'} text={<span data-testid="request-status">{requestStatusLabel(status)}</span>} />;
}
