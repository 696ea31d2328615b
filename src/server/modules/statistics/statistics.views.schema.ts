import { z } from 'zod';
import { requiredLine, version } from '../../platform/schema/common.schema';

/** A saved report view: a name and the page's parameters (range, breakdown, filters, comparison …), private to its user. */
export const VIEW_KINDS = ['sales', 'pivot', 'dashboard'] as const;

const params = z.record(z.string(), z.unknown()).refine((p) => JSON.stringify(p).length <= 10_000, 'At most 10,000 characters of parameters');

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
