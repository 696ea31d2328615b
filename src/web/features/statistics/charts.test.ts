import { describe, expect, it, vi } from 'vitest';

// format reads the language from i18n, which looks at the browser; Node 20 has no navigator.
vi.hoisted(() => {
  if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en'], language: 'en' }, configurable: true });
});
import type { ReportRow, SalesReport } from '../../api/statistics.types';
import { waterfallOption } from './charts';

const measures = (netSales: number) => ({
  orders: 1, lines: 1, sales: netSales, returns: 0, netSales, tax: 0, averageOrderValue: null, costedNetSales: 0, cost: 0, grossMargin: null, activeCustomers: 1, newCustomers: 0,
});
const row = (key: string, now: number, before: number, others?: number): ReportRow => ({
  key, label: key, current: measures(now), previous: measures(before), lastYear: measures(before), growthPrevious: null, growthLastYear: null, share: null, rank: 1, ...(others === undefined ? {} : { others }),
});

describe('the growth waterfall', () => {
  // Twelve customers and the report's own row of all others: the chart's steps are the eight largest changes, its
  // "others" step the remaining four and the report's folded row, and the bars walk from the compared total to this one.
  const rows = [...Array.from({ length: 12 }, (_, i) => row(`c${i}`, 10_000 * (i + 1), 5_000 * (i + 3))), row('others', 70_000, 90_000, 300)];
  const sum = (pick: (r: ReportRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const report = { rows, total: row('', sum((r) => r.current.netSales), sum((r) => r.lastYear.netSales)) } as unknown as SalesReport;
  const option = waterfallOption(report, 'lastYear', { start: 'Then', end: 'Now', others: 'Others' }, 'CNY') as { xAxis: { data: string[] }; series: { data: (number | string)[] }[] };

  it('shows the eight largest changes of single rows, then one step for all the rest', () => {
    expect(option.xAxis.data[0]).toBe('Then');
    expect(option.xAxis.data.at(-1)).toBe('Now');
    expect(option.xAxis.data.at(-2)).toBe('Others');
    expect(option.xAxis.data).not.toContain('others');
    expect(option.xAxis.data).toHaveLength(11);
  });

  it('walks exactly from the compared total to this period’s', () => {
    const [, up, down] = option.series.map((s) => s.data.map((v) => (typeof v === 'number' ? Math.round(v * 100) : 0)));
    const start = up![0]!;
    const steps = up!.slice(1, -1).reduce((s, v) => s + v, 0) - down!.slice(1, -1).reduce((s, v) => s + v, 0);
    expect(start).toBe(report.total.lastYear.netSales);
    expect(start + steps).toBe(report.total.current.netSales);
    expect(up!.at(-1)).toBe(report.total.current.netSales);
  });
});
