import { z } from 'zod';
import { text, uuid, version } from '../../platform/schema/common.schema';

/** Reps' periodic statements and the department report (issue 5, docs/statements.md). */
export const STATEMENT_KINDS = ['month', 'quarter', 'year'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export const STATEMENT_STATUSES = ['open', 'submitted', 'queried', 'resubmitted', 'accepted'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
/** Statuses in which a statement counts as handed in (the period may be consolidated once every statement is). */
export const HANDED_IN: readonly StatementStatus[] = ['submitted', 'resubmitted', 'accepted'];

/** The figures of a statement: money in minor units, the rest counts. Gross margin is null where no cost is known. */
export const FIGURES = ['netSales', 'grossSales', 'returns', 'orders', 'newCustomers', 'activeCustomers', 'grossMargin'] as const;
export type Figure = (typeof FIGURES)[number];
export const MONEY_FIGURES: readonly Figure[] = ['netSales', 'grossSales', 'returns', 'grossMargin'];

const amount = z.number().int().min(-1e15).max(1e15);
export const figuresDto = z.object(Object.fromEntries(FIGURES.map((f) => [f, amount.nullable()])) as Record<Figure, z.ZodNullable<typeof amount>>);
export type FiguresDto = z.infer<typeof figuresDto>;
/** What a rep reports: only the figures they see differently; a missing or null figure agrees with the system. */
export const reportedFigures = z.object(Object.fromEntries(FIGURES.map((f) => [f, amount.nullable().optional()])) as Record<Figure, z.ZodOptional<z.ZodNullable<typeof amount>>>).strict();
export type ReportedFigures = z.infer<typeof reportedFigures>;

/** 'YYYY-MM' for a month, 'YYYY-Qn' for a quarter, 'YYYY' for a year (fiscal: named after the year the fiscal year starts in). */
export const periodKey = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period such as 2026-03, 2026-Q1 or 2026');

export const periodRef = z.object({ kind: z.enum(STATEMENT_KINDS), periodKey, departmentId: uuid.optional() }).strict();
export type PeriodRef = z.infer<typeof periodRef>;

export const flagDto = z.object({ figure: z.enum(FIGURES), system: z.number().int().nullable(), reported: z.number().int(), difference: z.number().int() });
export type FlagDto = z.infer<typeof flagDto>;

export const reminderInfoDto = z.object({
  /** Reminders sent to the rep (before, on the day, overdue). */
  count: z.number().int(),
  lastAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  escalatedToName: z.string().nullable(),
});

export const statementDto = z.object({
  id: uuid,
  number: z.string(),
  repId: uuid,
  repName: z.string(),
  departmentId: uuid,
  kind: z.enum(STATEMENT_KINDS),
  periodKey: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  dueOn: z.iso.date(),
  status: z.enum(STATEMENT_STATUSES),
  /** Past its due date and not handed in. */
  isLate: z.boolean(),
  currency: z.string(),
  system: figuresDto,
  reported: figuresDto,
  flags: z.array(flagDto),
  market: z.string(),
  problems: z.string(),
  nextSteps: z.string(),
  queryQuestion: z.string().nullable(),
  queryAnswer: z.string().nullable(),
  submittedAt: z.string().nullable(),
  queriedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  reminders: reminderInfoDto,
  canEdit: z.boolean(),
  canReview: z.boolean(),
  version: z.number().int(),
});
export type StatementDto = z.infer<typeof statementDto>;

export const statementSummaryDto = statementDto.pick({ id: true, number: true, repId: true, repName: true, kind: true, periodKey: true, from: true, to: true, dueOn: true, status: true, isLate: true, submittedAt: true, version: true });
export type StatementSummaryDto = z.infer<typeof statementSummaryDto>;

export const listStatementsQuery = z
  .object({
    kind: z.enum(STATEMENT_KINDS).optional(),
    periodKey: periodKey.optional(),
    status: z.enum(STATEMENT_STATUSES).optional(),
    repId: uuid.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListStatementsQuery = z.infer<typeof listStatementsQuery>;

export const updateStatementBody = z
  .object({
    reported: reportedFigures.optional(),
    market: text(5000).optional(),
    problems: text(5000).optional(),
    nextSteps: text(5000).optional(),
    version,
  })
  .strict();
export type UpdateStatementInput = z.infer<typeof updateStatementBody>;

export const submitStatementBody = updateStatementBody.extend({ answer: text(5000).optional() }).strict();
export type SubmitStatementInput = z.infer<typeof submitStatementBody>;
export const queryStatementBody = z.object({ question: text(5000).pipe(z.string().trim().min(1, 'is required')), version }).strict();
export const acceptStatementBody = z.object({ version }).strict();

// ---------------------------------------------------------------- board, calendar, periods

export const periodDto = z.object({
  id: uuid.nullable(),
  departmentId: uuid,
  departmentName: z.string(),
  kind: z.enum(STATEMENT_KINDS),
  periodKey: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  dueOn: z.iso.date(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  closeReason: z.string().nullable(),
  version: z.number().int().nullable(),
});
export type PeriodDto = z.infer<typeof periodDto>;

export const boardRowDto = z.object({
  repId: uuid,
  repName: z.string(),
  statementId: uuid.nullable(),
  status: z.enum(STATEMENT_STATUSES).nullable(),
  /** submitted: handed in; late: past due and not in; due: not in yet, not late. */
  state: z.enum(['submitted', 'late', 'due']),
  submittedAt: z.string().nullable(),
  flagCount: z.number().int(),
  reminders: reminderInfoDto,
});
export const boardDto = z.object({
  period: periodDto,
  rows: z.array(boardRowDto),
  counts: z.object({ submitted: z.number().int(), late: z.number().int(), due: z.number().int() }),
  /** Every statement is in, or the period is closed: the department report can be consolidated. */
  canConsolidate: z.boolean(),
  reports: z.array(z.object({ id: uuid, number: z.string(), versionNo: z.number().int(), status: z.string(), createdAt: z.string() })),
});
export type BoardDto = z.infer<typeof boardDto>;
export const boardQuery = periodRef;

export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), departmentId: uuid.optional() }).strict();
export const calendarDto = z.object({
  year: z.number().int(),
  periods: z.array(
    z.object({
      kind: z.enum(STATEMENT_KINDS),
      periodKey: z.string(),
      from: z.iso.date(),
      to: z.iso.date(),
      dueOn: z.iso.date(),
      reps: z.array(z.object({ repId: uuid, repName: z.string(), statementId: uuid.nullable(), status: z.enum(STATEMENT_STATUSES).nullable(), isLate: z.boolean() })),
    }),
  ),
});
export type CalendarDto = z.infer<typeof calendarDto>;

export const closePeriodBody = periodRef.extend({ reason: text(2000).pipe(z.string().trim().min(1, 'is required')), version: version.optional() }).strict();
export const consolidateBody = periodRef.extend({ locale: z.enum(['en', 'zh-CN']).optional() }).strict();

// ---------------------------------------------------------------- settings

export const statementSettingsSchema = z
  .object({
    /** Calendar days after the period's last day by which the statement is due. */
    dueDays: z.object({ month: z.number().int().min(0).max(60), quarter: z.number().int().min(0).max(90), year: z.number().int().min(0).max(120) }).strict(),
    /** Days before the due date the first reminder goes out. */
    remindDaysBefore: z.number().int().min(0).max(30),
    /** Overdue days after which the rep's manager hears of it (0: the first day late). */
    escalateAfterDays: z.number().int().min(0).max(60),
    /** A reported money figure is flagged when it differs from the system's by more than both of these. */
    toleranceMinor: z.number().int().min(0).max(1e12),
    /** Percent of the system's figure, as a decimal string ('0.5' = 0.5 %); also applies to counts. */
    tolerancePercent: z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage such as 0.5'),
  })
  .strict();
export type StatementSettings = z.infer<typeof statementSettingsSchema>;
export const DEFAULT_STATEMENT_SETTINGS: StatementSettings = {
  dueDays: { month: 5, quarter: 10, year: 20 },
  remindDaysBefore: 2,
  escalateAfterDays: 0,
  toleranceMinor: 100,
  tolerancePercent: '0',
};

// ---------------------------------------------------------------- department report

export const reportRepRowDto = z.object({
  repId: uuid,
  repName: z.string(),
  statementId: uuid.nullable(),
  status: z.enum(STATEMENT_STATUSES).nullable(),
  /** In the report: handed in; missing: open, queried or never opened (see the period's close reason). */
  isIn: z.boolean(),
  system: figuresDto,
  reported: figuresDto,
  flags: z.array(flagDto),
});
export const reportContentDto = z.object({
  departmentName: z.string(),
  from: z.iso.date(),
  to: z.iso.date(),
  closeReason: z.string().nullable(),
  /** Sum of the per-rep system figures (gross margin: of the reps where it is known). */
  totals: figuresDto,
  reportedTotals: figuresDto,
  rows: z.array(reportRepRowDto),
  excerpts: z.array(z.object({ repName: z.string(), market: z.string(), problems: z.string(), nextSteps: z.string() })),
  /** Net sales per month of the period, the department's total: the trend chart. */
  trend: z.array(z.object({ month: z.string(), netSales: z.number().int() })),
});
export type ReportContentDto = z.infer<typeof reportContentDto>;

export const departmentReportDto = z.object({
  id: uuid,
  number: z.string(),
  departmentId: uuid,
  kind: z.enum(STATEMENT_KINDS),
  periodKey: z.string(),
  versionNo: z.number().int(),
  status: z.enum(['pending', 'acknowledged', 'returned', 'withdrawn', 'superseded']),
  locale: z.enum(['en', 'zh-CN']),
  currency: z.string(),
  content: reportContentDto,
  pdfFileId: uuid.nullable(),
  archiveDocumentId: uuid.nullable(),
  approvalRequestId: uuid.nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  versions: z.array(z.object({ id: uuid, versionNo: z.number().int(), status: z.string(), createdAt: z.string(), pdfFileId: uuid.nullable() })),
});
export type DepartmentReportDto = z.infer<typeof departmentReportDto>;

export const listReportsQuery = z.object({ kind: z.enum(STATEMENT_KINDS).optional(), periodKey: periodKey.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const reportSummaryDto = departmentReportDto.pick({ id: true, number: true, departmentId: true, kind: true, periodKey: true, versionNo: true, status: true, pdfFileId: true, createdAt: true, createdByName: true });
export type ReportSummaryDto = z.infer<typeof reportSummaryDto>;

