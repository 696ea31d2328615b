import { Button, Select, Space, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../api/types';

/**
 * Keyset ("cursor") paging for a ProTable. The API pages by cursor, not offset, so
 * the table shows Previous / Next: we keep the cursors of the pages visited. A
 * changed filter starts again at page one.
 */
export function useKeysetPaging<T, F extends Record<string, unknown>>(fetchPage: (filters: F, cursor: string | undefined, limit: number) => Promise<Page<T>>, initialLimit = 20) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [limit, setLimit] = useState(initialLimit);
  const lastFilters = useRef<string | null>(null);
  const cursor = cursors[cursors.length - 1];

  const request = useCallback(
    async (params: F & { cursor?: string; limit?: number; current?: number; pageSize?: number }) => {
      const { cursor: c, limit: l, current: _current, pageSize: _pageSize, ...rest } = params;
      const signature = JSON.stringify(rest);
      let useCursor = c;
      if (lastFilters.current !== null && signature !== lastFilters.current && cursors.length > 1) {
        useCursor = undefined;
        setCursors([undefined]);
      }
      lastFilters.current = signature;
      const page = await fetchPage(rest as unknown as F, useCursor, l ?? limit);
      setNextCursor(page.nextCursor);
      return { data: page.items, success: true };
    },
    [fetchPage, cursors.length, limit],
  );

  /** Pass to ProTable `params`: changing them makes ProTable fetch. */
  const params = { cursor, limit };

  const footer = () => <KeysetPager page={cursors.length} hasNext={!!nextCursor} limit={limit} onPrev={() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c))} onNext={() => nextCursor && setCursors((c) => [...c, nextCursor])} onLimit={(n) => { setLimit(n); setCursors([undefined]); }} />;

  /** Call from ProTable onSubmit / onReset: new filters begin at page one. */
  const restart = () => setCursors([undefined]);

  return { request, params, footer, restart };
}

export function KeysetPager(props: { page: number; hasNext: boolean; limit: number; onPrev: () => void; onNext: () => void; onLimit: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <Space wrap style={{ width: '100%', justifyContent: 'flex-end' }} data-testid="keyset-pager">
      <Button size="small" disabled={props.page <= 1} onClick={props.onPrev}>
        {t('pager.previous')}
      </Button>
      <Typography.Text>{t('pager.page', { page: props.page })}</Typography.Text>
      <Button size="small" disabled={!props.hasNext} onClick={props.onNext}>
        {t('pager.next')}
      </Button>
      <Select
        size="small"
        value={props.limit}
        style={{ width: 110 }}
        onChange={props.onLimit}
        options={[20, 50, 100].map((n) => ({ value: n, label: t('pager.pageSize', { size: n }) }))}
      />
    </Space>
  );
}
