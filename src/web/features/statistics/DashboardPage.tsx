import { PageContainer } from '@ant-design/pro-components';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesReport, StatGroup } from '../../api/statistics.types';
import { Chart } from '../../ui/Chart';
import { trendOption } from './charts';
import { DrillDrawer, type DrillTarget } from './DrillDrawer';
import { compact, count, growth, money } from './format';
import { drillKey } from './model';
import { fiscalQuarterOf, fiscalQuarterRange, fiscalYearOf, fiscalYearRange, trailingYear, type Range } from './periods';
import { useFiscalStart } from './PeriodPicker';
import { useSalesReport } from './queries';

/** One key figure to date against the same days last year; a click opens its lines. */
function Kpi({ title, report, onOpen, testId }: { title: string; report: SalesReport | undefined; onOpen: () => void; testId: string }) {
  const { t } = useTranslation();
  const g = report?.total.growthLastYear ?? null;
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid={testId}>
      <Statistic title={title} value={report ? money(report.total.current.netSales, report.currency) : '…'} />
      <Typography.Text type={g === null ? 'secondary' : g >= 0 ? 'success' : 'danger'}>
        {report ? `${t('statistics.compare.lastYear')} ${money(report.total.lastYear.netSales, report.currency)} · ${growth(g)}` : ''}
      </Typography.Text>
      {report && report.total.current.activeCustomers !== null ? (
        <div>
          <Typography.Text type="secondary" data-testid={`${testId}-customers`}>
            {t('statistics.customers.line', { active: count(report.total.current.activeCustomers), fresh: count(report.total.current.newCustomers) })}
          </Typography.Text>
        </div>
      ) : null}
    </Card>
  );
}

/** The top five of a breakdown so far this fiscal year, as horizontal bars. */
function Top({ group, range, onOpen }: { group: StatGroup; range: Range; onOpen: (r: SalesReport, i: number) => void }) {
  const { t } = useTranslation();
  // Products come cut to the top five (the API's `top`): five bars need no 500-row answer.
  const q = useSalesReport(range, group, {}, true, group === 'product' ? 5 : undefined);
  const rows = (q.data?.rows ?? []).filter((r) => r.others === undefined).slice(0, 5).reverse();
  return (
    <Card size="small" title={t('statistics.dashboard.top', { what: t(`statistics.groups.${group}`) })}>
      <Chart
        testId={`top-${group}`}
        height={220}
        option={{
          tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(Math.round(v * 100), q.data?.currency ?? 'CNY') },
          grid: { left: 110, right: 56, top: 8, bottom: 24 },
          xAxis: { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } },
          yAxis: { type: 'category', data: rows.map((r) => (r.label.length > 9 ? `${r.label.slice(0, 8)}…` : r.label)) },
          series: [{ type: 'bar', data: rows.map((r) => r.current.netSales / 100), label: { show: true, position: 'right', formatter: (p: { value: number }) => compact(p.value) } }],
        }}
        onClick={(e) => q.data && onOpen(q.data, q.data.rows.indexOf(rows[e.dataIndex]))}
      />
    </Card>
  );
}

/** Leaders' dashboard: this month, quarter and fiscal year to date against last year, the trend, and the top regions, products and reps. */
export function LeadersDashboardPage() {
  const { t } = useTranslation();
  const fyStart = useFiscalStart();
  const today = dayjs().format('YYYY-MM-DD');
  const { fy, q } = fiscalQuarterOf(today, fyStart);
  const month: Range = { from: `${today.slice(0, 8)}01`, to: today };
  const quarter: Range = { from: fiscalQuarterRange(fy, q, fyStart).from, to: today };
  const year: Range = { from: fiscalYearRange(fiscalYearOf(today, fyStart), fyStart).from, to: today };
  const m = useSalesReport(month, 'none');
  const qr = useSalesReport(quarter, 'none');
  const y = useSalesReport(year, 'none');
  const trend = useSalesReport(trailingYear(today), 'month');
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const open = (r: SalesReport, index: number | null, title: string) => {
    const row = index === null ? null : r.rows[index];
    setDrill({ title: row ? row.label : title, query: { from: r.period.from, to: r.period.to, groupBy: row ? r.groupBy : 'none', ...(row ? { key: drillKey(row) } : {}), period: 'current' } });
  };
  return (
    <PageContainer title={t('statistics.dashboard.title')} subTitle={t('statistics.dashboard.subtitle')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Kpi title={t('statistics.dashboard.thisMonth')} report={m.data} testId="kpi-month" onOpen={() => m.data && open(m.data, null, t('statistics.dashboard.thisMonth'))} />
        </Col>
        <Col xs={24} md={8}>
          <Kpi title={t('statistics.dashboard.thisQuarter')} report={qr.data} testId="kpi-quarter" onOpen={() => qr.data && open(qr.data, null, t('statistics.dashboard.thisQuarter'))} />
        </Col>
        <Col xs={24} md={8}>
          <Kpi title={t('statistics.dashboard.yearToDate')} report={y.data} testId="kpi-year" onOpen={() => y.data && open(y.data, null, t('statistics.dashboard.yearToDate'))} />
        </Col>
        <Col span={24}>
          <Card size="small" title={t('statistics.charts.trend')}>
            {trend.data ? (
              <Chart
                testId="dashboard-trend"
                option={trendOption(trend.data, { current: t('statistics.charts.current'), before: t('statistics.compare.lastYear') }, trend.data.currency)}
                onClick={(e) => e.seriesIndex === 0 && open(trend.data, e.dataIndex, '')}
              />
            ) : null}
          </Card>
        </Col>
        {(['region', 'product', 'rep'] as const).map((g) => (
          <Col xs={24} lg={8} key={g}>
            <Top group={g} range={year} onOpen={(r, i) => open(r, i, '')} />
          </Col>
        ))}
      </Row>
      <DrillDrawer target={drill} onClose={() => setDrill(null)} />
    </PageContainer>
  );
}
