import { z } from 'zod';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';
import { PIVOT_DIMS, PIVOT_MEASURES } from './statistics.pivot.schema';
import { STAT_GROUPS } from './statistics.schema';

/** A saved report view: a name and the page's parameters (range, breakdown, filters, comparison …), private to its user. */
export const VIEW_KINDS = ['sales', 'pivot', 'dashboard'] as const;

/** What the pages keep in their address bar: the period, the breakdown and comparison, the pivot's axes, the filters. */
const params = z
  .object({
    period: z.enum(['month', 'quarter', 'year', 'range']).optional(),
    value: line(40).optional(),
    groupBy: z.enum(STAT_GROUPS).optional(),
    compare: z.enum(['previous', 'lastYear']).optional(),
    rows: z.enum(PIVOT_DIMS).optional(),
    columns: z.enum(PIVOT_DIMS).optional(),
    measure: z.enum(PIVOT_MEASURES).optional(),
    ownerId: uuid.optional(),
    departmentId: uuid.optional(),
    regionId: uuid.optional(),
    productId: uuid.optional(),
    categoryId: uuid.optional(),
    customerId: uuid.optional(),
  })
  .strict();

export const createViewBody = z.object({ name: requiredLine(200), kind: z.enum(VIEW_KINDS), params }).strict();
export type CreateViewBody = z.infer<typeof createViewBody>;
export const updateViewBody = z.object({ name: requiredLine(200).optional(), params: params.optional(), version }).strict();
export type UpdateViewBody = z.infer<typeof updateViewBody>;
export const listViewsQuery = z.object({ kind: z.enum(VIEW_KINDS).optional() }).strict();

export const viewDto = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(VIEW_KINDS),
  params: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ViewDto = z.infer<typeof viewDto>;
