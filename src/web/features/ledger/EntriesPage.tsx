import { PlusOutlined } from '@ant-design/icons';
import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components';
import { Button, Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api-client';
import type { LedgerEntrySummary } from '../../api/ledger.types';
import type { Page } from '../../api/types';
import { useSession } from '../../session/SessionContext';
import { useKeysetPaging } from '../../ui/keyset';
import { formatMoney } from '../../ui/money';
import { useTableErrorHandler } from '../../ui/table-errors';
import { sourceLabel } from './common';

type Filters = { status?: string; q?: string; range?: [string, string] };

/** Journal entries, newest first, with filters; a manual entry from here. */
export function EntriesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useTableErrorHandler();
  const fetchPage = useCallback(
    (f: Filters, cursor: string | undefined, limit: number) =>
      api.get<Page<LedgerEntrySummary>>('/api/v1/ledger/entries', { status: f.status, q: f.q, from: f.range?.[0], to: f.range?.[1], cursor, limit }),
    [],
  );
  const paging = useKeysetPaging<LedgerEntrySummary, Filters>(fetchPage);
  const columns: ProColumns<LedgerEntrySummary>[] = [
    { title: t('ledger.entries.number'), dataIndex: 'number', width: 150, search: false, render: (_, r) => <Link to={`/ledger/entries/${r.id}`} data-testid="entry-link">{r.number ?? t('ledger.entries.statuses.draft')}</Link> },
    { title: t('ledger.entries.date'), dataIndex: 'range', valueType: 'dateRange', width: 110, render: (_, r) => r.entryDate, search: { transform: (v: [string, string]) => ({ range: v }) } },
    { title: t('ledger.entries.description'), dataIndex: 'q', ellipsis: true, render: (_, r) => r.description || r.reason },
    { title: t('ledger.entries.source'), dataIndex: 'sourceType', width: 150, search: false, render: (_, r) => <Tag>{sourceLabel(r.sourceType)}</Tag> },
    { title: t('ledger.entries.total'), dataIndex: 'totalDebit', width: 140, align: 'right', search: false, render: (_, r) => formatMoney(r.totalDebit, r.currency) },
    {
      title: t('ledger.entries.status'),
      dataIndex: 'status',
      width: 130,
      valueType: 'select',
      fieldProps: { options: (['draft', 'posted'] as const).map((s) => ({ value: s, label: t(`ledger.entries.statuses.${s}`) })) },
      render: (_, r) => (
        <>
          <Tag color={r.status === 'posted' ? 'blue' : undefined}>{t(`ledger.entries.statuses.${r.status}`)}</Tag>
          {r.reversedById && <Tag color="orange">{t('ledger.entries.reversed')}</Tag>}
        </>
      ),
    },
  ];
  return (
    <PageContainer title={t('ledger.entries.title')}>
      <ProTable<LedgerEntrySummary, Filters & { cursor?: string; limit?: number }>
        rowKey="id"
        columns={columns}
        request={paging.request}
        params={paging.params}
        onSubmit={paging.restart}
        onReset={paging.restart}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        search={{ labelWidth: 'auto' }}
        options={{ reload: true, density: false, setting: true, fullScreen: false }}
        toolBarRender={() =>
          can('ledger:post')
            ? [
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => navigate('/ledger/entries/new')} data-testid="new-entry">
                  {t('ledger.entries.new')}
                </Button>,
              ]
            : []
        }
        data-testid="entries-table"
      />
    </PageContainer>
  );
}
