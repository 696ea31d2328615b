import { z } from 'zod';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';

/** A calendar day, YYYY-MM-DD. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'is not a valid date');

/** Money in minor units (cents / 分), below 10^11 per unit. */
const unitCost = z.number().int().min(0).max(99_999_999_999);
/** Supplies are counted in whole units (a box, a pack, a piece). */
const quantity = z.number().int().min(1).max(100_000);

// ------------------------------------------------------------------ catalogue

export const supplyItemDto = z.object({
  id: uuid,
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  unit: z.string(),
  /** The last purchase price per unit. */
  unitCost: z.number().int(),
  currency: z.string(),
  stockQty: z.number().int(),
  /** The stock's value at cost (receipts minus issues). */
  stockValue: z.number().int(),
  reorderLevel: z.number().int(),
  /** Stock at or below the reorder level. */
  needsReorder: z.boolean(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type SupplyItemDto = z.infer<typeof supplyItemDto>;

export const createSupplyItemBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,29}$/, 'letters, digits, dots, dashes and underscores, up to 30'),
    /** One name is enough: the other language shows the same. */
    nameEn: line(120).optional(),
    nameZh: line(120).optional(),
    unit: requiredLine(20),
    unitCost,
    reorderLevel: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type CreateSupplyItemInput = z.infer<typeof createSupplyItemBody>;

export const updateSupplyItemBody = z
  .object({
    nameEn: line(120).optional(),
    nameZh: line(120).optional(),
    unit: requiredLine(20).optional(),
    unitCost: unitCost.optional(),
    reorderLevel: z.number().int().min(0).max(100_000).optional(),
    isActive: z.boolean().optional(),
    version,
  })
  .strict();
export type UpdateSupplyItemInput = z.infer<typeof updateSupplyItemBody>;

export const listSupplyItemsQuery = z
  .object({
    q: line(100).optional(),
    includeInactive: z.enum(['true', 'false']).optional(),
    needsReorder: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const receiptBody = z
  .object({
    quantity,
    unitCost,
    receivedOn: isoDate.optional(),
    note: line(300).optional(),
  })
  .strict();
export type ReceiptInput = z.infer<typeof receiptBody>;

export const movementDto = z.object({
  id: uuid,
  itemId: uuid,
  itemCode: z.string(),
  itemNameEn: z.string(),
  itemNameZh: z.string(),
  kind: z.enum(['receipt', 'issue']),
  quantity: z.number().int(),
  unitCost: z.number().int(),
  amount: z.number().int(),
  movedOn: z.string(),
  requestId: uuid.nullable(),
  requestNumber: z.string().nullable(),
  employeeId: uuid.nullable(),
  employeeName: z.string().nullable(),
  note: z.string(),
  ledgerEntryId: uuid.nullable(),
  createdAt: z.string(),
});
export type SupplyMovementDto = z.infer<typeof movementDto>;

export const listMovementsQuery = z
  .object({
    itemId: uuid.optional(),
    kind: z.enum(['receipt', 'issue']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

// ------------------------------------------------------------------ requests

export const SUPPLY_REQUEST_STATUSES = ['draft', 'pending', 'approved', 'rejected', 'returned', 'withdrawn', 'issued'] as const;
export const supplyRequestStatus = z.enum(SUPPLY_REQUEST_STATUSES);

export const supplyRequestLineDto = z.object({
  id: uuid,
  lineNo: z.number().int(),
  itemId: uuid,
  itemCode: z.string(),
  itemNameEn: z.string(),
  itemNameZh: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  purpose: z.string(),
  /** Quantity × the item's unit cost now: what the request is estimated at before issue. */
  estimatedCost: z.number().int(),
  /** The cost taken out of stock at issue (average cost). */
  issuedCost: z.number().int().nullable(),
  stockQty: z.number().int(),
});

export const supplyRequestDto = z.object({
  id: uuid,
  number: z.string(),
  requesterId: uuid,
  requesterName: z.string(),
  departmentId: uuid.nullable(),
  departmentName: z.string().nullable(),
  purpose: z.string(),
  status: supplyRequestStatus,
  currency: z.string(),
  estimatedTotal: z.number().int(),
  issuedTotal: z.number().int().nullable(),
  lines: z.array(supplyRequestLineDto),
  version: z.number().int(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  issuedOn: z.string().nullable(),
  issuedByName: z.string().nullable(),
  ledgerEntryId: uuid.nullable(),
  approvalRequestId: uuid.nullable(),
  canEdit: z.boolean(),
  canIssue: z.boolean(),
});
export type SupplyRequestDto = z.infer<typeof supplyRequestDto>;
export const supplyRequestSummaryDto = supplyRequestDto.omit({ lines: true });
export type SupplyRequestSummaryDto = z.infer<typeof supplyRequestSummaryDto>;

const requestLineInput = z.object({ itemId: uuid, quantity, purpose: line(300).optional() }).strict();

export const createSupplyRequestBody = z
  .object({
    purpose: line(500).optional(),
    lines: z.array(requestLineInput).min(1).max(50),
    /** Submit for approval at once (the default) instead of keeping a draft. */
    submit: z.boolean().default(true),
  })
  .strict();
export type CreateSupplyRequestInput = z.infer<typeof createSupplyRequestBody>;

export const updateSupplyRequestBody = z
  .object({ purpose: line(500).optional(), lines: z.array(requestLineInput).min(1).max(50).optional(), version })
  .strict();
export type UpdateSupplyRequestInput = z.infer<typeof updateSupplyRequestBody>;

export const versionBody = z.object({ version }).strict();

export const listSupplyRequestsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    status: supplyRequestStatus.optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();

// ------------------------------------------------------------------ cost report

export const supplyReportQuery = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] });

const costRow = z.object({ id: uuid.nullable(), name: z.string().nullable(), quantity: z.number().int(), amount: z.number().int(), issues: z.number().int() });
export const supplyReportDto = z.object({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  byPerson: z.array(costRow.extend({ departmentName: z.string().nullable() })),
  byDepartment: z.array(costRow),
  byItem: z.array(costRow.extend({ code: z.string(), nameZh: z.string() })),
  total: z.number().int(),
});
export type SupplyReportDto = z.infer<typeof supplyReportDto>;
