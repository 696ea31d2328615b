import { z } from 'zod';
import { isoDate } from '../ledger/ledger.schema';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/** Money in minor units (fen): an integer from 0 below 10^13. */
export const minor = z.number().int().min(0).max(9_999_999_999_999);

export const TRIP_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'completed', 'cancelled'] as const;
export const tripStatus = z.enum(TRIP_STATUSES);
/** The budget categories of a trip (the same codes as the ledger's expense types). */
export const BUDGET_CATEGORIES = ['travel_transport', 'lodging', 'meals', 'local_transport', 'other'] as const;
export const budgetCategory = z.enum(BUDGET_CATEGORIES);
export const TRAVEL_MODES = ['flight', 'train', 'car', 'bus', 'ship', 'other'] as const;
export const BOOKING_KINDS = ['flight', 'train', 'hotel', 'other'] as const;
export const BOOKING_STATUSES = ['booked', 'refunded', 'changed', 'reissued'] as const;
/** City tiers 1–4 (1 = Beijing, Shanghai, Guangzhou, Shenzhen; 2 = provincial capitals and the like; 3 = other cities; 4 = spare for a company's own scheme). */
export const cityTier = z.number().int().min(1).max(4);
export const paymentMethod = z.enum(['bank', 'cash']);

export const legInput = z
  .object({
    fromCity: requiredLine(100),
    toCity: requiredLine(100),
    departOn: isoDate,
    arriveOn: isoDate,
    mode: z.enum(TRAVEL_MODES),
    cityTier,
  })
  .strict();
export type LegInput = z.infer<typeof legInput>;

export const budgetInput = z.object({ category: budgetCategory, amount: minor }).strict();

const tripFields = {
  purpose: requiredLine(500),
  startDate: isoDate,
  endDate: isoDate,
  customerIds: z.array(uuid).max(50).default([]),
  legs: z.array(legInput).min(1).max(30),
  budget: z.array(budgetInput).max(BUDGET_CATEGORIES.length).default([]),
  advanceRequested: minor.default(0),
};

export const createTripBody = z
  .object({
    ...tripFields,
    /** Submit for approval at once instead of keeping a draft. */
    submit: z.boolean().optional(),
  })
  .strict();
export type CreateTripInput = z.infer<typeof createTripBody>;

export const updateTripBody = z
  .object({
    purpose: tripFields.purpose.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    customerIds: z.array(uuid).max(50).optional(),
    legs: tripFields.legs.optional(),
    budget: z.array(budgetInput).max(BUDGET_CATEGORIES.length).optional(),
    advanceRequested: minor.optional(),
    version,
  })
  .strict();
export type UpdateTripInput = z.infer<typeof updateTripBody>;

export const versionBody = z.object({ version }).strict();
export const cancelTripBody = z.object({ version, reason: requiredLine(500) }).strict();

export const listTripsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    status: tripStatus.optional(),
    travellerId: uuid.optional(),
    mine: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ListTripsQuery = z.infer<typeof listTripsQuery>;
export const exportTripsQuery = listTripsQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

export const legDto = legInput.extend({ id: uuid, seq: z.number().int() });
export const budgetDto = z.object({ category: budgetCategory, amount: z.number().int() });

export const bookingDto = z.object({
  id: uuid,
  tripId: uuid,
  kind: z.enum(BOOKING_KINDS),
  passengerName: z.string(),
  passengerIdNumber: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  fromCity: z.string().nullable(),
  toCity: z.string().nullable(),
  travelDate: z.string(),
  travelTime: z.string().nullable(),
  nights: z.number().int().nullable(),
  class: z.string().nullable(),
  price: z.number().int(),
  bookedOn: z.string(),
  status: z.enum(BOOKING_STATUSES),
  originalBookingId: uuid.nullable(),
  refundAmount: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type BookingDto = z.infer<typeof bookingDto>;

export const advanceDto = z.object({
  id: uuid,
  tripId: uuid,
  amount: z.number().int(),
  paidOn: z.string(),
  method: paymentMethod,
  note: z.string(),
  ledgerEntryId: uuid,
  ledgerEntryNumber: z.string().nullable(),
  paidBy: uuid.nullable(),
  createdAt: z.string(),
});
export type AdvanceDto = z.infer<typeof advanceDto>;

export const tripSummaryDto = z.object({
  id: uuid,
  number: z.string(),
  travellerId: uuid,
  travellerName: z.string(),
  departmentId: uuid.nullable(),
  purpose: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  destinations: z.array(z.string()),
  currency: z.string(),
  budgetTotal: z.number().int(),
  advanceRequested: z.number().int(),
  status: tripStatus,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TripSummaryDto = z.infer<typeof tripSummaryDto>;

export const tripDto = tripSummaryDto.extend({
  customers: z.array(z.object({ id: uuid, name: z.string() })),
  legs: z.array(legDto),
  budget: z.array(budgetDto),
  bookings: z.array(bookingDto),
  advances: z.array(advanceDto),
  /** Advances paid minus what paid claims of this trip have cleared and what the traveller repaid: what they still hold. */
  advancePaid: z.number().int(),
  openAdvance: z.number().int(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  approvalRequestId: uuid.nullable(),
  canEdit: z.boolean(),
  canBook: z.boolean(),
});
export type TripDto = z.infer<typeof tripDto>;

const bookingFields = {
  kind: z.enum(BOOKING_KINDS),
  passengerName: requiredLine(100),
  passengerIdNumber: line(40).nullable().optional(),
  ticketNumber: line(40).nullable().optional(),
  fromCity: line(100).nullable().optional(),
  toCity: line(100).nullable().optional(),
  travelDate: isoDate,
  travelTime: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time HH:MM').nullable().optional(),
  nights: z.number().int().min(1).max(365).nullable().optional(),
  class: line(40).nullable().optional(),
  price: minor,
  bookedOn: isoDate,
};

export const createBookingBody = z
  .object({
    ...bookingFields,
    /** A reissued ticket names the ticket it replaces; that one becomes 'changed'. */
    originalBookingId: uuid.optional(),
  })
  .strict();
export type CreateBookingInput = z.infer<typeof createBookingBody>;

export const updateBookingBody = z
  .object({
    passengerName: bookingFields.passengerName.optional(),
    passengerIdNumber: bookingFields.passengerIdNumber,
    ticketNumber: bookingFields.ticketNumber,
    fromCity: bookingFields.fromCity,
    toCity: bookingFields.toCity,
    travelDate: isoDate.optional(),
    travelTime: bookingFields.travelTime,
    nights: bookingFields.nights,
    class: bookingFields.class,
    price: minor.optional(),
    bookedOn: isoDate.optional(),
    /** 'refunded' or 'changed' (a reissue is a new booking with originalBookingId). */
    status: z.enum(['booked', 'refunded', 'changed']).optional(),
    /** What came back on a refund or was carried to the new ticket on a change; at most the price. */
    refundAmount: minor.nullable().optional(),
    version,
  })
  .strict();
export type UpdateBookingInput = z.infer<typeof updateBookingBody>;

export const bookingParams = z.object({ id: uuid, bookingId: uuid }).strict();

export const createAdvanceBody = z
  .object({
    amount: minor.pipe(z.number().min(1, 'must be more than zero')),
    paidOn: isoDate.optional(),
    method: paymentMethod.default('bank'),
    note: text(500).optional(),
    /** A client's own id for this payment: a retry with the same id pays once. */
    clientRequestId: z.string().regex(/^[A-Za-z0-9_\-:.]{8,100}$/).optional(),
  })
  .strict();
export type CreateAdvanceInput = z.infer<typeof createAdvanceBody>;
