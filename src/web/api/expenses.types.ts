// Expense statistics: types inferred from the server's zod schemas (type-only imports).
import type { z } from 'zod';
import type { budgetDto, budgetRowDto, expenseGroupDto, expenseOverviewDto, PERIOD_GRAINS } from '../../server/modules/expense-stats/expense-stats.schema';

export type ExpenseOverview = z.infer<typeof expenseOverviewDto>;
export type ExpenseGroup = z.infer<typeof expenseGroupDto>;
export type BudgetVersusActual = z.infer<typeof budgetDto>;
export type BudgetRow = z.infer<typeof budgetRowDto>;
export type PeriodGrain = (typeof PERIOD_GRAINS)[number];
