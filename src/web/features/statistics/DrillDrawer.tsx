import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, type QueryParams } from '../../api-client';
import type { DrillLine, DrillPage } from '../../api/statistics.types';
import { ExportButton } from '../../ui/ExportButton';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { count, money } from './format';

/** What was clicked: the report's range and filters, the breakdown and row key, and which column. */
export interface DrillTarget {
  title: string;
  query: QueryParams;
}

/** The order and return lines behind a figure, newest first, with their sum (which is the figure) and an export. */
export function DrillDrawer({ target, onClose }: { target: DrillTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lines = useInfiniteQuery({
    queryKey: ['statistics', 'lines', target?.query],
    enabled: target !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.get<DrillPage>('/api/v1/statistics/sales/lines', { ...target!.query, limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const first = lines.data?.pages[0];
  const items = lines.data?.pages.flatMap((p) => p.items) ?? [];
  const currency = first?.currency ?? 'CNY';
  return (
    <Drawer open={target !== null} onClose={onClose} width={1000} title={target ? t('statistics.drill.title', { what: target.title }) : ''} destroyOnHidden>
      {lines.error ? <ErrorAlert error={lines.error} /> : null}
      {first ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="drill">
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text>
              {t('statistics.drill.period', first.period)} ·{' '}
              <strong data-testid="drill-sum" data-net={first.totals.netSales}>
                {t('statistics.drill.sum', { lines: count(first.totals.lines), returns: count(first.totals.returnLines), customers: count(first.totals.customers), net: money(first.totals.netSales, currency) })}
              </strong>
            </Typography.Text>
            <ExportButton path="/api/v1/statistics/sales/lines/export" query={() => target!.query} fileName="sales-lines" testId="drill-export" />
          </Space>
          <Table<DrillLine>
            size="small"
            rowKey={(r) => `${r.kind}-${r.lineId}`}
            dataSource={items}
            pagination={false}
            loading={lines.isFetching}
            scroll={{ y: 520 }}
            columns={[
              { title: t('statistics.drill.columns.date'), dataIndex: 'date', width: 110 },
              {
                title: t('statistics.drill.columns.document'),
                width: 170,
                render: (_, r) => (
                  <Space size={4}>
                    <Tag color={r.kind === 'return' ? 'red' : 'blue'}>{t(`statistics.drill.kind.${r.kind}`)}</Tag>
                    <Link to={r.kind === 'sale' ? `/sales/orders/${r.documentId}` : `/sales/returns/${r.documentId}`}>{r.documentNumber}</Link>
                  </Space>
                ),
              },
              { title: t('statistics.drill.columns.customer'), dataIndex: 'customerName', ellipsis: true },
              { title: t('statistics.drill.columns.product'), dataIndex: 'productName', ellipsis: true },
              { title: t('statistics.drill.columns.rep'), dataIndex: 'ownerName', width: 110 },
              { title: t('statistics.drill.columns.region'), dataIndex: 'regionName', width: 110 },
              { title: t('statistics.drill.columns.quantity'), dataIndex: 'quantity', align: 'right', width: 90 },
              { title: t('statistics.drill.columns.net'), align: 'right', width: 130, render: (_, r) => money(r.netAmount, currency) },
            ]}
          />
          {lines.hasNextPage ? (
            <Button onClick={() => void lines.fetchNextPage()} loading={lines.isFetchingNextPage} data-testid="drill-more">
              {t('statistics.drill.more')}
            </Button>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}
