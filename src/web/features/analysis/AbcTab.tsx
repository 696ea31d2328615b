import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { AbcResult } from '../../api/analysis.types';
import { Chart } from '../../ui/Chart';
import { ABC_CLASSES, CLASS_COLORS, compact, distinctGroups, escapeHtml, formatShare, membersLink, toMajor, type AnalysisParams } from './model';
import { Kpis, LinkTable, money, Panel, TabFrame } from './parts';
import { useAbc } from './queries';

type AbcClass = (typeof ABC_CLASSES)[number];

/** ABC / Pareto: the top customers as bars (coloured by class) with the cumulative share as a line; classes and their breakdown. */
export function AbcTab({ params }: { params: AnalysisParams }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useAbc(params);
  const data = q.data;
  const frame = data && { asOf: data.asOf, months: data.months, currency: data.currency };
  const open = (cls: AbcClass, group?: { key: string; label: string }) => navigate(membersLink(frame!, { analysis: 'abc', segment: cls, group: group && { dimension: data!.dimension, key: group.key, label: group.label } }));
  const fmt = data ? money(data.currency) : () => '';
  return (
    <TabFrame loading={q.isFetching} error={q.error} empty={!!data && data.customers === 0} frame={data}>
      {data ? (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Kpis
            items={[
              { title: t('analysis.kpi.ranked'), value: data.customers, testId: 'abc-customers' },
              { title: t('analysis.kpi.netSales'), value: fmt(data.netSales), testId: 'abc-net-sales' },
              ...data.classes.map((c) => ({ title: t(`analysis.abc.classes.${c.class}`), value: c.customers, link: c.customers ? membersLink(frame!, { analysis: 'abc', segment: c.class }) : undefined, color: CLASS_COLORS[c.class], testId: `abc-count-${c.class}` })),
            ]}
          />
          <Panel title={t('analysis.abc.chart', { count: data.points.length })}>
            <Chart
              testId="abc-chart"
              height={360}
              onClick={(p) => open(data.points[p.dataIndex].class)}
              option={{
                grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
                legend: { top: 0, data: [t('analysis.abc.netSales'), t('analysis.abc.cumulative')] },
                tooltip: {
                  trigger: 'axis',
                  axisPointer: { type: 'shadow' },
                  formatter: (ps: { dataIndex: number }[]) => {
                    const pt = data.points[ps[0].dataIndex];
                    return `#${pt.rank} ${escapeHtml(pt.name)} (${pt.class})<br/>${fmt(pt.netSales)} · ${formatShare(pt.cumulativeShare)}`;
                  },
                },
                xAxis: { type: 'category', data: data.points.map((p) => p.name), axisLabel: { show: data.points.length <= 12, interval: 0, width: 90, overflow: 'truncate' } },
                yAxis: [
                  { type: 'value', name: data.currency, axisLabel: { formatter: (v: number) => compact(v) } },
                  { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
                ],
                series: [
                  { name: t('analysis.abc.netSales'), type: 'bar', data: data.points.map((p) => ({ value: toMajor(p.netSales), itemStyle: { color: CLASS_COLORS[p.class] } })) },
                  { name: t('analysis.abc.cumulative'), type: 'line', yAxisIndex: 1, symbolSize: 5, itemStyle: { color: '#d4380d' }, data: data.points.map((p) => Math.round(p.cumulativeShare * 1000) / 10) },
                ],
              }}
            />
          </Panel>
          <LinkTable
            testId="abc-classes"
            rows={data.classes}
            rowKey={(r) => r.class}
            columns={[
              { title: t('analysis.columns.class'), render: (_, r) => <Tag color={CLASS_COLORS[r.class]}>{t(`analysis.abc.classes.${r.class}`)}</Tag> },
              { title: t('analysis.columns.customers'), align: 'right', render: (_, r) => (r.customers ? <Link to={membersLink(frame!, { analysis: 'abc', segment: r.class })}>{r.customers}</Link> : 0) },
              { title: t('analysis.columns.netSales'), align: 'right', render: (_, r) => fmt(r.netSales) },
              { title: t('analysis.columns.share'), align: 'right', render: (_, r) => formatShare(r.share) },
            ]}
          />
          {data.dimension !== 'none' ? <AbcBreakdown data={data} onOpen={open} /> : null}
        </Space>
      ) : null}
    </TabFrame>
  );
}

function AbcBreakdown({ data, onOpen }: { data: AbcResult; onOpen: (c: AbcClass, g: { key: string; label: string }) => void }) {
  const { t } = useTranslation();
  const groups = distinctGroups(data.groups);
  const cell = (key: string, c: AbcClass) => data.groups.find((g) => g.key === key && g.class === c)?.customers ?? 0;
  return (
    <Panel title={t('analysis.abc.byGroup', { dimension: t(`analysis.dimensions.${data.dimension}`) })}>
      <Chart
        testId="abc-breakdown-chart"
        height={Math.max(200, 40 + groups.length * 34)}
        onClick={(p) => onOpen(ABC_CLASSES[p.seriesIndex], groups[p.dataIndex])}
        option={{
          grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
          legend: { top: 0 },
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', inverse: true, data: groups.map((g) => g.label) },
          series: ABC_CLASSES.map((c) => ({ name: c, type: 'bar', stack: 'all', label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') }, itemStyle: { color: CLASS_COLORS[c] }, data: groups.map((g) => cell(g.key, c)) })),
        }}
      />
    </Panel>
  );
}
