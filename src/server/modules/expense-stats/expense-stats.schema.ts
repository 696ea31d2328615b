import { z } from 'zod';
import { isoDate } from '../ledger/ledger.schema';

const uuid = z.uuid();

/** Which expenses: a date range and optional filters (a rep's are narrowed to their own in the service). */
const filters = {
  from: isoDate,
  to: isoDate,
  employeeId: uuid.optional(),
  departmentId: uuid.optional(),
  tripId: uuid.optional(),
  customerId: uuid.optional(),
};
const fromNotAfterTo = (q: { from: string; to: string }) => q.from <= q.to;
const rangeIssue = { message: 'must not be after to', path: ['from'] };

export const PERIOD_GRAINS = ['month', 'quarter', 'year'] as const;

export const expenseOverviewQuery = z
  .object({ ...filters, grain: z.enum(PERIOD_GRAINS).default('month') })
  .strict()
  .refine(fromNotAfterTo, rangeIssue);
export type ExpenseOverviewQuery = z.infer<typeof expenseOverviewQuery>;

export const expenseExportQuery = z
  .object({ ...filters, grain: z.enum(PERIOD_GRAINS).default('month') })
  .strict()
  .refine(fromNotAfterTo, rangeIssue);

export const budgetQuery = z
  .object({ from: isoDate, to: isoDate, employeeId: uuid.optional() })
  .strict()
  .refine(fromNotAfterTo, rangeIssue);
export type BudgetQuery = z.infer<typeof budgetQuery>;

/** One group of expenses: net debits (debits minus credits, so reversals and refunds net out) of expense accounts. */
export const expenseGroupDto = z.object({
  /** The grouped id (user, department, account, trip, customer) or the period ('2026-03', '2026-Q1', '2026'); null = not assigned. */
  key: z.string().nullable(),
  label: z.string().nullable(),
  /** For accounts: the Chinese name (label is the English one). */
  labelZh: z.string().nullable(),
  amount: z.number().int(),
  lines: z.number().int(),
});
export type ExpenseGroupDto = z.infer<typeof expenseGroupDto>;

export const expenseOverviewDto = z.object({
  from: z.string(),
  to: z.string(),
  grain: z.enum(PERIOD_GRAINS),
  currency: z.string(),
  total: z.number().int(),
  lines: z.number().int(),
  byCategory: z.array(expenseGroupDto),
  byPerson: z.array(expenseGroupDto),
  byDepartment: z.array(expenseGroupDto),
  byTrip: z.array(expenseGroupDto),
  byCustomer: z.array(expenseGroupDto),
  byPeriod: z.array(expenseGroupDto),
});
export type ExpenseOverviewDto = z.infer<typeof expenseOverviewDto>;

export const budgetRowDto = z.object({
  key: z.string().nullable(),
  label: z.string().nullable(),
  /** The approved budget (null when no trip or budget is known). */
  budget: z.number().int().nullable(),
  actual: z.number().int(),
  /** budget − actual; negative = over budget. */
  remaining: z.number().int().nullable(),
});
export type BudgetRowDto = z.infer<typeof budgetRowDto>;

export const budgetDto = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  byTrip: z.array(budgetRowDto),
  byPerson: z.array(budgetRowDto),
});
export type BudgetDto = z.infer<typeof budgetDto>;
