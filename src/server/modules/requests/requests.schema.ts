import { z } from 'zod';
import { requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/** Money travels as integer minor units (fen/cents); the largest accepted is 10^13 (100 billion yuan). */
export const moneyMinor = z.number().int().min(0).max(10_000_000_000_000);

export const generalRequestDto = z.object({
  id: uuid,
  number: z.string(),
  title: z.string(),
  body: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string(),
  submitterId: uuid,
  submitterName: z.string(),
  departmentId: uuid.nullable(),
  status: z.enum(['draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  approvalRequestId: z.string().nullable(),
  canEdit: z.boolean(),
});
export type GeneralRequestDto = z.infer<typeof generalRequestDto>;

export const createGeneralRequestBody = z
  .object({
    title: requiredLine(200),
    body: text(20_000).optional(),
    amount: moneyMinor.nullable().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    /** Submit at once instead of keeping a draft. */
    submit: z.boolean().optional(),
    /** Files uploaded beforehand (POST /api/v1/files) to attach. */
    fileIds: z.array(uuid).max(20).optional(),
  })
  .strict();

export const updateGeneralRequestBody = createGeneralRequestBody.omit({ submit: true, fileIds: true }).partial().extend({ version }).strict();

export const listGeneralRequestsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    status: z.enum(['draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn']).optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();
