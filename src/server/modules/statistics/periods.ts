/**
 * Calendar arithmetic on 'YYYY-MM-DD' days (UTC, no time zone: a business day is a day).
 * A range that covers whole months is compared with whole months (February with January,
 * Q1 with Q4); any other range with the same number of days just before it.
 */
export interface Range {
  from: string;
  to: string;
}

const toDate = (d: string) => new Date(`${d}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export const addDays = (d: string, n: number) => fromDate(new Date(toDate(d).getTime() + n * 86_400_000));
export const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
export function monthEnd(d: string): string {
  const x = toDate(monthStart(d));
  x.setUTCMonth(x.getUTCMonth() + 1);
  return addDays(fromDate(x), -1);
}
/** The same day n months later (clamped to the month's last day: 31 March − 1 month = 28/29 February). */
export function addMonths(d: string, n: number): string {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + n;
  const first = fromDate(new Date(Date.UTC(y + Math.floor(m / 12), ((m % 12) + 12) % 12, 1)));
  const last = monthEnd(first);
  const day = Math.min(Number(d.slice(8, 10)), Number(last.slice(8, 10)));
  return `${first.slice(0, 8)}${String(day).padStart(2, '0')}`;
}
export const daysBetween = (a: string, b: string) => Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);

export const coversWholeMonths = (r: Range) => r.from === monthStart(r.from) && r.to === monthEnd(r.to);
const monthsIn = (r: Range) => (Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))) * 12 + Number(r.to.slice(5, 7)) - Number(r.from.slice(5, 7)) + 1;

/** The range moved back by whole months (month-aligned stays month-aligned). */
export function shiftMonths(r: Range, months: number): Range {
  if (coversWholeMonths(r)) return { from: addMonths(r.from, -months), to: monthEnd(addMonths(monthStart(r.to), -months)) };
  return { from: addMonths(r.from, -months), to: addMonths(r.to, -months) };
}

/** The period just before: the same number of months when the range is whole months, else of days. */
export function previousPeriod(r: Range): Range {
  if (coversWholeMonths(r)) return shiftMonths(r, monthsIn(r));
  const len = daysBetween(r.from, r.to) + 1;
  return { from: addDays(r.from, -len), to: addDays(r.from, -1) };
}

export const lastYearPeriod = (r: Range): Range => shiftMonths(r, 12);

export type Bucket = 'month' | 'quarter' | 'year';
const BUCKET_MONTHS: Record<Bucket, number> = { month: 1, quarter: 3, year: 12 };

/**
 * Quarters and years follow the company's fiscal year (settings: fiscalYearStartMonth, 1 =
 * January) and are named after the calendar year the fiscal year starts in, as statements
 * are (statements.periods.ts): with an April start, 2026-Q1 is April–June 2026 and 2026 is
 * April 2026 – March 2027. Months are calendar months.
 */
export function bucketKey(day: string, b: Bucket, fiscalStartMonth = 1): string {
  if (b === 'month') return day.slice(0, 7);
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const fy = m >= fiscalStartMonth ? y : y - 1;
  if (b === 'year') return String(fy);
  return `${fy}-Q${Math.floor(((m - fiscalStartMonth + 12) % 12) / 3) + 1}`;
}

function bucketStart(day: string, b: Bucket, fiscalStartMonth: number): string {
  if (b === 'month') return monthStart(day);
  const key = bucketKey(day, b, fiscalStartMonth);
  const yearStart = `${key.slice(0, 4)}-${String(fiscalStartMonth).padStart(2, '0')}-01`;
  return b === 'year' ? yearStart : addMonths(yearStart, 3 * (Number(key.slice(6)) - 1));
}

const BUCKET_LABELS = {
  en: { quarter: (fy: string, q: string) => `FY${fy} Q${q}`, year: (fy: string) => `FY${fy}` },
  'zh-CN': { quarter: (fy: string, q: string) => `${fy}财年第${q}季度`, year: (fy: string) => `${fy}财年` },
} as const;

/** A bucket key as the reader says it: 2026-03; FY2026 Q1 / 2026财年第1季度; FY2026 / 2026财年 (as the period picker names them, whatever month the fiscal year starts in). */
export function bucketLabel(key: string, b: Bucket, locale: 'en' | 'zh-CN'): string {
  if (b === 'month') return key;
  const t = BUCKET_LABELS[locale];
  return b === 'year' ? t.year(key.slice(0, 4)) : t.quarter(key.slice(0, 4), key.slice(6));
}

/**
 * The buckets a range falls into, each with the part of the range it covers, the same
 * part of the bucket before (previous) and of the year before. A partly covered first or
 * last bucket is compared with the same part of the earlier ones.
 */
export function bucketsOf(r: Range, b: Bucket, fiscalStartMonth = 1): { key: string; covered: Range; previous: Range; lastYear: Range }[] {
  const out = [];
  let start = bucketStart(r.from, b, fiscalStartMonth);
  while (start <= r.to) {
    const end = monthEnd(addMonths(start, BUCKET_MONTHS[b] - 1));
    const covered = { from: start < r.from ? r.from : start, to: end > r.to ? r.to : end };
    out.push({ key: bucketKey(start, b, fiscalStartMonth), covered, previous: shiftMonths(covered, BUCKET_MONTHS[b]), lastYear: shiftMonths(covered, 12) });
    start = addMonths(start, BUCKET_MONTHS[b]);
  }
  return out;
}
