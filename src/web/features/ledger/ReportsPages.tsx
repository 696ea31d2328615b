import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Input, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { Ledger, TrialBalance, TrialBalanceRow } from '../../api/ledger.types';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { ExportButton } from '../../ui/ExportButton';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { CustomerSelect } from '../sales/common';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { UserSelect } from '../users/UserSelect';
import { AccountSelect, accountName, expenseTypeLabel, LedgerView, RangePicker, useRange } from './common';

/** The general ledger of one account over a period: opening, movements with running balance, closing. */
export function GeneralLedgerPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { from, to, params, set } = useRange();
  const accountId = params.get('accountId') ?? undefined;
  const ledger = useQuery({
    queryKey: ['ledger', 'gl', accountId, from, to],
    enabled: !!accountId,
    queryFn: () => api.get<Ledger>('/api/v1/ledger/reports/general-ledger', { accountId, from, to, limit: 500 }),
  });
  return (
    <PageContainer
      title={t('ledger.generalLedger.title')}
      extra={accountId ? <ExportButton path="/api/v1/ledger/reports/general-ledger/export" query={{ accountId, from, to }} fileName="general-ledger" /> : null}
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <AccountSelect value={accountId} onChange={(v) => set({ accountId: v })} testId="gl-account" />
        <RangePicker from={from} to={to} onChange={(f, tt) => set({ from: f, to: tt })} />
      </Space>
      {!accountId ? <Empty description={t('ledger.generalLedger.pick')} /> : ledger.isPending ? <PageLoading /> : ledger.isError ? <LoadError error={ledger.error} onRetry={() => void ledger.refetch()} /> : <LedgerView ledger={ledger.data} currency={me.company.currency} />}
    </PageContainer>
  );
}

const DIMENSIONS = ['employee', 'department', 'expenseType', 'customer', 'trip'] as const;
type Dimension = (typeof DIMENSIONS)[number];
const EXPENSE_TYPES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'entertainment', 'office_supplies', 'communication', 'samples', 'other'];

/** Subsidiary ledgers by employee, department, expense type, customer or trip (everyone may open their own employee ledger). */
export function SubsidiaryLedgerPage() {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const { from, to, params, set } = useRange();
  const dimension = (params.get('dimension') as Dimension | null) ?? 'employee';
  const value = params.get('value') ?? (dimension === 'employee' && !can('ledger:read') ? me.user.id : undefined);
  const accountId = params.get('accountId') ?? undefined;
  const ledger = useQuery({
    queryKey: ['ledger', 'subsidiary', dimension, value, accountId, from, to],
    enabled: !!value,
    queryFn: () =>
      dimension === 'employee'
        ? api.get<Ledger>(`/api/v1/ledger/reports/employees/${value}`, { from, to, accountId, limit: 500 })
        : api.get<Ledger>('/api/v1/ledger/reports/subsidiary', { dimension, value, from, to, accountId, limit: 500 }),
  });
  const pickValue = (v: string | null | undefined) => set({ value: v ?? null });
  const valuePicker = () => {
    switch (dimension) {
      case 'employee':
        return can('ledger:read') ? <div style={{ width: 260 }} data-testid="sub-employee"><UserSelect value={value ?? null} onChange={pickValue} activeOnly={false} /></div> : null;
      case 'department':
        return <div style={{ width: 260 }}><DepartmentTreeSelect value={value ?? null} onChange={(v) => pickValue(v as string | null)} /></div>;
      case 'expenseType':
        return <Select style={{ width: 220 }} value={value} onChange={pickValue} options={EXPENSE_TYPES.map((v) => ({ value: v, label: expenseTypeLabel(v) }))} data-testid="sub-expense-type" />;
      case 'customer':
        return <CustomerSelect value={value ?? null} onChange={pickValue} style={{ width: 260 }} />;
      case 'trip':
        return <Input.Search style={{ width: 340 }} placeholder={t('ledger.subsidiary.tripId')} defaultValue={value} onSearch={(v) => pickValue(v.trim() || null)} />;
    }
  };
  return (
    <PageContainer title={t('ledger.subsidiary.title')}>
      <Space wrap style={{ marginBottom: 16 }}>
        {can('ledger:read') && (
          <Select
            style={{ width: 160 }}
            value={dimension}
            onChange={(d) => set({ dimension: d, value: null })}
            options={DIMENSIONS.map((d) => ({ value: d, label: t(`ledger.subsidiary.dimensions.${d}`) }))}
            data-testid="sub-dimension"
          />
        )}
        {valuePicker()}
        {can('ledger:read') && <AccountSelect value={accountId} onChange={(v) => set({ accountId: v ?? null })} style={{ minWidth: 220 }} />}
        <RangePicker from={from} to={to} onChange={(f, tt) => set({ from: f, to: tt })} />
      </Space>
      {!value ? <Empty description={t('ledger.subsidiary.pick')} /> : ledger.isPending ? <PageLoading /> : ledger.isError ? <LoadError error={ledger.error} onRetry={() => void ledger.refetch()} /> : <LedgerView ledger={ledger.data} currency={me.company.currency} />}
    </PageContainer>
  );
}

