import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Chart } from '../../ui/Chart';
import { compact, LIFECYCLE_COLORS, membersLink, toMajor, type AnalysisParams } from './model';
import { LinkTable, money, Note, Panel, TabFrame } from './parts';
import { useLifecycle } from './queries';

const KINDS = ['new', 'returning'] as const;

/** New vs returning per month: stacked bars of customers and of net sales; a bar opens that month's customers of that kind. */
export function LifecycleTab({ params }: { params: AnalysisParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useLifecycle(params);
  const data = q.data;
  const frame = data && { asOf: data.asOf, months: data.months, currency: data.currency };
  const link = (kind: (typeof KINDS)[number], month: string) => membersLink(frame!, { analysis: 'lifecycle', segment: kind, month });
  const open = (p: { seriesIndex: number; dataIndex: number }) => navigate(link(KINDS[p.seriesIndex], data!.series[p.dataIndex].month));
  const empty = !!data && data.series.every((s) => s.newCustomers + s.returningCustomers === 0);
  const fmt = data ? money(data.currency) : () => '';
  const common = (values: (s: NonNullable<typeof data>['series'][number]) => [number, number], valueFormatter?: (v: number) => string) => ({
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: data!.series.map((s) => s.month) },
    yAxis: { type: 'value', minInterval: 1, ...(valueFormatter && { axisLabel: { formatter: valueFormatter } }) },
    series: KINDS.map((kind, i) => ({ name: t(`analysis.lifecycle.${kind}`), type: 'bar', stack: 'all', itemStyle: { color: LIFECYCLE_COLORS[kind] }, data: data!.series.map((s) => values(s)[i]) })),
  });
  return (
    <TabFrame loading={q.isFetching} error={q.error} empty={empty} frame={data}>
      {data ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Note>{t('analysis.lifecycle.note')}</Note>
          <Panel title={t('analysis.lifecycle.customersChart')}>
            <Chart testId="lifecycle-customers-chart" onClick={open} option={common((s) => [s.newCustomers, s.returningCustomers])} />
          </Panel>
          <Panel title={`${t('analysis.lifecycle.salesChart')} (${data.currency})`}>
            <Chart testId="lifecycle-sales-chart" onClick={open} option={common((s) => [toMajor(s.newNetSales), toMajor(s.returningNetSales)], compact)} />
          </Panel>
          <LinkTable
            testId="lifecycle-table"
            rows={[...data.series].reverse()}
            rowKey={(r) => r.month}
            columns={[
              { title: t('analysis.columns.month'), dataIndex: 'month' },
              { title: t('analysis.lifecycle.new'), align: 'right', render: (_, r) => (r.newCustomers ? <Link to={link('new', r.month)}>{r.newCustomers}</Link> : 0) },
              { title: t('analysis.lifecycle.new') + ' · ' + t('analysis.columns.netSales'), align: 'right', render: (_, r) => fmt(r.newNetSales) },
              { title: t('analysis.lifecycle.returning'), align: 'right', render: (_, r) => (r.returningCustomers ? <Link to={link('returning', r.month)}>{r.returningCustomers}</Link> : 0) },
              { title: t('analysis.lifecycle.returning') + ' · ' + t('analysis.columns.netSales'), align: 'right', render: (_, r) => fmt(r.returningNetSales) },
            ]}
          />
        </Space>
      ) : null}
    </TabFrame>
  );
}
