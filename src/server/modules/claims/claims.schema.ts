import { z } from 'zod';
import { EXPENSE_TYPES, isoDate } from '../ledger/ledger.schema';
import { cityTier, minor, paymentMethod } from '../trips/trips.schema';
import { line, requiredLine, uuid, version } from '../../platform/schema/common.schema';

export const CLAIM_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'paid', 'cancelled'] as const;
export const claimStatus = z.enum(CLAIM_STATUSES);
/** Item categories: the ledger's expense types (each posts to its expense account). */
export const claimCategory = z.enum(EXPENSE_TYPES);
export const RECEIPT_KINDS = ['vat_invoice', 'rail_e_ticket', 'flight_itinerary', 'hotel_invoice', 'taxi', 'other'] as const;
export const receiptKind = z.enum(RECEIPT_KINDS);

/** Every automatic check a claim gets (docs/expenses.md explains each rule). */
export const CHECK_CODES = [
  'duplicate_invoice',
  'invoice_number_format',
  'buyer_not_company',
  'duplicate_receipt_file',
  'passenger_mismatch',
  'outside_itinerary',
  'refunded_ticket',
  'reissued_original_claimed',
  'over_cap',
  'over_budget',
  'weekend_or_holiday',
  'missing_receipt',
  'outside_trip_dates',
  'amount_over_invoice',
] as const;
export const checkCode = z.enum(CHECK_CODES);
export const checkSeverity = z.enum(['info', 'warning', 'high']);

export const receiptInput = z
  .object({
    kind: receiptKind,
    /** A file uploaded beforehand (POST /api/v1/files, purpose 'receipt'). */
    fileId: uuid.nullable().optional(),
    invoiceNumber: line(40).nullable().optional(),
    invoiceAmount: minor.nullable().optional(),
    invoiceDate: isoDate.nullable().optional(),
    buyerName: line(200).nullable().optional(),
    buyerTaxpayerId: line(40).nullable().optional(),
    /** Tickets: the passenger printed on it, and its route. */
    passengerName: line(100).nullable().optional(),
    fromCity: line(100).nullable().optional(),
    toCity: line(100).nullable().optional(),
  })
  .strict();
export type ReceiptInput = z.infer<typeof receiptInput>;

export const itemInput = z
  .object({
    date: isoDate,
    category: claimCategory,
    amount: minor.pipe(z.number().min(1, 'must be more than zero')),
    description: line(500).optional(),
    /** Lodging: nights covered by the amount (default 1). */
    nights: z.number().int().min(1).max(365).nullable().optional(),
    /** The city tier for the caps; default: the trip leg the date falls in. */
    cityTier: cityTier.nullable().optional(),
    /** The trip's booking this item pays for (a ticket, a hotel). */
    bookingId: uuid.nullable().optional(),
    customerId: uuid.nullable().optional(),
    receipts: z.array(receiptInput).max(20).default([]),
  })
  .strict();
export type ItemInput = z.infer<typeof itemInput>;

export const createClaimBody = z
  .object({
    title: requiredLine(300),
    /** The trip claimed for; none for local expenses. */
    tripId: uuid.nullable().optional(),
    items: z.array(itemInput).max(200).default([]),
    submit: z.boolean().optional(),
    /** A client's own id for this claim (one per form): a retry with the same id returns the first claim. */
    clientRequestId: z.string().regex(/^[A-Za-z0-9_\-:.]{8,100}$/).optional(),
  })
  .strict();
export type CreateClaimInput = z.infer<typeof createClaimBody>;

export const updateClaimBody = z
  .object({
    title: requiredLine(300).optional(),
    tripId: uuid.nullable().optional(),
    /** Replaces every item (and re-runs the checks). */
    items: z.array(itemInput).max(200).optional(),
    version,
  })
  .strict();
export type UpdateClaimInput = z.infer<typeof updateClaimBody>;

export const claimVersionBody = z.object({ version }).strict();
export const overrideBody = z.object({ reason: requiredLine(500) }).strict();
export const payClaimBody = z.object({ version, paidOn: isoDate.optional(), method: paymentMethod.default('bank') }).strict();
export type PayClaimInput = z.infer<typeof payClaimBody>;
export const checkParams = z.object({ id: uuid, checkId: uuid }).strict();

export const listClaimsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    status: claimStatus.optional(),
    claimantId: uuid.optional(),
    tripId: uuid.optional(),
    mine: z.enum(['true', 'false']).optional(),
    /** Only claims with checks nobody has overridden yet. */
    flagged: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListClaimsQuery = z.infer<typeof listClaimsQuery>;
export const exportClaimsQuery = listClaimsQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

