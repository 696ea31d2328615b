import { z } from 'zod';
import { line, pageQuery, uuid } from '../../platform/schema/common.schema';

/**
 * Customer group analysis (for leaders): RFM segments, ABC / Pareto by net sales,
 * new vs returning customers per month, dormant and churn-risk customers, and the
 * filtered customer list behind every segment. The rules are in docs/analysis.md.
 */

/** The RFM segments, in the order charts and tables show them (best first). */
export const RFM_SEGMENTS = ['champions', 'loyal', 'potential_loyalists', 'new', 'need_attention', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];
export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export const LIFECYCLE_KINDS = ['new', 'returning'] as const;
export const CHURN_REASONS = ['drop', 'overdue'] as const;
export const DIMENSIONS = ['none', 'region', 'industry', 'level', 'owner'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const ANALYSES = ['rfm', 'abc', 'lifecycle', 'dormant', 'churn'] as const;

/** A dimension value: an id or text, or `none` for customers where it is not set. */
export const NONE = 'none';
const day = z.iso.date();

/**
 * What every analysis takes: the day it is computed at, the period (months back from it),
 * and filters on the customer's region, industry, level and owner (`none` = not set).
 * A filter is an exact match on the customer's own value (a region filter does not include sub-regions),
 * so that a click on a breakdown cell lists exactly the customers it counted.
 */
export const analysisFilters = z.object({
  /** Default: today in the company's time zone. */
  asOf: day.optional(),
  /** The R/F/M and net-sales period: the months before asOf (default 12). */
  months: z.coerce.number().int().min(1).max(60).default(12),
  regionId: z.union([uuid, z.literal(NONE)]).optional(),
  industry: line(100).pipe(z.string().min(1)).optional(),
  level: z.enum(['A', 'B', 'C', 'D', NONE]).optional(),
  ownerId: z.union([uuid, z.literal(NONE)]).optional(),
});
export type AnalysisFilters = z.infer<typeof analysisFilters>;

const withDimension = { dimension: z.enum(DIMENSIONS).default('none') };
const dormantDays = z.coerce.number().int().min(30).max(3650).default(180);

export const rfmQuery = analysisFilters.extend(withDimension).strict();
export type RfmQuery = z.infer<typeof rfmQuery>;
export const abcQuery = analysisFilters.extend({ ...withDimension, top: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export type AbcQuery = z.infer<typeof abcQuery>;
export const lifecycleQuery = analysisFilters.strict();
export type LifecycleQuery = z.infer<typeof lifecycleQuery>;
export const dormancyQuery = analysisFilters.extend({ ...withDimension, dormantDays }).strict();
export type DormancyQuery = z.infer<typeof dormancyQuery>;

const memberFilters = analysisFilters.extend({
  analysis: z.enum(ANALYSES),
  /** rfm: a segment; abc: A, B or C; lifecycle: new or returning; churn: drop or overdue (optional); dormant: none. */
  segment: z.string().max(40).optional(),
  /** lifecycle: the month (YYYY-MM) the customers ordered in. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .optional(),
  dormantDays,
});

/** The segment must belong to the analysis (400 naming `segment` or `month` otherwise). */
function checkSegment(q: { analysis: (typeof ANALYSES)[number]; segment?: string; month?: string }, ctx: z.RefinementCtx) {
  const allowed: Record<(typeof ANALYSES)[number], readonly string[] | null> = {
    rfm: RFM_SEGMENTS,
    abc: ABC_CLASSES,
    lifecycle: LIFECYCLE_KINDS,
    churn: CHURN_REASONS,
    dormant: null,
  };
  const list = allowed[q.analysis];
  const required = q.analysis === 'rfm' || q.analysis === 'abc' || q.analysis === 'lifecycle';
  if (q.segment === undefined) {
    if (required) ctx.addIssue({ code: 'custom', path: ['segment'], message: `is required for ${q.analysis}` });
  } else if (!list || !list.includes(q.segment)) {
    ctx.addIssue({ code: 'custom', path: ['segment'], message: list ? `must be one of ${list.join(', ')}` : `is not used by ${q.analysis}` });
  }
  if (q.analysis === 'lifecycle' && !q.month) ctx.addIssue({ code: 'custom', path: ['month'], message: 'is required for lifecycle' });
  if (q.analysis !== 'lifecycle' && q.month) ctx.addIssue({ code: 'custom', path: ['month'], message: 'is only used by lifecycle' });
}

export const membersQuery = memberFilters.extend(pageQuery.shape).strict().superRefine(checkSegment);
export type MembersQuery = z.infer<typeof membersQuery>;
export const exportMembersQuery = memberFilters.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict().superRefine(checkSegment);
export type ExportMembersQuery = z.infer<typeof exportMembersQuery>;

/** The frame every answer states: the day, the period and the currency the money is in. */
const frame = {
  asOf: z.string(),
  /** First day of the period (inclusive). */
  periodStart: z.string(),
  months: z.number().int(),
  /** The company currency; orders in other currencies are left out. */
  currency: z.string(),
};

/** A group of the chosen dimension: key = id or value (`none` when not set), label = its name. */
const group = { key: z.string(), label: z.string().nullable() };
const money = z.number().int();

export const rfmResult = z.object({
  ...frame,
  dimension: z.enum(DIMENSIONS),
  /** Customers with at least one order on or before asOf. */
  customers: z.number().int(),
  segments: z.array(z.object({ segment: z.enum(RFM_SEGMENTS), customers: z.number().int(), netSales: money })),
  /** The R × FM grid (5 × 5) with the number of customers in each cell. */
  grid: z.array(z.object({ r: z.number().int(), fm: z.number().int(), customers: z.number().int() })),
  groups: z.array(z.object({ ...group, segment: z.enum(RFM_SEGMENTS), customers: z.number().int(), netSales: money })),
});
export type RfmResult = z.infer<typeof rfmResult>;

export const abcResult = z.object({
  ...frame,
  dimension: z.enum(DIMENSIONS),
  /** Customers with positive net sales in the period, and their total. */
  customers: z.number().int(),
  netSales: money,
  classes: z.array(z.object({ class: z.enum(ABC_CLASSES), customers: z.number().int(), netSales: money, share: z.number() })),
  /** The top customers by net sales, for the Pareto chart (bar = net sales, line = cumulative share). */
  points: z.array(z.object({ rank: z.number().int(), customerId: uuid, name: z.string(), netSales: money, cumulativeShare: z.number(), class: z.enum(ABC_CLASSES) })),
  groups: z.array(z.object({ ...group, class: z.enum(ABC_CLASSES), customers: z.number().int(), netSales: money })),
});
export type AbcResult = z.infer<typeof abcResult>;

export const lifecycleResult = z.object({
  ...frame,
  months: z.number().int(),
  series: z.array(
    z.object({
      month: z.string(),
      newCustomers: z.number().int(),
      returningCustomers: z.number().int(),
      newNetSales: money,
      returningNetSales: money,
    }),
  ),
});
export type LifecycleResult = z.infer<typeof lifecycleResult>;

export const dormancyResult = z.object({
  ...frame,
  dimension: z.enum(DIMENSIONS),
  dormantDays: z.number().int(),
  customers: z.number().int(),
  dormant: z.number().int(),
  churnRisk: z.number().int(),
  drop: z.number().int(),
  overdue: z.number().int(),
  /** Customers by days since their last order. */
  recency: z.array(z.object({ bucket: z.enum(['0-30', '31-90', '91-180', '181-365', '366+']), customers: z.number().int() })),
  groups: z.array(z.object({ ...group, customers: z.number().int(), dormant: z.number().int(), churnRisk: z.number().int() })),
});
export type DormancyResult = z.infer<typeof dormancyResult>;

export const memberDto = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  regionId: uuid.nullable(),
  regionName: z.string().nullable(),
  industry: z.string().nullable(),
  level: z.string().nullable(),
  firstOrderDate: z.string(),
  lastOrderDate: z.string(),
  daysSinceLastOrder: z.number().int(),
  /** Mean days between order days (customers with three order days or more). */
  usualIntervalDays: z.number().int().nullable(),
  /** Orders and net sales in the period. */
  orders: z.number().int(),
  netSales: money,
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  segment: z.enum(RFM_SEGMENTS),
  abcClass: z.enum(ABC_CLASSES).nullable(),
  isDormant: z.boolean(),
  churnReasons: z.array(z.enum(CHURN_REASONS)),
});
export type MemberDto = z.infer<typeof memberDto>;
