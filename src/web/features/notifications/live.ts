import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api-client';
import type { NotificationDto, Page } from '../../api/types';

export const unreadKey = ['notifications', 'unread'] as const;
export const latestKey = ['notifications', 'latest'] as const;

type NotificationPage = Page<NotificationDto> & { unreadCount: number };

const POLL_MS = 60_000;
/** After the stream failed for good (a proxy that buffers, a closed connection), try it again this much later. */
const STREAM_RETRY_MS = 5 * 60_000;

export async function fetchLatest(limit = 10): Promise<NotificationPage> {
  return api.get<NotificationPage>('/api/v1/notifications', { limit });
}

/** What may have changed when the unread count moves: the lists, the inbox, the home page. */
function refreshAround(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: latestKey });
  void qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
  // A notification is about a record: what is on screen (a request just decided, a task commented) may be stale now.
  void qc.invalidateQueries({ queryKey: ['approvals'] });
  void qc.invalidateQueries({ queryKey: ['requests'] });
  void qc.invalidateQueries({ queryKey: ['tasks'] });
  void qc.invalidateQueries({ queryKey: ['workbench'] });
}

/**
 * The live unread count: server-sent events from /api/v1/notifications/stream (`event:
 * unread`, data {count}); the browser reconnects by itself after a dropped connection.
 * When the stream fails for good, the count is polled every minute instead, and the
 * stream is tried again a few minutes later.
 */
export function useLiveUnreadCount(): number {
  const qc = useQueryClient();
  const unread = useQuery({ queryKey: unreadKey, queryFn: async () => (await fetchLatest(1)).unreadCount, staleTime: Infinity });

  useEffect(() => {
    let es: EventSource | null = null;
    let poll: ReturnType<typeof setInterval> | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;

    const setCount = (count: number) => {
      const before = qc.getQueryData<number>(unreadKey);
      qc.setQueryData(unreadKey, count);
      if (before !== undefined && before !== count) refreshAround(qc);
    };
    const pollOnce = () => {
      fetchLatest(1)
        .then((p) => setCount(p.unreadCount))
        .catch(() => undefined);
    };
    const startPolling = () => {
      if (poll) return;
      pollOnce();
      poll = setInterval(pollOnce, POLL_MS);
    };
    const stopPolling = () => {
      if (poll) clearInterval(poll);
      poll = null;
    };
    const open = () => {
      if (stopped || typeof EventSource === 'undefined') {
        startPolling();
        return;
      }
      es = new EventSource('/api/v1/notifications/stream');
      es.addEventListener('unread', (e) => {
        failures = 0;
        stopPolling();
        try {
          setCount(Number(JSON.parse((e as MessageEvent<string>).data).count) || 0);
        } catch {
          // a malformed event: the next one or the poll corrects the count
        }
      });
      es.onerror = () => {
        failures += 1;
        // CLOSED: the browser gave up (an error status); three failed reconnects: the stream does not get through.
        if (es && (es.readyState === EventSource.CLOSED || failures >= 3)) {
          es.close();
          es = null;
          startPolling();
          retry = setTimeout(() => {
            failures = 0;
            open();
          }, STREAM_RETRY_MS);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      es?.close();
      stopPolling();
      if (retry) clearTimeout(retry);
    };
  }, [qc]);

  return unread.data ?? 0;
}

export async function markRead(qc: QueryClient, id: string) {
  await api.post(`/api/v1/notifications/${id}/read`);
  refreshAround(qc);
  void qc.invalidateQueries({ queryKey: unreadKey });
}

export async function markAllRead(qc: QueryClient) {
  await api.post('/api/v1/notifications/read-all');
  qc.setQueryData(unreadKey, 0);
  refreshAround(qc);
}
