import { z } from 'zod';
import { checkRange, reportFilters } from './statistics.schema';

/** What a pivot's rows and columns can be. */
export const PIVOT_DIMS = ['rep', 'department', 'region', 'product', 'category', 'customer', 'segment', 'month', 'quarter', 'year'] as const;
export type PivotDim = (typeof PIVOT_DIMS)[number];
/** Additive measures only: every row and column total is the sum of its cells. */
export const PIVOT_MEASURES = ['netSales', 'sales', 'returns', 'orders', 'lines', 'tax', 'cost', 'grossMargin'] as const;
export type PivotMeasure = (typeof PIVOT_MEASURES)[number];

export const pivotQuery = z
  .object({ ...reportFilters, rows: z.enum(PIVOT_DIMS), columns: z.enum(PIVOT_DIMS), measure: z.enum(PIVOT_MEASURES).default('netSales') })
  .strict()
  .superRefine(checkRange)
  .superRefine((q, ctx) => {
    if (q.rows === q.columns) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'Rows and columns must differ' });
  });
export type PivotQuery = z.infer<typeof pivotQuery>;

const headerDto = z.object({ key: z.string().nullable(), label: z.string() });

export const pivotDto = z.object({
  rows: z.array(headerDto),
  columns: z.array(headerDto),
  measure: z.enum(PIVOT_MEASURES),
  /** True when the measure is money (minor units of `currency`). */
  isMoney: z.boolean(),
  currency: z.string(),
  /** cells[r][c]: null where nothing was counted; `orders` is null throughout for product breakdowns. */
  cells: z.array(z.array(z.number().int().nullable())),
  rowTotals: z.array(z.number().int().nullable()),
  columnTotals: z.array(z.number().int().nullable()),
  total: z.number().int().nullable(),
});
export type PivotDto = z.infer<typeof pivotDto>;
