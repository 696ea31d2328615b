import { z } from 'zod';
import { pivotQuery } from './statistics.pivot.schema';
import { checkRange, reportFilters, STAT_GROUPS } from './statistics.schema';

/** Breakdowns of one report file: one sheet (XLSX) or section (PDF) each. */
const groupList = z.array(z.enum(STAT_GROUPS)).min(1).max(8);

export const salesExportParams = z.object({ ...reportFilters, groupBys: groupList }).strict().superRefine(checkRange);
export type SalesExportParams = z.infer<typeof salesExportParams>;

export const EXPORT_FORMATS = ['xlsx', 'pdf'] as const;

/** A direct download (small reports): the breakdowns as a comma-separated list. */
export const salesExportQuery = z
  .object({
    ...reportFilters,
    format: z.enum(EXPORT_FORMATS).default('xlsx'),
    groupBys: z
      .string()
      .max(200)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(groupList),
  })
  .strict()
  .superRefine(checkRange);
export type SalesExportQuery = z.infer<typeof salesExportQuery>;

export const pivotExportQuery = pivotQuery.safeExtend({ format: z.enum(EXPORT_FORMATS).default('xlsx') });

/** A background export: the report or pivot parameters; the file is kept for its user only. */
export const createExportBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sales'), format: z.enum(EXPORT_FORMATS), params: salesExportParams }).strict(),
  z.object({ kind: z.literal('pivot'), format: z.enum(EXPORT_FORMATS), params: pivotQuery }).strict(),
]);
export type CreateExportBody = z.infer<typeof createExportBody>;

export const exportJobDto = z.object({
  id: z.string(),
  kind: z.enum(['sales', 'pivot']),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** 0–100. */
  progress: z.number().int(),
  fileName: z.string().nullable(),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ExportJobDto = z.infer<typeof exportJobDto>;