/** The trial balance over a period with its totals and whether it balances. */
export function TrialBalancePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { from, to, set } = useRange();
  const tb = useQuery({ queryKey: ['ledger', 'tb', from, to], queryFn: () => api.get<TrialBalance>('/api/v1/ledger/reports/trial-balance', { from, to }) });
  const m = (v: number) => (v ? formatMoney(v, me.company.currency) : '');
  const cols = ['openingDebit', 'openingCredit', 'periodDebit', 'periodCredit', 'closingDebit', 'closingCredit'] as const;
  return (
    <PageContainer title={t('ledger.trialBalance.title')} extra={<ExportButton path="/api/v1/ledger/reports/trial-balance/export" query={{ from, to }} fileName="trial-balance" />}>
      <Space wrap style={{ marginBottom: 16 }}>
        <RangePicker from={from} to={to} onChange={(f, tt) => set({ from: f, to: tt })} />
        {tb.data && (
          <Alert
            type={tb.data.isBalanced ? 'success' : 'error'}
            showIcon
            message={tb.data.isBalanced ? t('ledger.trialBalance.balanced') : t('ledger.trialBalance.unbalanced')}
            data-testid="tb-balanced"
            data-balanced={String(tb.data.isBalanced)}
          />
        )}
      </Space>
      {tb.isPending ? (
        <PageLoading />
      ) : tb.isError ? (
        <LoadError error={tb.error} onRetry={() => void tb.refetch()} />
      ) : (
        <Table<TrialBalanceRow>
          size="small"
          rowKey="accountId"
          pagination={false}
          dataSource={tb.data.rows}
          columns={[
            { title: t('ledger.accounts.code'), dataIndex: 'code', width: 100, render: (_, r) => <Link to={`/ledger/general?accountId=${r.accountId}&from=${from}&to=${to}`}>{r.code}</Link> },
            { title: t('ledger.accounts.name'), render: (_, r) => accountName(r, i18n.language) },
            ...cols.map((c) => ({ title: t(`ledger.trialBalance.${c}`), dataIndex: c, align: 'right' as const, width: 130, render: (_: unknown, r: TrialBalanceRow) => m(r[c]) })),
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <b>{t('ledger.trialBalance.total')}</b>
              </Table.Summary.Cell>
              {cols.map((c, i) => (
                <Table.Summary.Cell key={c} index={i + 2} align="right">
                  <b data-testid={`tb-total-${c}`}>{formatMoney(tb.data.totals[c], me.company.currency)}</b>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )}
          data-testid="tb-table"
        />
      )}
      {tb.data && !tb.data.rows.length && <Tag>{t('ledger.reports.noMovements')}</Tag>}
    </PageContainer>
  );
}