export const receiptDto = z.object({
  id: uuid,
  kind: receiptKind,
  fileId: uuid.nullable(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  invoiceAmount: z.number().int().nullable(),
  invoiceDate: z.string().nullable(),
  buyerName: z.string().nullable(),
  buyerTaxpayerId: z.string().nullable(),
  passengerName: z.string().nullable(),
  fromCity: z.string().nullable(),
  toCity: z.string().nullable(),
});
export type ReceiptDto = z.infer<typeof receiptDto>;

export const itemDto = z.object({
  id: uuid,
  lineNo: z.number().int(),
  date: z.string(),
  category: claimCategory,
  amount: z.number().int(),
  description: z.string(),
  nights: z.number().int().nullable(),
  cityTier: z.number().int().nullable(),
  bookingId: uuid.nullable(),
  customerId: uuid.nullable(),
  receipts: z.array(receiptDto),
});
export type ItemDto = z.infer<typeof itemDto>;

/** Another record a finding points at: a claim (with its line), a booking, a calendar day, a policy cap. */
export const checkMatchDto = z.object({
  type: z.enum(['claim', 'booking', 'leg', 'calendar', 'cap', 'budget']),
  id: z.string().nullable(),
  label: z.string(),
  claimNumber: z.string().optional(),
  claimStatus: z.string().optional(),
  claimantName: z.string().optional(),
  lineNo: z.number().int().optional(),
});
export type CheckMatch = z.infer<typeof checkMatchDto>;

export const checkDto = z.object({
  id: uuid,
  code: checkCode,
  severity: checkSeverity,
  /** The claim line it concerns; null for the whole claim. */
  lineNo: z.number().int().nullable(),
  /** Values for the message (amounts in minor units, names, numbers), for rendering in any language. */
  params: z.record(z.string(), z.unknown()),
  /** The explanation in the reader's language. */
  explanation: z.string(),
  matches: z.array(checkMatchDto),
  overridden: z.boolean(),
  overriddenBy: uuid.nullable(),
  overriddenByName: z.string().nullable(),
  overriddenAt: z.string().nullable(),
  overrideReason: z.string().nullable(),
});
export type CheckDto = z.infer<typeof checkDto>;

export const paymentDto = z.object({
  id: uuid,
  claimTotal: z.number().int(),
  advanceCleared: z.number().int(),
  amountPaid: z.number().int(),
  paidOn: z.string(),
  method: paymentMethod,
  ledgerEntryId: uuid,
  ledgerEntryNumber: z.string().nullable(),
  paidBy: uuid.nullable(),
});

/** What paying the claim now would do: clear the trip's open advance first, pay the rest; an advance above the total stays owed by the employee. */
export const settlementDto = z.object({
  total: z.number().int(),
  openAdvance: z.number().int(),
  advanceToClear: z.number().int(),
  toPay: z.number().int(),
  /** Advance left with the employee after this claim (a receivable from them on 1221). */
  employeeOwes: z.number().int(),
});

export const claimSummaryDto = z.object({
  id: uuid,
  number: z.string(),
  claimantId: uuid,
  claimantName: z.string(),
  departmentId: uuid.nullable(),
  tripId: uuid.nullable(),
  tripNumber: z.string().nullable(),
  title: z.string(),
  currency: z.string(),
  total: z.number().int(),
  status: claimStatus,
  /** Findings not overridden, and the highest severity among them. */
  openChecks: z.number().int(),
  worstSeverity: checkSeverity.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
});
export type ClaimSummaryDto = z.infer<typeof claimSummaryDto>;

export const claimDto = claimSummaryDto.extend({
  items: z.array(itemDto),
  checks: z.array(checkDto),
  /** Per category: the claimed amount (and the trip's budget when there is a trip). */
  byCategory: z.array(z.object({ category: claimCategory, amount: z.number().int(), budget: z.number().int().nullable() })),
  settlement: settlementDto,
  payment: paymentDto.nullable(),
  approvalRequestId: uuid.nullable(),
  approvalEntryId: uuid.nullable(),
  decidedAt: z.string().nullable(),
  canEdit: z.boolean(),
  canOverride: z.boolean(),
  canPay: z.boolean(),
});
export type ClaimDto = z.infer<typeof claimDto>;

// ------------------------------------------------------------------ policy (admin tables)

export const capDto = z.object({
  grade: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/),
  cityTier,
  category: claimCategory,
  unit: z.enum(['day', 'night']),
  amount: minor,
});
export type CapDto = z.infer<typeof capDto>;
export const putCapsBody = z.object({ caps: z.array(capDto).max(500) }).strict();

export const gradeDto = z.object({ userId: uuid, displayName: z.string(), grade: z.string(), isDefault: z.boolean(), version: z.number().int().nullable() });
export const putGradeBody = z.object({ grade: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, 'lower-case letters, digits and _') }).strict();
export const userParams = z.object({ userId: uuid }).strict();

export const calendarDayDto = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), nameEn: z.string(), nameZh: z.string() });
export type CalendarDayDto = z.infer<typeof calendarDayDto>;
export const calendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2999) }).strict();
export const dayParams = z.object({ day: isoDate }).strict();
export const putCalendarDayBody = z.object({ kind: z.enum(['holiday', 'workday']), nameEn: requiredLine(100), nameZh: requiredLine(100) }).strict();
