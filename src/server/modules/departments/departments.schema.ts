import { z } from 'zod';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';

export const departmentDto = z.object({
  id: uuid,
  name: z.string(),
  code: z.string().nullable(),
  parentId: uuid.nullable(),
  managerId: uuid.nullable(),
  managerName: z.string().nullable(),
  memberCount: z.number().int(),
  isArchived: z.boolean(),
  version: z.number().int(),
});
export type DepartmentDto = z.infer<typeof departmentDto>;

export const createDepartmentBody = z
  .object({
    name: requiredLine(100),
    code: line(30).nullable().optional(),
    parentId: uuid.nullable().optional(),
    managerId: uuid.nullable().optional(),
  })
  .strict();
export type CreateDepartmentInput = z.infer<typeof createDepartmentBody>;

export const updateDepartmentBody = createDepartmentBody
  .partial()
  .extend({ isArchived: z.boolean().optional(), version })
  .strict();
export type UpdateDepartmentInput = z.infer<typeof updateDepartmentBody>;
