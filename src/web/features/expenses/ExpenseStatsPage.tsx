import { DownloadOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { BudgetRow, BudgetVersusActual, ExpenseGroup, ExpenseOverview, PeriodGrain } from '../../api/expenses.types';
import { errorMessage } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { downloadExport } from '../../ui/ExportButton';
import { formatMoney } from '../../ui/money';
import { PageLoading } from '../../ui/PageLoading';
import { Chart } from '../../ui/Chart';
import { DepartmentTreeSelect } from '../departments/DepartmentTreeSelect';
import { RangePicker, useRange } from '../ledger/common';
import { UserSelect } from '../users/UserSelect';

/** Yuan for a chart axis: charts draw numbers; the tables beside them show the exact amounts. */
const yuan = (minor: number) => minor / 100;

/**
 * Expense statistics from the ledger: totals by category, person, department, trip, customer and
 * period, the monthly trend and budget versus actual, with a formatted XLSX of the same figures.
 */
export function ExpenseStatsPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const { from, to, params, set } = useRange();
  const grain = (params.get('grain') as PeriodGrain | null) ?? 'month';
  const employeeId = params.get('employeeId') ?? undefined;
  const departmentId = params.get('departmentId') ?? undefined;
  const query = { from, to, grain, employeeId, departmentId };
  const overview = useQuery({ queryKey: ['expenses', 'overview', query], queryFn: () => api.get<ExpenseOverview>('/api/v1/expense-stats/overview', query) });
  const budget = useQuery({ queryKey: ['expenses', 'budget', from, to, employeeId], queryFn: () => api.get<BudgetVersusActual>('/api/v1/expense-stats/budget', { from, to, employeeId }) });
  const [exporting, setExporting] = useState(false);
  const seesAll = can('ledger:read');
  const currency = overview.data?.currency ?? me.company.currency;
  const m = (v: number | null) => (v === null ? '–' : formatMoney(v, currency));
  const zh = i18n.language.startsWith('zh');
  const label = (g: ExpenseGroup) => (zh && g.labelZh) || g.label || (g.key ? g.key.slice(0, 8) : t('expenses.stats.unassigned'));

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadExport('/api/v1/expense-stats/export', query, `expenses-${from}-${to}.xlsx`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const bars = (rows: ExpenseGroup[], testId: string) => (
    <Chart
      testId={testId}
      height={Math.max(220, rows.length * 28 + 60)}
      option={{
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(Math.round(v * 100), currency) },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', inverse: true, data: rows.map(label), axisLabel: { width: 180, overflow: 'truncate' } },
        series: [{ type: 'bar', data: rows.map((r) => yuan(r.amount)), itemStyle: { color: '#1677ff' }, label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => m(rows[p.dataIndex].amount) } }],
      }}
    />
  );
  const groupTable = (rows: ExpenseGroup[], total: number, testId: string) => (
    <Table<ExpenseGroup>
      size="small"
      rowKey={(r) => r.key ?? 'none'}
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('expenses.stats.name'), render: (_, r) => label(r) },
        { title: t('expenses.stats.lines'), dataIndex: 'lines', align: 'right', width: 100 },
        { title: t('expenses.stats.amount'), align: 'right', width: 140, render: (_, r) => m(r.amount) },
        { title: t('expenses.stats.share'), align: 'right', width: 90, render: (_, r) => (total ? `${((r.amount * 100) / total).toFixed(1)}%` : '') },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            <b>{t('expenses.stats.total')}</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <b data-testid={`${testId}-total`}>{m(rows.reduce((s, r) => s + r.amount, 0))}</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} />
        </Table.Summary.Row>
      )}
      data-testid={testId}
    />
  );
  const budgetTable = (rows: BudgetRow[], testId: string) => (
    <Table<BudgetRow>
      size="small"
      rowKey={(r) => r.key ?? 'none'}
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('expenses.stats.name'), render: (_, r) => r.label ?? r.key },
        { title: t('expenses.stats.budgetCol'), align: 'right', width: 130, render: (_, r) => m(r.budget) },
        { title: t('expenses.stats.actual'), align: 'right', width: 130, render: (_, r) => m(r.actual) },
        { title: t('expenses.stats.remaining'), align: 'right', width: 130, render: (_, r) => <Typography.Text type={r.remaining !== null && r.remaining < 0 ? 'danger' : undefined}>{m(r.remaining)}</Typography.Text> },
      ]}
      data-testid={testId}
    />
  );

  const o = overview.data;
  const b = budget.data;
  return (
    <PageContainer
      title={t('expenses.stats.title')}
      subTitle={seesAll ? t('expenses.stats.subtitle', { currency }) : t('expenses.stats.ownOnly')}
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="export-expenses">
          {t('expenses.stats.exportXlsx')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <RangePicker from={from} to={to} onChange={(f, tt) => set({ from: f, to: tt })} />
        <Segmented value={grain} onChange={(v) => set({ grain: String(v) })} options={(['month', 'quarter', 'year'] as const).map((g) => ({ value: g, label: t(`expenses.stats.grains.${g}`) }))} />
        {seesAll && (
          <>
            <div style={{ width: 220 }}>
              <UserSelect value={employeeId ?? null} onChange={(v) => set({ employeeId: v })} placeholder={`${t('expenses.stats.person')}: ${t('expenses.stats.all')}`} activeOnly={false} />
            </div>
            <div style={{ width: 220 }}>
              <DepartmentTreeSelect value={departmentId ?? null} onChange={(v) => set({ departmentId: (v as string | null) ?? null })} placeholder={`${t('expenses.stats.department')}: ${t('expenses.stats.all')}`} />
            </div>
          </>
        )}
      </Space>
      {overview.isPending ? (
        <PageLoading />
      ) : overview.isError ? (
        <LoadError error={overview.error} onRetry={() => void overview.refetch()} />
      ) : !o || o.lines === 0 ? (
        <Empty description={t('expenses.stats.noData')} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space size={48}>
              <Statistic title={t('expenses.stats.total')} value={m(o.total)} valueStyle={{ fontWeight: 600 }} data-testid="expense-total" />
              <Statistic title={t('expenses.stats.lines')} value={o.lines} />
            </Space>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('expenses.stats.byCategory')}>
                {bars(o.byCategory, 'chart-category')}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('expenses.stats.trend')}>
                <Chart
                  testId="chart-trend"
                  option={{
                    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(Math.round(v * 100), currency) },
                    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
                    xAxis: { type: 'category', data: o.byPeriod.map((p) => p.key) },
                    yAxis: { type: 'value' },
                    series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: o.byPeriod.map((p) => yuan(p.amount)) }],
                  }}
                />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('expenses.stats.byPerson')}>
                {bars(o.byPerson.slice(0, 15), 'chart-person')}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('expenses.stats.budget')}>
                {b && b.byTrip.length ? (
                  <Chart
                    testId="chart-budget"
                    height={Math.max(220, b.byTrip.length * 40 + 80)}
                    option={{
                      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatMoney(Math.round(v * 100), currency) },
                      legend: { top: 0 },
                      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                      xAxis: { type: 'value' },
                      yAxis: { type: 'category', inverse: true, data: b.byTrip.map((r) => (r.label ?? r.key ?? '').slice(0, 28)) },
                      series: [
                        { name: t('expenses.stats.budgetCol'), type: 'bar', data: b.byTrip.map((r) => yuan(r.budget ?? 0)), itemStyle: { color: '#95de64' } },
                        { name: t('expenses.stats.actual'), type: 'bar', data: b.byTrip.map((r) => ({ value: yuan(r.actual), itemStyle: { color: r.budget !== null && r.actual > r.budget ? '#ff4d4f' : '#1677ff' } })) },
                      ],
                    }}
                  />
                ) : (
                  <Empty description={t('expenses.stats.noData')} />
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small">
            <Tabs
              items={[
                { key: 'category', label: t('expenses.stats.byCategory'), children: groupTable(o.byCategory, o.total, 'table-category') },
                { key: 'person', label: t('expenses.stats.byPerson'), children: groupTable(o.byPerson, o.total, 'table-person') },
                { key: 'department', label: t('expenses.stats.byDepartment'), children: groupTable(o.byDepartment, o.total, 'table-department') },
                { key: 'trip', label: t('expenses.stats.byTrip'), children: groupTable(o.byTrip, o.total, 'table-trip') },
                { key: 'customer', label: t('expenses.stats.byCustomer'), children: groupTable(o.byCustomer, o.total, 'table-customer') },
                { key: 'period', label: t('expenses.stats.trend'), children: groupTable(o.byPeriod, o.total, 'table-period') },
                { key: 'budgetTrip', label: `${t('expenses.stats.budget')} · ${t('expenses.stats.budgetPerTrip')}`, children: budgetTable(b?.byTrip ?? [], 'table-budget-trip') },
                { key: 'budgetPerson', label: `${t('expenses.stats.budget')} · ${t('expenses.stats.budgetPerPerson')}`, children: budgetTable(b?.byPerson ?? [], 'table-budget-person') },
              ]}
            />
          </Card>
        </Space>
      )}
    </PageContainer>
  );
}
