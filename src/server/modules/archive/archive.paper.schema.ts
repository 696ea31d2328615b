import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';
import { confidentiality } from './archive.schema';

/**
 * The paper register: physical locations (a tree: room → cabinet → shelf → box), paper
 * originals with their place and status, lending, movements and stocktakes. Imports
 * only zod: the web reuses these.
 */
export const locationKind = z.enum(['room', 'cabinet', 'shelf', 'box']);
export const paperStatus = z.enum(['in_place', 'lent', 'missing']);
export const movementKind = z.enum(['register', 'checkout', 'checkin', 'move', 'missing', 'found']);
export const stocktakeResult = z.enum(['found', 'missing', 'misplaced', 'unknown', 'lent']);
const day = z.iso.date();
const code = z.string().trim().min(1, 'is required').max(40).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - (up to 40)');
const typeCode = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/);
const page = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) };
const idList = z
  .string()
  .max(20_000)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(uuid).min(1).max(500));

// ---------------------------------------------------------------- locations

export const locationDto = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: locationKind,
  name: z.string(),
  code: z.string(),
  /** Names from the room down to this location, e.g. "Archive room 1 / Cabinet A / Box 3". */
  path: z.string(),
  isArchived: z.boolean(),
  sort: z.number().int(),
  /** Paper items placed directly here (those the caller may see). */
  itemCount: z.number().int(),
  version: z.number().int(),
});
export type LocationDto = z.infer<typeof locationDto>;

export const locationsQuery = z.object({ includeArchived: z.enum(['true', 'false']).default('false') }).strict();
export const locationsResult = z.object({ items: z.array(locationDto) });

export const createLocationBody = z
  .object({ parentId: uuid.nullable().optional(), kind: locationKind, name: requiredLine(100), code, sort: z.number().int().min(0).max(100_000).optional() })
  .strict();
export type CreateLocationInput = z.infer<typeof createLocationBody>;

/** Rename, re-code, move under another parent, or archive (only an empty location: no items, no active children). */
export const updateLocationBody = createLocationBody.omit({ kind: true }).partial().extend({ isArchived: z.boolean().optional(), version }).strict();
export type UpdateLocationInput = z.infer<typeof updateLocationBody>;

// ---------------------------------------------------------------- paper items

export const paperItemDto = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  typeCode: z.string(),
  documentId: z.string().nullable(),
  documentNumber: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  contractId: z.string().nullable(),
  contractNumber: z.string().nullable(),
  /** The item's own level (used when no electronic copy is linked). */
  confidentiality,
  /** The level that applies: the linked document's, else the item's own. */
  effectiveConfidentiality: confidentiality,
  locationId: z.string(),
  locationPath: z.string(),
  status: paperStatus,
  borrowerId: z.string().nullable(),
  borrowerName: z.string().nullable(),
  lentAt: z.string().nullable(),
  dueOn: z.string().nullable(),
  isOverdue: z.boolean(),
  notes: z.string(),
  ownerId: z.string().nullable(),
  /** What the caller may do: the web shows only these actions. */
  canEdit: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PaperItemDto = z.infer<typeof paperItemDto>;

export const paperListQuery = z
  .object({
    /** Number or title (any substring). */
    q: line(200).optional(),
    status: paperStatus.optional(),
    /** Items in this location or anywhere below it. */
    locationId: uuid.optional(),
    customerId: uuid.optional(),
    documentId: uuid.optional(),
    borrowerId: uuid.optional(),
    overdue: z.enum(['true', 'false']).optional(),
    ...page,
  })
  .strict();
export type PaperListQuery = z.infer<typeof paperListQuery>;
export const paperListResult = z.object({ items: z.array(paperItemDto), total: z.number().int() });

export const createPaperBody = z
  .object({
    title: requiredLine(300),
    typeCode: typeCode.default('other'),
    documentId: uuid.nullable().optional(),
    customerId: uuid.nullable().optional(),
    /** A contract brings its customer along. */
    contractId: uuid.nullable().optional(),
    confidentiality: confidentiality.optional(),
    locationId: uuid,
    notes: text(2000).optional(),
  })
  .strict();
export type CreatePaperInput = z.infer<typeof createPaperBody>;

