import { fieldError } from '../../http/app-error';
import { addDays, addMonths, monthEnd } from '../statistics/periods';
import type { StatementKind } from './statements.schema';

/**
 * Statement periods on the calendar of statistics/periods.ts. Months are calendar months;
 * quarters and years follow the company's fiscal year (settings: fiscalYearStartMonth) and
 * are named after the calendar year the fiscal year starts in: with an April start,
 * 2026-Q1 is April–June 2026 and 2026 is April 2026 – March 2027.
 */
export interface StatementPeriod {
  kind: StatementKind;
  key: string;
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS: Record<StatementKind, number> = { month: 1, quarter: 3, year: 12 };

function fromStart(kind: StatementKind, key: string, from: string): StatementPeriod {
  return { kind, key, from, to: monthEnd(addMonths(from, MONTHS[kind] - 1)) };
}

/** The period a key names; a key of the wrong shape for its kind is a 400 on periodKey. */
export function periodOf(kind: StatementKind, key: string, fiscalStartMonth: number): StatementPeriod {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  const year = /^(\d{4})$/.exec(key);
  const fyStart = (y: string) => `${y}-${pad(fiscalStartMonth)}-01`;
  if (kind === 'month' && month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return fromStart(kind, key, `${key}-01`);
  if (kind === 'quarter' && quarter) return fromStart(kind, key, addMonths(fyStart(quarter[1]), 3 * (Number(quarter[2]) - 1)));
  if (kind === 'year' && year) return fromStart(kind, key, fyStart(year[1]));
  throw fieldError('periodKey', 'invalid', `Not a ${kind}: use ${kind === 'month' ? '2026-03' : kind === 'quarter' ? '2026-Q1' : '2026'}`);
}

/** The period of a kind that contains a day. */
export function periodContaining(kind: StatementKind, day: string, fiscalStartMonth: number): StatementPeriod {
  if (kind === 'month') return periodOf(kind, day.slice(0, 7), fiscalStartMonth);
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const fy = m >= fiscalStartMonth ? y : y - 1;
  if (kind === 'year') return periodOf(kind, String(fy), fiscalStartMonth);
  const monthsIn = (m - fiscalStartMonth + 12) % 12;
  return periodOf(kind, `${fy}-Q${Math.floor(monthsIn / 3) + 1}`, fiscalStartMonth);
}

/** The latest period of a kind that has ended before a day (the one whose statements are being written). */
export function lastEndedPeriod(kind: StatementKind, today: string, fiscalStartMonth: number): StatementPeriod {
  return periodContaining(kind, addDays(periodContaining(kind, today, fiscalStartMonth).from, -1), fiscalStartMonth);
}

/** The twelve months of a calendar year, the four quarters and the fiscal year named after it. */
export function periodsOfYear(year: number, fiscalStartMonth: number): StatementPeriod[] {
  const out: StatementPeriod[] = [];
  for (let m = 1; m <= 12; m++) out.push(periodOf('month', `${year}-${pad(m)}`, fiscalStartMonth));
  for (let q = 1; q <= 4; q++) out.push(periodOf('quarter', `${year}-Q${q}`, fiscalStartMonth));
  out.push(periodOf('year', String(year), fiscalStartMonth));
  return out;
}

/** The calendar months a period covers ('YYYY-MM'), for the trend chart. */
export function monthsOf(p: StatementPeriod): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addMonths(d, 1)) out.push(d.slice(0, 7));
  return out;
}

export const dueDateOf = (p: StatementPeriod, dueDays: number) => addDays(p.to, dueDays);
