import { InfoCircleOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { ReportRow, SalesReport, StatGroup } from '../../api/statistics.types';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Chart } from '../../ui/Chart';
import { barsOption, treemapOption, trendOption, waterfallOption } from './charts';
import { DrillDrawer, type DrillTarget } from './DrillDrawer';
import { ExportMenu } from './ExportMenu';
import { count, growth, money, percent } from './format';
import { BREAKDOWNS, compared, comparedPeriod, drillKey, TIME_BREAKDOWNS, type Compare } from './model';
import { currentPeriod, parsePeriod, rangeOf, trailingYear, type Period } from './periods';
import { PeriodPicker, useFiscalStart } from './PeriodPicker';
import { useSalesReport } from './queries';
import { SavedViews } from './SavedViews';

/**
 * Breakdowns that can be cut to their largest rows (the API's `top`) and the cut they open
 * with: thousands of customers or hundreds of products are for the export, not a screen (the
 * bars show 15, the table pages by 50); all rows are one choice away.
 */
const TOP_DEFAULT: Partial<Record<StatGroup, number | 'all'>> = { customer: 100, product: 100 };
const TOP_CHOICES = [20, 100, 500, 'all'] as const;

interface ReportParams {
  period: Period;
  groupBy: StatGroup;
  compare: Compare;
  /** Only for the breakdowns in TOP_DEFAULT. */
  top?: number | 'all';
}

function paramsFrom(search: URLSearchParams, fyStart: number): ReportParams {
  const groupBy = (BREAKDOWNS as string[]).includes(search.get('groupBy') ?? '') ? (search.get('groupBy') as StatGroup) : 'region';
  return {
    period: parsePeriod(search.get('period'), search.get('value')) ?? currentPeriod('quarter', fyStart),
    groupBy,
    compare: search.get('compare') === 'previous' ? 'previous' : 'lastYear',
    top: groupBy in TOP_DEFAULT ? (search.get('top') === 'all' ? 'all' : Number(search.get('top')) >= 1 && Number(search.get('top')) <= 1000 ? Math.floor(Number(search.get('top'))) : TOP_DEFAULT[groupBy]) : undefined,
  };
}

/**
 * The sales report: a period (month, fiscal quarter or year, any range), a breakdown and a
 * comparison; key figures, charts and the table. Every figure opens the lines behind it.
 * The state lives in the address bar, so a link or a saved view reopens the same report.
 */
