import { z } from 'zod';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';

export const regionRepDto = z.object({ userId: uuid, name: z.string(), isActive: z.boolean() });

export const regionDto = z.object({
  id: uuid,
  code: z.string().nullable(),
  name: z.string(),
  parentId: uuid.nullable(),
  isArchived: z.boolean(),
  /** The reps assigned to this region itself (not to its sub-regions). */
  reps: z.array(regionRepDto),
  customerCount: z.number().int(),
  version: z.number().int(),
});
export type RegionDto = z.infer<typeof regionDto>;

export const createRegionBody = z
  .object({
    code: line(30)
      .refine((v) => !/\s/.test(v), 'must not contain spaces')
      .nullable()
      .optional(),
    name: requiredLine(100),
    parentId: uuid.nullable().optional(),
  })
  .strict();
export type CreateRegionInput = z.infer<typeof createRegionBody>;

/** Moving a region is changing its parentId. */
export const updateRegionBody = createRegionBody.partial().extend({ isArchived: z.boolean().optional(), version }).strict();
export type UpdateRegionInput = z.infer<typeof updateRegionBody>;

/** The whole set of reps of a region (replaces the previous set). */
export const setRegionRepsBody = z.object({ userIds: z.array(uuid).max(200), version }).strict();
export type SetRegionRepsInput = z.infer<typeof setRegionRepsBody>;

/** Every region (archived ones flagged), or only those a rep is assigned to. */
export const listRegionsQuery = z.object({ repId: uuid.optional() }).strict();
export type ListRegionsQuery = z.infer<typeof listRegionsQuery>;
