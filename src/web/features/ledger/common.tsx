import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client';
import type { Ledger, LedgerAccount, LedgerMovement } from '../../api/ledger.types';
import { translateOr } from '../../i18n/labels';
import { formatMoney } from '../../ui/money';

/** The account's name in the reader's language. */
export function accountName(a: { nameEn: string; nameZh: string }, lang: string): string {
  return lang.startsWith('zh') ? a.nameZh : a.nameEn;
}

export const accountLabel = (a: { code: string; nameEn: string; nameZh: string }, lang: string) => `${a.code} ${accountName(a, lang)}`;

/** The chart of accounts (flat; parentId makes the tree). */
export function useAccounts(includeInactive = true) {
  return useQuery({ queryKey: ['ledger', 'accounts', includeInactive], queryFn: () => api.get<{ items: LedgerAccount[] }>('/api/v1/ledger/accounts', { includeInactive: String(includeInactive) }).then((r) => r.items) });
}

/** Accounts that take postings: active and without sub-accounts. */
export function leafAccounts(accounts: LedgerAccount[]): LedgerAccount[] {
  const parents = new Set(accounts.map((a) => a.parentId).filter(Boolean));
  return accounts.filter((a) => a.isActive && !parents.has(a.id));
}

export function AccountSelect({ value, onChange, leavesOnly, testId, style }: { value?: string; onChange?: (v: string) => void; leavesOnly?: boolean; testId?: string; style?: React.CSSProperties }) {
  const { t, i18n } = useTranslation();
  const accounts = useAccounts();
  const list = accounts.data ? (leavesOnly ? leafAccounts(accounts.data) : accounts.data) : [];
  return (
    <Select
      showSearch
      value={value}
      onChange={onChange}
      loading={accounts.isPending}
      placeholder={t('ledger.form.pickAccount')}
      optionFilterProp="label"
      options={list.map((a) => ({ value: a.id, label: accountLabel(a, i18n.language) }))}
      style={{ minWidth: 260, ...style }}
      data-testid={testId}
    />
  );
}

export const sourceLabel = (type: string) => translateOr(`ledger.sources.${type}`, type);
export const expenseTypeLabel = (type: string | null) => (type ? translateOr(`ledger.expenseTypes.${type}`, type) : '');

/**
 * Where a source document opens in the web app (the ledger links back to what posted it). An
 * advance and its repayment are shown on their trip's page, named by the entry lines' trip.
 */
export function sourceLink(type: string, id: string | null, tripId?: string | null): string | null {
  if (!id) return null;
  switch (type) {
    case 'trip_advance':
    case 'trip_advance_repayment':
      return tripId ? `/trips/${tripId}` : null;
    case 'reversal':
      return `/ledger/entries/${id}`;
    case 'supply_issue':
      return `/supplies/requests/${id}`;
    case 'expense_claim':
      return `/claims/${id}`;
    default:
      return null;
  }
}

/** A date range kept in the address (?from=&to=), this year by default: reports can be bookmarked and shared. */
export function useRange(defaultFrom = dayjs().startOf('year'), defaultTo = dayjs().endOf('year')) {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? defaultFrom.format('YYYY-MM-DD');
  const to = params.get('to') ?? defaultTo.format('YYYY-MM-DD');
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v === null || v === '') next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  return { from, to, params, set };
}

export function RangePicker({ from, to, onChange }: { from: string; to: string; onChange: (from: string, to: string) => void }) {
  return (
    <DatePicker.RangePicker
      value={[dayjs(from), dayjs(to)]}
      allowClear={false}
      onChange={(v) => {
        const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
        if (a && b) onChange(a.format('YYYY-MM-DD'), b.format('YYYY-MM-DD'));
      }}
      data-testid="range"
    />
  );
}

/** Opening, movements with running balance, closing: the shape of the general and subsidiary ledgers. */
export function LedgerView({ ledger, currency }: { ledger: Ledger; currency: string }) {
  const { t, i18n } = useTranslation();
  const m = (v: number) => formatMoney(v, currency);
  const side = t(`ledger.sides.${ledger.balanceSide}`);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space size={48} wrap>
          <Statistic title={`${t('ledger.reports.opening')} ${t('ledger.reports.side', { side })}`} value={m(ledger.opening)} />
          <Statistic title={t('ledger.reports.totalDebit')} value={m(ledger.totalDebit)} />
          <Statistic title={t('ledger.reports.totalCredit')} value={m(ledger.totalCredit)} />
          <Statistic title={`${t('ledger.reports.closing')} ${t('ledger.reports.side', { side })}`} value={m(ledger.closing)} valueStyle={{ fontWeight: 600 }} data-testid="closing" />
        </Space>
      </Card>
      {ledger.accounts.length > 1 && (
        <Card size="small" title={t('ledger.reports.perAccount')}>
          <Table
            size="small"
            rowKey="accountId"
            pagination={false}
            dataSource={ledger.accounts}
            columns={[
              { title: t('ledger.entries.account'), render: (_, a) => accountLabel(a, i18n.language) },
              { title: t('ledger.reports.opening'), align: 'right', render: (_, a) => m(a.opening) },
              { title: t('ledger.entries.debit'), align: 'right', render: (_, a) => m(a.debit) },
              { title: t('ledger.entries.credit'), align: 'right', render: (_, a) => m(a.credit) },
              { title: t('ledger.reports.closing'), align: 'right', render: (_, a) => `${m(a.closing)} ${t(`ledger.sides.${a.normalSide}`)}` },
            ]}
            data-testid="ledger-accounts"
          />
        </Card>
      )}
      <Table<LedgerMovement>
        size="small"
        rowKey="lineId"
        pagination={false}
        dataSource={ledger.movements}
        locale={{ emptyText: t('ledger.reports.noMovements') }}
        title={() => <Typography.Text strong>{t('ledger.reports.movements')}</Typography.Text>}
        columns={[
          { title: t('ledger.entries.date'), dataIndex: 'entryDate', width: 110 },
          { title: t('ledger.entries.number'), dataIndex: 'entryNumber', width: 150, render: (_, r) => <Link to={`/ledger/entries/${r.entryId}`}>{r.entryNumber}</Link> },
          { title: t('ledger.entries.account'), dataIndex: 'accountCode', width: 90 },
          { title: t('ledger.entries.description'), dataIndex: 'description', ellipsis: true },
          { title: t('ledger.entries.source'), dataIndex: 'sourceType', width: 140, render: (_, r) => <Tag>{sourceLabel(r.sourceType)}</Tag> },
          { title: t('ledger.entries.debit'), dataIndex: 'debit', align: 'right', width: 130, render: (_, r) => (r.debit ? m(r.debit) : '') },
          { title: t('ledger.entries.credit'), dataIndex: 'credit', align: 'right', width: 130, render: (_, r) => (r.credit ? m(r.credit) : '') },
          { title: t('ledger.reports.runningBalance'), dataIndex: 'balance', align: 'right', width: 140, render: (_, r) => m(r.balance) },
        ]}
        data-testid="movements"
      />
    </Space>
  );
}
