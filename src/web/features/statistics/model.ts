import type { ReportRow, SalesReport, StatGroup } from '../../api/statistics.types';

export type Compare = 'previous' | 'lastYear';
export const BREAKDOWNS: StatGroup[] = ['region', 'rep', 'department', 'product', 'category', 'customer', 'segment', 'month', 'quarter', 'year', 'none'];
export const TIME_BREAKDOWNS: StatGroup[] = ['month', 'quarter', 'year'];

/** The comparison column of a row or total: its figures and its growth. */
export const compared = (r: Pick<ReportRow, 'previous' | 'lastYear' | 'growthPrevious' | 'growthLastYear'>, c: Compare) =>
  c === 'previous' ? { m: r.previous, growth: r.growthPrevious } : { m: r.lastYear, growth: r.growthLastYear };

/** The comparison period of a report. */
export const comparedPeriod = (rep: SalesReport, c: Compare) => (c === 'previous' ? rep.previousPeriod : rep.lastYearPeriod);

/** The drill-down key of a row: its id or bucket, or "none" for the not-set row. */
export const drillKey = (r: ReportRow) => r.key ?? 'none';
