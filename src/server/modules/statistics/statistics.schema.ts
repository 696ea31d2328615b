import { z } from 'zod';
import { uuid } from '../../platform/schema/common.schema';

const day = z.iso.date();

/** What a sales report can be broken down by. */
/** The job queue that tidies the summary tables (VACUUM ANALYZE on PGlite, which has no autovacuum; summary.ts). */
export const SUMMARY_TIDY_QUEUE = 'stats.tidy';

export const STAT_GROUPS = ['none', 'rep', 'department', 'region', 'product', 'category', 'customer', 'month', 'quarter', 'year', 'segment'] as const;
export type StatGroup = (typeof STAT_GROUPS)[number];
export const TIME_GROUPS: readonly StatGroup[] = ['month', 'quarter', 'year'];

/** The longest range one report covers (ten years). */
export const MAX_RANGE_DAYS = 3660;

/** The range and filters every statistics question shares (report, drill-down, pivot, exports). */
export const reportFilters = {
  from: day,
  to: day,
  ownerId: uuid.optional(),
  departmentId: uuid.optional(),
  regionId: uuid.optional(),
  productId: uuid.optional(),
  categoryId: uuid.optional(),
  customerId: uuid.optional(),
};

/** The range is checked once for every schema built on reportFilters. */
export function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The end is before the start' });
  else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_RANGE_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RANGE_DAYS} days in one report` });
}

/** Breakdowns long enough to be cut to their largest rows (`top`): thousands of customers, hundreds of products. */
export const TOP_GROUPS: readonly StatGroup[] = ['customer', 'product'];
/** The row that holds everything beyond the `top` rows. */
export const OTHERS_KEY = 'others';

export const salesReportQuery = z
  .object({
    ...reportFilters,
    groupBy: z.enum(STAT_GROUPS).default('none'),
    /**
     * Keep the `top` rows by net sales of the period and fold the rest into one row (key
     * "others", with how many it holds): the report page asks this for customers, whose
     * full list (thousands) is for the export. Totals, shares and ranks stay those of
     * every row.
     */
    top: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .superRefine(checkRange)
  .superRefine((q, ctx) => {
    if (q.top !== undefined && !TOP_GROUPS.includes(q.groupBy)) ctx.addIssue({ code: 'custom', path: ['top'], message: `Only a breakdown by ${TOP_GROUPS.join(' or ')} is cut to its top rows` });
  });
export type SalesReportQuery = z.infer<typeof salesReportQuery>;

/**
 * The indicators of one period, all money in minor units. `sales` are the order lines
 * counted (confirmed, delivered, closed), `returns` the confirmed returns dated in the
 * period; netSales = sales − returns. Costs and margins only over lines with a known
 * cost. `orders` is null where the breakdown cannot count whole orders (by product).
 */
export const measuresDto = z.object({
  orders: z.number().int().nullable(),
  lines: z.number().int(),
  sales: z.number().int(),
  returns: z.number().int(),
  netSales: z.number().int(),
  tax: z.number().int(),
  averageOrderValue: z.number().int().nullable(),
  costedNetSales: z.number().int(),
  cost: z.number().int(),
  grossMargin: z.number().int().nullable(),
  /**
   * Distinct customers with a counted order line in the period (returns aside), and those of
   * them whose first counted line ever falls in it (statistics.customers.ts). Counts, not
   * sums: a breakdown's rows need not add up to the total. Null in a breakdown by product or
   * category (a count per product would need every line).
   */
  activeCustomers: z.number().int().nullable(),
  newCustomers: z.number().int().nullable(),
});
export type MeasuresDto = z.infer<typeof measuresDto>;

const periodDto = z.object({ from: day, to: day });

export const reportRowDto = z.object({
  /** The id (rep, region, …), the bucket (2026-03, 2026-Q1, 2026) or null for "not set". */
  key: z.string().nullable(),
  label: z.string(),
  current: measuresDto,
  previous: measuresDto,
  lastYear: measuresDto,
  /** (current − previous) / |previous| of net sales, 4 decimals; null when previous is 0. */
  growthPrevious: z.number().nullable(),
  growthLastYear: z.number().nullable(),
  /** Net sales as a share of the total's, 4 decimals; null when the total is 0. */
  share: z.number().nullable(),
  /** 1 = the largest net sales (equal figures share a rank); the "others" row ranks after the top rows. */
  rank: z.number().int(),
  /** Only on the "others" row of a report cut to its `top` rows: how many rows it folds together. */
  others: z.number().int().optional(),
});
export type ReportRowDto = z.infer<typeof reportRowDto>;

export const salesReportDto = z.object({
  groupBy: z.enum(STAT_GROUPS),
  currency: z.string(),
  period: periodDto,
  previousPeriod: periodDto,
  lastYearPeriod: periodDto,
  rows: z.array(reportRowDto),
  total: reportRowDto.omit({ rank: true, share: true }),
});
export type SalesReportDto = z.infer<typeof salesReportDto>;
