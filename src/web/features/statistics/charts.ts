import type { EChartsCoreOption } from 'echarts/core';
import type { ReportRow, SalesReport } from '../../api/statistics.types';
import { compact, money } from './format';
import { compared, type Compare } from './model';

/**
 * ECharts options of the report page. Axis values are shown compact in the reader's
 * language (12万 / 120K) and labels are cut short, so Chinese names stay readable.
 */
const short = (s: string, n = 10) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const major = (minor: number) => minor / 100;
const valueAxis = { type: 'value', axisLabel: { formatter: (v: number) => compact(v) } };

export function barsOption(rows: ReportRow[], c: Compare, names: { current: string; before: string }, currency: string): EChartsCoreOption {
  const top = rows.slice(0, 15);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(Math.round(v * 100), currency) },
    legend: { data: [names.current, names.before], top: 0 },
    grid: { left: 60, right: 16, top: 32, bottom: 70 },
    xAxis: { type: 'category', data: top.map((r) => short(r.label)), axisLabel: { rotate: top.length > 5 ? 30 : 0, interval: 0 } },
    yAxis: valueAxis,
    series: [
      { name: names.current, type: 'bar', data: top.map((r) => major(r.current.netSales)) },
      { name: names.before, type: 'bar', data: top.map((r) => major(compared(r, c).m.netSales)) },
    ],
  };
}

export function trendOption(rep: SalesReport, names: { current: string; before: string }, currency: string): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(Math.round(v * 100), currency) },
    legend: { data: [names.current, names.before], top: 0 },
    grid: { left: 60, right: 16, top: 32, bottom: 30 },
    xAxis: { type: 'category', data: rep.rows.map((r) => r.label) },
    yAxis: valueAxis,
    series: [
      { name: names.current, type: 'line', smooth: true, data: rep.rows.map((r) => major(r.current.netSales)) },
      { name: names.before, type: 'line', smooth: true, lineStyle: { type: 'dashed' }, data: rep.rows.map((r) => major(r.lastYear.netSales)) },
    ],
  };
}

export function treemapOption(rep: SalesReport, currency: string): EChartsCoreOption {
  return {
    tooltip: { formatter: (p: { name: string; value: number }) => `${p.name}: ${money(Math.round(p.value * 100), currency)}` },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        label: { show: true, formatter: (p: { name: string; value: number }) => `${p.name}\n${compact(p.value)}` },
        data: rep.rows.filter((r) => r.current.netSales > 0).map((r) => ({ name: r.label, value: major(r.current.netSales), key: r.key })),
      },
    ],
  };
}

/** From the compared total to this period's, one step per row (the largest changes; the rest as one step). */
export function waterfallOption(rep: SalesReport, c: Compare, names: { start: string; end: string; others: string }, currency: string): EChartsCoreOption {
  const change = (r: SalesReport['rows'][number]) => r.current.netSales - compared(r, c).m.netSales;
  const deltas = rep.rows.filter((r) => r.others === undefined).map((r) => ({ label: r.label, delta: change(r) })).filter((d) => d.delta !== 0);
  deltas.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  const steps = deltas.slice(0, 8);
  // The report's own row of all other customers (a cut report) joins this chart's "others" step.
  const folded = rep.rows.filter((r) => r.others !== undefined).reduce((s, r) => s + change(r), 0);
  const rest = deltas.slice(8).reduce((s, d) => s + d.delta, 0) + folded;
  if (rest !== 0) steps.push({ label: names.others, delta: rest });
  const start = compared(rep.total, c).m.netSales;
  const labels = [names.start, ...steps.map((s) => short(s.label)), names.end];
  const base: (number | string)[] = ['-'];
  const up: (number | string)[] = [major(start)];
  const down: (number | string)[] = ['-'];
  let cum = start;
  for (const s of steps) {
    const next = cum + s.delta;
    base.push(major(Math.min(cum, next)));
    up.push(s.delta > 0 ? major(s.delta) : '-');
    down.push(s.delta < 0 ? major(-s.delta) : '-');
    cum = next;
  }
  base.push('-');
  up.push(major(rep.total.current.netSales));
  down.push('-');
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? money(Math.round(v * 100), currency) : '') },
    grid: { left: 60, right: 16, top: 16, bottom: 70 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 5 ? 30 : 0, interval: 0 } },
    yAxis: valueAxis,
    series: [
      { type: 'bar', stack: 'w', itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, tooltip: { show: false }, data: base },
      { type: 'bar', stack: 'w', itemStyle: { color: '#52c41a' }, data: up },
      { type: 'bar', stack: 'w', itemStyle: { color: '#ff4d4f' }, data: down },
    ],
  };
}