/** Metadata only; the place changes through move, check-out and check-in. */
export const updatePaperBody = createPaperBody.omit({ locationId: true, typeCode: true }).partial().extend({ typeCode: typeCode.optional(), version }).strict();
export type UpdatePaperInput = z.infer<typeof updatePaperBody>;

export const checkoutBody = z.object({ borrowerId: uuid, dueOn: day, note: line(500).optional(), version }).strict();
export type CheckoutInput = z.infer<typeof checkoutBody>;
/** Back to its location, or to another one given here. */
export const checkinBody = z.object({ locationId: uuid.optional(), note: line(500).optional(), version }).strict();
export type CheckinInput = z.infer<typeof checkinBody>;
export const moveBody = z.object({ locationId: uuid, note: line(500).optional(), version }).strict();
export type MoveInput = z.infer<typeof moveBody>;

export const movementDto = z.object({
  id: z.string(),
  kind: movementKind,
  fromLocationId: z.string().nullable(),
  fromLocationPath: z.string().nullable(),
  toLocationId: z.string().nullable(),
  toLocationPath: z.string().nullable(),
  borrowerId: z.string().nullable(),
  borrowerName: z.string().nullable(),
  dueOn: z.string().nullable(),
  stocktakeId: z.string().nullable(),
  note: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export type MovementDto = z.infer<typeof movementDto>;
export const movementsResult = z.object({ items: z.array(movementDto) });

/** Labels: the listed items, or every item in a location's subtree (the ones the caller may see). */
export const labelsQuery = z
  .object({ ids: idList.optional(), locationId: uuid.optional() })
  .strict()
  .refine((q) => (q.ids === undefined) !== (q.locationId === undefined), { message: 'give either ids or locationId', path: ['ids'] });
export type LabelsQuery = z.infer<typeof labelsQuery>;

// ---------------------------------------------------------------- stocktakes

export const stocktakeLineDto = z.object({
  code: z.string(),
  itemId: z.string().nullable(),
  title: z.string().nullable(),
  /** Where the register says the item is (for misplaced and expected items). */
  locationPath: z.string().nullable(),
  isExpected: z.boolean(),
  statusAtStart: paperStatus.nullable(),
  foundAt: z.string().nullable(),
  /** Open stocktake: found / lent / pending (null) for expected lines, misplaced / unknown for others; finished: the settled result. */
  result: stocktakeResult.nullable(),
});
export type StocktakeLineDto = z.infer<typeof stocktakeLineDto>;

export const stocktakeSummaryDto = z.object({
  id: z.string(),
  number: z.string(),
  locationId: z.string(),
  locationPath: z.string(),
  status: z.enum(['open', 'finished']),
  note: z.string(),
  startedBy: z.string().nullable(),
  startedByName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  expected: z.number().int(),
  found: z.number().int(),
  version: z.number().int(),
});
export type StocktakeSummaryDto = z.infer<typeof stocktakeSummaryDto>;

/** The stocktake with its report: what the location should hold and what was found, missing, misplaced or unknown. */
export const stocktakeDto = stocktakeSummaryDto.extend({
  lines: z.array(stocktakeLineDto),
  missing: z.number().int(),
  misplaced: z.number().int(),
  unknown: z.number().int(),
  lent: z.number().int(),
});
export type StocktakeDto = z.infer<typeof stocktakeDto>;

export const stocktakesQuery = z.object({ status: z.enum(['open', 'finished']).optional(), ...page }).strict();
export const stocktakesResult = z.object({ items: z.array(stocktakeSummaryDto), total: z.number().int() });
export const startStocktakeBody = z.object({ locationId: uuid, note: line(500).optional() }).strict();
export type StartStocktakeInput = z.infer<typeof startStocktakeBody>;
/** A scanned label (its QR text or the number typed in); optionally the location inside the subtree where it lay. */
export const scanBody = z.object({ code: requiredLine(500), locationId: uuid.optional() }).strict();
export type ScanInput = z.infer<typeof scanBody>;
export const scanResult = z.object({ line: stocktakeLineDto });
/** Missing items are marked missing; with moveMisplaced, found items registered elsewhere are moved to where they were found. */
export const finishStocktakeBody = z.object({ moveMisplaced: z.boolean().default(false), version }).strict();
export type FinishStocktakeInput = z.infer<typeof finishStocktakeBody>;
