import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

export const priority = z.enum(['low', 'normal', 'high', 'urgent']);
export const taskStatus = z.enum(['open', 'in_progress', 'done', 'cancelled']);

export const assigneeDto = z.object({ userId: uuid, name: z.string(), status: z.enum(['open', 'in_progress', 'done']), result: z.string().nullable(), completedAt: z.string().nullable() });

export const taskDto = z.object({
  id: uuid,
  number: z.string(),
  title: z.string(),
  description: z.string(),
  dueOn: z.string().nullable(),
  priority,
  status: taskStatus,
  createdBy: uuid,
  createdByName: z.string(),
  departmentId: uuid.nullable(),
  related: z.object({ type: z.string(), id: z.string(), label: z.string().nullable(), link: z.string().nullable() }).nullable(),
  assignees: z.array(assigneeDto),
  isOverdue: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  canEdit: z.boolean(),
  canUpdateOwnPart: z.boolean(),
});
export type TaskDto = z.infer<typeof taskDto>;

export const createTaskBody = z
  .object({
    title: requiredLine(200),
    description: text(20_000).optional(),
    dueOn: z.iso.date().nullable().optional(),
    priority: priority.optional(),
    assigneeIds: z.array(uuid).min(1).max(50),
    related: z.object({ type: line(50).pipe(z.string().min(1)), id: line(100).pipe(z.string().min(1)) }).strict().nullable().optional(),
    fileIds: z.array(uuid).max(20).optional(),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const updateTaskBody = createTaskBody.omit({ fileIds: true, related: true }).partial().extend({ version }).strict();
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

export const progressBody = z.object({ status: z.enum(['open', 'in_progress', 'done']), result: text(5000).optional() }).strict();
export const taskCommentBody = z.object({ body: text(5000).pipe(z.string().trim().min(1, 'is required')) }).strict();

export const listTasksQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    view: z.enum(['assigned', 'created', 'all']).default('assigned'),
    status: z.enum(['open', 'in_progress', 'done', 'cancelled', 'active']).optional(),
    assigneeId: uuid.optional(),
    relatedType: line(50).optional(),
    relatedId: line(100).optional(),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

export const taskCommentDto = z.object({ id: z.string(), authorId: z.string(), authorName: z.string(), body: z.string(), createdAt: z.string() });
