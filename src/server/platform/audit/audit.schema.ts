import { z } from 'zod';
import { line, uuid } from '../schema/common.schema';

export const auditEntryDto = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const listAuditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
    actorId: uuid.optional(),
    action: line(100).optional(),
    entityType: line(100).optional(),
    entityId: line(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type ListAuditQuery = z.infer<typeof listAuditQuery>;
