import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { Space, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { MemberDto } from '../../api/analysis.types';
import type { Page } from '../../api/types';
import type { en } from '../../i18n/en';
import { formatDate } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { ExportButton } from '../../ui/ExportButton';
import { CLASS_COLORS, SEGMENT_COLORS, segmentLabel } from './model';

const base = '/api/v1/analysis/customers/members';

/**
 * The customers of one segment, class, month or risk (GET …/members with the query as given),
 * by net sales, paged by cursor, with the same list as CSV / XLSX. `compact` leaves out the
 * scoring columns (for the list inside the dormancy tab).
 */
export function MembersTable({ query, currency = 'CNY', compact = false }: { query: Record<string, string>; currency?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const onError = useTableErrorHandler();
  const fetchPage = useCallback((_f: Record<string, unknown>, cursor: string | undefined, limit: number) => api.get<Page<MemberDto>>(base, { ...query, cursor, limit }), [query]);
  const paging = useKeysetPaging<MemberDto, Record<string, unknown>>(fetchPage);
  const c = (k: keyof typeof en.analysis.members.columns) => t(`analysis.members.columns.${k}`);
  const days = (n: number | null) => (n === null ? '–' : t('analysis.members.days', { count: n }));
  const columns: ProColumns<MemberDto>[] = [
    {
      title: c('customer'),
      dataIndex: 'name',
      fixed: 'left',
      width: 240,
      ellipsis: true,
      render: (_, r) => (
        <Space size={6}>
          <Typography.Text type="secondary">{r.code}</Typography.Text>
          <Link to={`/customers/${r.id}`} data-testid="member-link">
            {r.name}
          </Link>
        </Space>
      ),
    },
    { title: c('owner'), dataIndex: 'ownerName', width: 110, ellipsis: true, render: (_, r) => r.ownerName ?? '–' },
    { title: c('region'), dataIndex: 'regionName', width: 100, ellipsis: true, render: (_, r) => r.regionName ?? '–' },
    { title: c('industry'), dataIndex: 'industry', width: 100, ellipsis: true, render: (_, r) => r.industry ?? '–' },
    { title: c('level'), dataIndex: 'level', width: 64, render: (_, r) => r.level ?? '–' },
    { title: c('segment'), dataIndex: 'segment', width: 130, hideInTable: compact, render: (_, r) => <Tag color={SEGMENT_COLORS[r.segment]}>{segmentLabel(r.segment)}</Tag> },
    { title: c('rfm'), dataIndex: 'r', width: 72, hideInTable: compact, render: (_, r) => `${r.r}-${r.f}-${r.m}` },
    { title: c('abc'), dataIndex: 'abcClass', width: 60, hideInTable: compact, render: (_, r) => (r.abcClass ? <Tag color={CLASS_COLORS[r.abcClass]}>{r.abcClass}</Tag> : '–') },
    { title: c('lastOrder'), dataIndex: 'lastOrderDate', width: 110, render: (_, r) => formatDate(r.lastOrderDate) },
    { title: c('daysSince'), dataIndex: 'daysSinceLastOrder', width: 90, align: 'right', render: (_, r) => days(r.daysSinceLastOrder) },
    { title: c('interval'), dataIndex: 'usualIntervalDays', width: 100, align: 'right', render: (_, r) => days(r.usualIntervalDays) },
    { title: c('orders'), dataIndex: 'orders', width: 70, align: 'right' },
    { title: c('netSales'), dataIndex: 'netSales', width: 140, align: 'right', render: (_, r) => formatMoney(r.netSales, currency) },
    {
      title: c('risk'),
      dataIndex: 'churnReasons',
      width: 150,
      render: (_, r) =>
        r.isDormant ? (
          <Tag>{t('analysis.dormancy.dormant')}</Tag>
        ) : r.churnReasons.length ? (
          r.churnReasons.map((x) => (
            <Tag key={x} color="volcano">
              {t(`analysis.dormancy.${x}`)}
            </Tag>
          ))
        ) : (
          '–'
        ),
    },
  ];
  return (
    <ProTable<MemberDto, Record<string, unknown>>
      rowKey="id"
      columns={columns}
      request={paging.request}
      params={{ ...paging.params, ...query }}
      onRequestError={onError}
      search={false}
      pagination={false}
      footer={paging.footer}
      scroll={{ x: compact ? 1100 : 1500 }}
      size="small"
      options={{ reload: true, density: false, setting: true, fullScreen: false }}
      locale={{ emptyText: t('analysis.members.empty') }}
      toolBarRender={() => [<ExportButton key="export" path={`${base}/export`} query={() => query} fileName="customers" testId="export-members" />]}
      data-testid="members-table"
    />
  );
}
