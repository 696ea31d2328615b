import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { ApprovalEvent, ApprovalRequest, InboxItem } from '../../api/types';

export const inboxKey = ['approvals', 'inbox'] as const;

/** What waits for my decision; also feeds the menu badge (refreshed every minute and on focus). */
export function useInbox(enabled = true) {
  return useQuery({
    queryKey: inboxKey,
    enabled,
    queryFn: () => api.get<{ items: InboxItem[]; count: number }>('/api/v1/approvals/inbox'),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}

export const approvalRequestKey = (id: string) => ['approvals', 'request', id] as const;

export function useApprovalRequest(id: string | null | undefined) {
  return useQuery({
    queryKey: approvalRequestKey(id ?? ''),
    enabled: !!id,
    queryFn: () => api.get<ApprovalRequest>(`/api/v1/approvals/requests/${id}`),
  });
}

export const historyKey = (docType: string, docId: string) => ['approvals', 'history', docType, docId] as const;

export function useApprovalHistory(docType: string | undefined, docId: string | undefined) {
  return useQuery({
    queryKey: historyKey(docType ?? '', docId ?? ''),
    enabled: !!docType && !!docId,
    queryFn: async () => (await api.get<{ items: ApprovalEvent[] }>('/api/v1/approvals/history', { docType, docId })).items,
  });
}

/** After an action: everything that shows approvals or the documents they decide. */
export async function invalidateApprovals(qc: QueryClient) {
  await Promise.all([
    qc.invalidateQueries({ queryKey: ['approvals'] }),
    qc.invalidateQueries({ queryKey: ['requests'] }),
    qc.invalidateQueries({ queryKey: ['workbench'] }),
  ]);
}
