import { translateOr } from '../../i18n/labels';

export const docTypeLabel = (t: string) => translateOr(`approvals.docTypes.${t}`, t);
export const approvalStatusLabel = (s: string) => translateOr(`approvals.statuses.${s}`, s);
export const taskStatusLabel = (s: string) => translateOr(`approvals.taskStatuses.${s}`, s);
export const eventActionLabel = (a: string) => translateOr(`approvals.events.${a}`, a);

export const APPROVAL_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  returned: 'warning',
  withdrawn: 'default',
};