export function SalesReportPage() {
  const { t } = useTranslation();
  const fyStart = useFiscalStart();
  const [search, setSearch] = useSearchParams();
  const p = paramsFrom(search, fyStart);
  const set = (patch: Partial<ReportParams>) => {
    const next = { ...p, ...patch };
    // Another breakdown opens with its own cut.
    const top = patch.groupBy && patch.groupBy !== p.groupBy ? TOP_DEFAULT[patch.groupBy] : next.top;
    setSearch(new URLSearchParams({ period: next.period.kind, value: next.period.value, groupBy: next.groupBy, compare: next.compare, ...(next.groupBy in TOP_DEFAULT && top ? { top: String(top) } : {}) }), { replace: true });
  };
  const range = rangeOf(p.period, fyStart);
  const top = p.top === 'all' ? undefined : p.top;
  const report = useSalesReport(range, p.groupBy, {}, true, top);
  const regions = useSalesReport(range, 'region');
  const trend = useSalesReport(trailingYear(range.to), 'month');
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const rep = report.data;
  const currency = rep?.currency ?? 'CNY';
  const names = { current: t('statistics.charts.current'), before: t(`statistics.compare.${p.compare}`) };
  const groupName = t(`statistics.groups.${p.groupBy}`);

  /** Opens the lines behind one figure: a row (or the total) of a report, this period or the compared one. */
  const open = (r: SalesReport, row: ReportRow | null, which: 'current' | Compare) => {
    const query = { from: r.period.from, to: r.period.to, groupBy: row ? r.groupBy : 'none', ...(row ? { key: drillKey(row) } : {}), period: which };
    const when = which === 'current' ? t('statistics.charts.current') : t(`statistics.compare.${which}`);
    setDrill({ title: `${row ? row.label || t('statistics.columns.total') : t('statistics.columns.total')} · ${when}`, query });
  };
  // The row of all other customers has no single key to drill into: its figures are plain.
  const figure = (r: SalesReport, row: ReportRow | null, which: 'current' | Compare, minor: number, testId?: string) =>
    row?.others !== undefined ? (
      <span data-testid={testId}>{money(minor, currency)}</span>
    ) : (
      <Typography.Link onClick={() => open(r, row, which)} data-testid={testId}>
        {money(minor, currency)}
      </Typography.Link>
    );
  const ranked = rep?.rows.filter((r) => r.others === undefined) ?? [];
  const folded = rep?.rows.find((r) => r.others !== undefined);

  const controls = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <PeriodPicker value={p.period} onChange={(period) => set({ period })} />
      <Space wrap>
        <span>{t('statistics.groupBy')}</span>
        <Select style={{ width: 170 }} value={p.groupBy} onChange={(groupBy) => set({ groupBy })} options={BREAKDOWNS.map((g) => ({ value: g, label: t(`statistics.groups.${g}`) }))} data-testid="report-group-by" />
        <span>{t('statistics.compareWith')}</span>
        <Segmented
          value={p.compare}
          onChange={(compare) => set({ compare: compare as Compare })}
          options={(['lastYear', 'previous'] as const).map((c) => ({ value: c, label: <span data-testid={`compare-${c}`}>{t(`statistics.compare.${c}`)}</span> }))}
        />
        {p.top !== undefined ? (
          <Select
            style={{ width: 150 }}
            value={p.top}
            onChange={(v) => set({ top: v })}
            options={TOP_CHOICES.map((n) => ({ value: n, label: n === 'all' ? t('statistics.top.all') : t('statistics.top.n', { n }) }))}
            data-testid="report-top"
          />
        ) : null}
        <SavedViews kind="sales" params={{ period: p.period.kind, value: p.period.value, groupBy: p.groupBy, compare: p.compare, ...(p.top !== undefined ? { top: String(p.top) } : {}) }} onLoad={(v) => setSearch(new URLSearchParams(v as Record<string, string>), { replace: true })} />
        <ExportMenu
          request={(format) => ({
            kind: 'sales',
            format,
            // The breakdown shown, then the region and time views leaders ask for: one sheet or section each.
            params: { from: range.from, to: range.to, groupBys: [...new Set<StatGroup>([p.groupBy, 'region', 'rep', TIME_BREAKDOWNS.includes(p.groupBy) ? p.groupBy : 'month'])] },
          })}
        />
      </Space>
    </Space>
  );

  /** A customer-count column's title with what it counts and why its rows do not add up to the total. */
  const customersTitle = (k: 'activeCustomers' | 'newCustomers') => (
    <Tooltip
      title={
        <>
          {t(k === 'activeCustomers' ? 'statistics.customers.activeHint' : 'statistics.customers.newHint')} {t('statistics.customers.notAdditive')}
          {rep && rep.total.current.activeCustomers === null ? ` ${t('statistics.customers.notByProduct')}` : ''}
        </>
      }
    >
      <span data-testid={`${k}-hint`}>
        {t(`statistics.columns.${k}`)} <InfoCircleOutlined />
      </span>
    </Tooltip>
  );

  const kpis = rep ? (
    <Row gutter={[16, 16]} data-testid="report-kpis">
      {(
        [
          ['netSales', rep.total.current.netSales, compared(rep.total, p.compare).growth, true],
          ['orders', rep.total.current.orders, null, false],
          ['aov', rep.total.current.averageOrderValue, null, true],
          ['margin', rep.total.current.grossMargin, null, true],
          ['activeCustomers', rep.total.current.activeCustomers, null, false],
          ['newCustomers', rep.total.current.newCustomers, null, false],
        ] as const
      ).map(([k, v, g, isMoney]) => (
        <Col xs={12} md={4} key={k}>
          <Card size="small">
            <Statistic title={t(`statistics.kpi.${k}`)} value={isMoney ? money(v, currency) : count(v)} />
            {k === 'netSales' ? (
              <Typography.Text type={g === null ? 'secondary' : g >= 0 ? 'success' : 'danger'} data-testid="kpi-growth">
                {g === null ? t('statistics.kpi.noBase') : t('statistics.kpi.growth', { pct: growth(g) })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      ))}
    </Row>
  ) : null;

  const table = rep ? (
    <Table<ReportRow>
      size="small"
      data-testid="report-table"
      rowKey={(r) => r.key ?? 'none'}
      dataSource={rep.rows}
      pagination={rep.rows.length > 50 ? { pageSize: 50 } : false}
      columns={[
        ...(TIME_BREAKDOWNS.includes(rep.groupBy) ? [] : [{ title: t('statistics.columns.rank'), width: 70, render: (_: unknown, r: ReportRow) => (r.others === undefined ? r.rank : '–') }]),
        {
          title: groupName,
          render: (_: unknown, r: ReportRow) => (r.others === undefined ? r.label || t('statistics.columns.total') : <Typography.Text italic data-testid="report-others">{r.label}</Typography.Text>),
        },
        { title: t('statistics.columns.value'), align: 'right' as const, render: (_: unknown, r: ReportRow) => figure(rep, r, 'current', r.current.netSales, `figure-${drillKey(r)}`) },
        { title: t(`statistics.compare.${p.compare}`), align: 'right' as const, render: (_: unknown, r: ReportRow) => figure(rep, r, p.compare, compared(r, p.compare).m.netSales) },
        { title: t('statistics.columns.growth'), align: 'right' as const, render: (_: unknown, r: ReportRow) => <span data-testid={`growth-${drillKey(r)}`}>{growth(compared(r, p.compare).growth)}</span> },
        { title: t('statistics.columns.share'), align: 'right' as const, render: (_: unknown, r: ReportRow) => percent(r.share) },
        { title: t('statistics.columns.orders'), align: 'right' as const, render: (_: unknown, r: ReportRow) => count(r.current.orders) },
        { title: t('statistics.columns.margin'), align: 'right' as const, render: (_: unknown, r: ReportRow) => money(r.current.grossMargin, currency) },
        { title: customersTitle('activeCustomers'), align: 'right' as const, render: (_: unknown, r: ReportRow) => <span data-testid={`active-${drillKey(r)}`}>{count(r.current.activeCustomers)}</span> },
        { title: customersTitle('newCustomers'), align: 'right' as const, render: (_: unknown, r: ReportRow) => count(r.current.newCustomers) },
      ]}
      summary={() => (
        <Table.Summary.Row style={{ fontWeight: 600 }}>
          {TIME_BREAKDOWNS.includes(rep.groupBy) ? null : <Table.Summary.Cell index={0} />}
          <Table.Summary.Cell index={1}>{t('statistics.columns.total')}</Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            {figure(rep, null, 'current', rep.total.current.netSales, 'figure-total')}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            {figure(rep, null, p.compare, compared(rep.total, p.compare).m.netSales)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">
            {growth(compared(rep.total, p.compare).growth)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={5} align="right">
            {rep.rows.length ? percent(1) : '–'}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={6} align="right">
            {count(rep.total.current.orders)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={7} align="right">
            {money(rep.total.current.grossMargin, currency)}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={8} align="right">
            <span data-testid="active-total">{count(rep.total.current.activeCustomers)}</span>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={9} align="right">
            {count(rep.total.current.newCustomers)}
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  ) : null;

  return (
    <PageContainer title={t('statistics.report.title')} subTitle={t('statistics.report.subtitle', { currency })}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small">{controls}</Card>
        {report.error ? <ErrorAlert error={report.error} /> : null}
        {kpis}
        {rep && rep.groupBy !== 'none' ? (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statistics.charts.bars', { what: groupName })}>
                <Chart testId="chart-bars" option={barsOption(ranked, p.compare, names, currency)} onClick={(e) => ranked[e.dataIndex] && open(rep, ranked[e.dataIndex], e.seriesIndex === 0 ? 'current' : p.compare)} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('statistics.charts.waterfall')}>
                <Chart testId="chart-waterfall" option={waterfallOption(rep, p.compare, { start: names.before, end: names.current, others: t('statistics.charts.others') }, currency)} />
              </Card>
            </Col>
          </Row>
        ) : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('statistics.charts.trend')}>
              {trend.data ? (
                <Chart testId="chart-trend" option={trendOption(trend.data, { current: names.current, before: t('statistics.compare.lastYear') }, currency)} onClick={(e) => trend.data.rows[e.dataIndex] && open(trend.data, trend.data.rows[e.dataIndex], e.seriesIndex === 0 ? 'current' : 'lastYear')} />
              ) : null}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('statistics.charts.treemap')}>
              {regions.data ? (
                <Chart
                  testId="chart-treemap"
                  option={treemapOption(regions.data, currency)}
                  onClick={(e) => {
                    const row = regions.data.rows.find((r) => r.key === (e.data as { key?: string | null })?.key);
                    if (row) open(regions.data, row, 'current');
                  }}
                />
              ) : null}
            </Card>
          </Col>
        </Row>
        {rep ? (
          <Typography.Text type="secondary">
            {t('statistics.compareWith')}: {t('statistics.period.shown', comparedPeriod(rep, p.compare))}
          </Typography.Text>
        ) : null}
        {table}
        {folded && top ? (
          <Typography.Text type="secondary" data-testid="report-top-note">
            {t('statistics.customers.topOnly', { top })}
          </Typography.Text>
        ) : null}
      </Space>
      <DrillDrawer target={drill} onClose={() => setDrill(null)} />
    </PageContainer>
  );
}
