import dayjs from 'dayjs';

/**
 * The period picker's arithmetic: months, fiscal quarters and fiscal years (the company's
 * fiscal year starts in `fyStart`, 1–12; a fiscal year is named after the calendar year it
 * starts in), or any range. The report API takes plain from/to days.
 */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';
export interface Period {
  kind: PeriodKind;
  /** month: YYYY-MM; quarter: FY-Qn (e.g. 2026-Q2); year: FY (e.g. 2026); range: from..to */
  value: string;
}
export interface Range {
  from: string;
  to: string;
}

const fmt = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/** The fiscal year a day falls in. */
export function fiscalYearOf(day: string, fyStart: number): number {
  const d = dayjs(day);
  return d.month() + 1 >= fyStart ? d.year() : d.year() - 1;
}

export function fiscalYearRange(fy: number, fyStart: number): Range {
  const start = dayjs(`${fy}-${String(fyStart).padStart(2, '0')}-01`);
  return { from: fmt(start), to: fmt(start.add(12, 'month').subtract(1, 'day')) };
}

export function fiscalQuarterRange(fy: number, q: number, fyStart: number): Range {
  const start = dayjs(fiscalYearRange(fy, fyStart).from).add((q - 1) * 3, 'month');
  return { from: fmt(start), to: fmt(start.add(3, 'month').subtract(1, 'day')) };
}

/** The fiscal quarter (1–4) a day falls in. */
export function fiscalQuarterOf(day: string, fyStart: number): { fy: number; q: number } {
  const fy = fiscalYearOf(day, fyStart);
  const months = dayjs(day).startOf('month').diff(dayjs(fiscalYearRange(fy, fyStart).from), 'month');
  return { fy, q: Math.floor(months / 3) + 1 };
}

export function rangeOf(p: Period, fyStart: number): Range {
  if (p.kind === 'month') {
    const m = dayjs(`${p.value}-01`);
    return { from: fmt(m), to: fmt(m.endOf('month')) };
  }
  if (p.kind === 'quarter') {
    const [fy, q] = p.value.split('-Q').map(Number);
    return fiscalQuarterRange(fy, q, fyStart);
  }
  if (p.kind === 'year') return fiscalYearRange(Number(p.value), fyStart);
  const [from, to] = p.value.split('..');
  return { from, to };
}

/** The current period of a kind (today's month, fiscal quarter, fiscal year; a range is this month so far). */
export function currentPeriod(kind: PeriodKind, fyStart: number, today = fmt(dayjs())): Period {
  if (kind === 'month') return { kind, value: today.slice(0, 7) };
  if (kind === 'quarter') {
    const { fy, q } = fiscalQuarterOf(today, fyStart);
    return { kind, value: `${fy}-Q${q}` };
  }
  if (kind === 'year') return { kind, value: String(fiscalYearOf(today, fyStart)) };
  return { kind, value: `${today.slice(0, 8)}01..${today}` };
}

/** Parses a period from the address bar, or undefined when it is not one. */
export function parsePeriod(kind: string | null, value: string | null): Period | undefined {
  if (!kind || !value) return undefined;
  const ok =
    (kind === 'month' && /^\d{4}-\d{2}$/.test(value)) ||
    (kind === 'quarter' && /^\d{4}-Q[1-4]$/.test(value)) ||
    (kind === 'year' && /^\d{4}$/.test(value)) ||
    (kind === 'range' && /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(value));
  return ok ? { kind: kind as PeriodKind, value } : undefined;
}

/** The twelve months up to and including the one a day is in. */
export const trailingYear = (to: string): Range => ({ from: fmt(dayjs(to).startOf('month').subtract(11, 'month')), to: fmt(dayjs(to).endOf('month')) });
