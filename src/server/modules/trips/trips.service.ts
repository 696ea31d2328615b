import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor, AuditActor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { submitForApproval } from '../../platform/approvals/approvals.engine';
import { registerApprovalDocType } from '../../platform/approvals/doc-types';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { keysetPage, type Page } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { canReadExpenseDoc, expenseScope, whereInScope } from './trips.access';
import { registerTripSearch } from './trips.search';
import {
  advanceBalance,
  existingCustomers,
  latestApprovalRequest,
  lockTrip,
  replaceTripParts,
  selectTrips,
  TRIP,
  tripAdvances,
  tripBookings,
  tripBudget,
  tripCustomers,
  tripLegs,
  type AdvanceRow,
  type BookingRow,
  type TripRow,
} from './trips.repo';
import type { AdvanceDto, BookingDto, CreateTripInput, ListTripsQuery, TripDto, TripSummaryDto, UpdateTripInput } from './trips.schema';

export { canReadExpenseDoc, expenseScope, whereInScope } from './trips.access';
export { isCurrentApprover, latestApprovalRequest } from './trips.repo';
export { TRIP };

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function summaryDto(r: TripRow): TripSummaryDto {
  return {
    id: r.id,
    number: r.number,
    travellerId: r.traveller_id,
    travellerName: r.traveller_name,
    departmentId: r.department_id,
    purpose: r.purpose,
    startDate: r.start_date,
    endDate: r.end_date,
    destinations: r.destinations ?? [],
    currency: r.currency,
    budgetTotal: Number(r.budget_total ?? 0),
    advanceRequested: r.advance_requested,
    status: r.status,
    version: r.version,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export function bookingDto(b: BookingRow): BookingDto {
  return {
    id: b.id,
    tripId: b.trip_id,
    kind: b.kind,
    passengerName: b.passenger_name,
    passengerIdNumber: b.passenger_id_number,
    ticketNumber: b.ticket_number,
    fromCity: b.from_city,
    toCity: b.to_city,
    travelDate: b.travel_date,
    travelTime: b.travel_time,
    nights: b.nights,
    class: b.class,
    price: b.price,
    bookedOn: b.booked_on,
    status: b.status,
    originalBookingId: b.original_booking_id,
    refundAmount: b.refund_amount,
    version: b.version,
    createdAt: iso(b.created_at)!,
  };
}

export function advanceDto(a: AdvanceRow): AdvanceDto {
  return {
    id: a.id,
    tripId: a.trip_id,
    amount: a.amount,
    paidOn: a.paid_on,
    method: a.method,
    note: a.note,
    ledgerEntryId: a.ledger_entry_id,
    ledgerEntryNumber: a.entry_number ?? null,
    paidBy: a.paid_by,
    createdAt: iso(a.created_at)!,
  };
}

const editable = (status: string) => status === 'draft';
const bookable = (status: string) => status === 'approved' || status === 'completed';

async function tripDetail(db: Db | Trx, actor: Actor, row: TripRow): Promise<TripDto> {
  const [customers, legs, budget, bookings, advances, balance, approvalRequestId] = await Promise.all([
    tripCustomers(db, row.id),
    tripLegs(db, row.id),
    tripBudget(db, row.id),
    tripBookings(db, row.id),
    tripAdvances(db, row.id),
    advanceBalance(db, row.id),
    latestApprovalRequest(db, TRIP, row.id),
  ]);
  return {
    ...summaryDto(row),
    customers,
    legs: legs.map((l) => ({ id: l.id, seq: l.seq, fromCity: l.from_city, toCity: l.to_city, departOn: l.depart_on, arriveOn: l.arrive_on, mode: l.mode, cityTier: l.city_tier })),
    budget: budget.map((b) => ({ category: b.category as TripDto['budget'][number]['category'], amount: b.amount })),
    bookings: bookings.map(bookingDto),
    advances: advances.map(advanceDto),
    advancePaid: balance.paid,
    openAdvance: balance.paid - balance.cleared - balance.repaid,
    submittedAt: iso(row.submitted_at),
    decidedAt: iso(row.decided_at),
    approvalRequestId,
    canEdit: row.traveller_id === actor.userId && editable(row.status),
    canBook: can(actor, 'expenses:book') && bookable(row.status),
  };
}

const readableRow = (r: { id: string; traveller_id: string; department_id: string | null }) => ({ id: r.id, ownerId: r.traveller_id, departmentId: r.department_id });

/** A trip the actor may see (404 otherwise, audited as a denial when it exists). */
export async function loadReadableTrip(db: Db | Trx, actor: Actor, id: string): Promise<TripRow> {
  const row = await selectTrips(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(TRIP, id);
  if (!(await canReadExpenseDoc(db, actor, TRIP, readableRow(row)))) throw deniedAsNotFound(TRIP, id);
  return row;
}

/** One trip with its itinerary, budget, customers, bookings and advances: traveller, their department's reviewers, its approvers. */
export async function getTrip(db: Db, actor: Actor, id: string): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return tripDetail(db, actor, await loadReadableTrip(db, actor, id));
}

/** Trips the actor may see, newest first. */
export async function listTrips(db: Db, actor: Actor, q: ListTripsQuery): Promise<Page<TripSummaryDto>> {
  requirePermission(actor, 'expenses:use');
  let query = whereInScope(selectTrips(db), await expenseScope(db, actor), 't.traveller_id', 't.department_id');
  if (q.mine === 'true') query = query.where('t.traveller_id', '=', actor.userId);
  if (q.travellerId) query = query.where('t.traveller_id', '=', q.travellerId);
  if (q.status) query = query.where('t.status', '=', q.status);
  const page = await keysetPage(query, { sortRef: 't.created_at', idRef: 't.id', direction: 'desc', page: q, timestampSort: true, idOf: (r) => r.id });
  return { items: page.items.map(summaryDto), nextCursor: page.nextCursor };
}

/** Legs inside the trip's dates, one budget row per category, customers that exist. */
async function validateTrip(trx: Trx, t: { startDate: string; endDate: string; legs: CreateTripInput['legs']; budget: { category: string }[]; customerIds: string[] }) {
  if (t.endDate < t.startDate) throw fieldError('endDate', 'before_start', 'The trip ends before it starts');
  t.legs.forEach((l, i) => {
    if (l.arriveOn < l.departOn) throw fieldError(`legs.${i}.arriveOn`, 'before_departure', 'Arrival is before departure');
    if (l.departOn < t.startDate || l.arriveOn > t.endDate) throw fieldError(`legs.${i}.departOn`, 'outside_trip', 'The leg is outside the trip dates');
  });
  const seen = new Set<string>();
  t.budget.forEach((b, i) => {
    if (seen.has(b.category)) throw fieldError(`budget.${i}.category`, 'duplicate', 'The category is given twice');
    seen.add(b.category);
  });
  const found = new Set((await existingCustomers(trx, t.customerIds)).map((c) => c.id));
  const bad = t.customerIds.findIndex((id) => !found.has(id));
  if (bad >= 0) throw fieldError(`customerIds.${bad}`, 'not_found', 'No such customer');
}

async function submitLocked(trx: Trx, actor: Actor, id: string) {
  const row = await selectTrips(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
  await trx.updateTable('trips').set((eb) => ({ status: 'submitted', submitted_at: new Date(), updated_at: new Date(), version: eb('version', '+', 1) })).where('id', '=', id).execute();
  await recordAudit(trx, actor, { action: 'trip.submit', entityType: TRIP, entityId: id });
  await submitForApproval(trx, actor, { docType: TRIP, docId: id, title: `${row.number} ${row.purpose}`.slice(0, 300), amount: Number(row.budget_total ?? 0), currency: row.currency });
}

/** A rep plans a trip for themselves: itinerary, budget, customers, advance; kept as a draft or submitted at once. */
export async function createTrip(db: Db, actor: Actor, input: CreateTripInput): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    await validateTrip(trx, input);
    const settings = await getCompanySettings(trx);
    const number = await nextNumber(trx, TRIP, Number(input.startDate.slice(0, 4)), 'TRIP', 5);
    const row = await trx
      .insertInto('trips')
      .values({
        number,
        traveller_id: actor.userId,
        department_id: actor.departmentId,
        purpose: input.purpose,
        start_date: input.startDate,
        end_date: input.endDate,
        currency: settings.currency,
        advance_requested: input.advanceRequested,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceTripParts(trx, row.id, { legs: input.legs, budget: input.budget, customerIds: input.customerIds });
    await recordAudit(trx, actor, { action: 'trip.create', entityType: TRIP, entityId: row.id, after: { number, ...input } });
    if (input.submit) await submitLocked(trx, actor, row.id);
    return tripDetail(trx, actor, await selectTrips(trx).where('t.id', '=', row.id).executeTakeFirstOrThrow());
  });
}

async function lockOwnTrip(trx: Trx, actor: Actor, id: string, version: number, what: string) {
  const locked = await lockTrip(trx, id);
  if (!locked) throw notFound(TRIP, id);
  if (locked.traveller_id !== actor.userId) {
    if (await canReadExpenseDoc(trx, actor, TRIP, readableRow(locked))) throw new AppError('forbidden', `Only the traveller may ${what} a trip`);
    throw deniedAsNotFound(TRIP, id);
  }
  if (locked.version !== version) throw versionConflict(TRIP);
  return locked;
}

/** The traveller edits a draft trip at the version read (legs, budget and customers replace the old ones when given). */
export async function updateTrip(db: Db, actor: Actor, id: string, input: UpdateTripInput): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnTrip(trx, actor, id, input.version, 'change');
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} trip cannot be changed`);
    const legs = input.legs ?? (await tripLegs(trx, id)).map((l) => ({ fromCity: l.from_city, toCity: l.to_city, departOn: l.depart_on, arriveOn: l.arrive_on, mode: l.mode, cityTier: l.city_tier }));
    await validateTrip(trx, {
      startDate: input.startDate ?? locked.start_date,
      endDate: input.endDate ?? locked.end_date,
      legs,
      budget: input.budget ?? [],
      customerIds: input.customerIds ?? [],
    });
    await trx
      .updateTable('trips')
      .set({
        purpose: input.purpose ?? locked.purpose,
        start_date: input.startDate ?? locked.start_date,
        end_date: input.endDate ?? locked.end_date,
        advance_requested: input.advanceRequested ?? locked.advance_requested,
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await replaceTripParts(trx, id, { legs: input.legs, budget: input.budget, customerIds: input.customerIds });
    const { version: _v, ...after } = input;
    await recordAudit(trx, actor, { action: 'trip.update', entityType: TRIP, entityId: id, before: locked, after });
    return tripDetail(trx, actor, await selectTrips(trx).where('t.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** The traveller sends a draft trip into approval (the flow is the admin's, else manager). */
export async function submitTrip(db: Db, actor: Actor, id: string, version: number): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockOwnTrip(trx, actor, id, version, 'submit');
    if (!editable(locked.status)) throw new AppError('conflict', `A ${locked.status} trip cannot be submitted`);
    await submitLocked(trx, actor, id);
    return tripDetail(trx, actor, await selectTrips(trx).where('t.id', '=', id).executeTakeFirstOrThrow());
  });
}

async function lockReviewableTrip(trx: Trx, actor: Actor, id: string, version: number) {
  const locked = await lockTrip(trx, id);
  if (!locked) throw notFound(TRIP, id);
  if (!(await canReadExpenseDoc(trx, actor, TRIP, readableRow(locked)))) throw deniedAsNotFound(TRIP, id);
  if (locked.version !== version) throw versionConflict(TRIP);
  return locked;
}

/**
 * Cancels a trip that has not travelled: the traveller (draft, approved) or a reviewer (approved).
 * A trip with an advance still open or a live claim cannot be cancelled.
 */
export async function cancelTrip(db: Db, actor: Actor, id: string, input: { version: number; reason: string }): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockReviewableTrip(trx, actor, id, input.version);
    const isOwner = locked.traveller_id === actor.userId;
    if (!isOwner && !can(actor, 'expenses:review')) throw new AppError('forbidden', 'Only the traveller or a reviewer may cancel a trip');
    if (!(locked.status === 'draft' || locked.status === 'approved')) throw new AppError('conflict', `A ${locked.status} trip cannot be cancelled`);
    const balance = await advanceBalance(trx, id);
    if (balance.paid - balance.cleared - balance.repaid > 0) throw new AppError('conflict', 'An advance is still open on this trip', { detail: { reason: 'open_advance' } });
    const claim = await trx.selectFrom('expense_claims').select('number').where('trip_id', '=', id).where('status', 'not in', ['cancelled', 'rejected']).executeTakeFirst();
    if (claim) throw new AppError('conflict', `Claim ${claim.number} is filed against this trip`, { detail: { reason: 'claimed' } });
    await trx.updateTable('trips').set({ status: 'cancelled', version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'trip.cancel', entityType: TRIP, entityId: id, before: { status: locked.status }, after: { status: 'cancelled', reason: input.reason } });
    return tripDetail(trx, actor, await selectTrips(trx).where('t.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Marks an approved trip as travelled and done (traveller or reviewer); claims may still follow. */
export async function completeTrip(db: Db, actor: Actor, id: string, version: number): Promise<TripDto> {
  requirePermission(actor, 'expenses:use');
  return db.transaction().execute(async (trx) => {
    const locked = await lockReviewableTrip(trx, actor, id, version);
    if (locked.traveller_id !== actor.userId && !can(actor, 'expenses:review')) throw new AppError('forbidden', 'Only the traveller or a reviewer may complete a trip');
    if (locked.status !== 'approved') throw new AppError('conflict', `A ${locked.status} trip cannot be completed`);
    await trx.updateTable('trips').set({ status: 'completed', version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'trip.complete', entityType: TRIP, entityId: id, before: { status: locked.status }, after: { status: 'completed' } });
    return tripDetail(trx, actor, await selectTrips(trx).where('t.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** What a claim needs to know of its trip: the row, legs, budget and bookings (for the checks). */
export async function tripForClaim(db: Db | Trx, tripId: string) {
  const row = await selectTrips(db).where('t.id', '=', tripId).executeTakeFirst();
  if (!row) return undefined;
  const [legs, budget, bookings] = await Promise.all([tripLegs(db, tripId), tripBudget(db, tripId), tripBookings(db, tripId)]);
  return { row, legs, budget, bookings };
}
export type TripForClaim = NonNullable<Awaited<ReturnType<typeof tripForClaim>>>;

/** The advance the traveller still holds on a trip (paid minus cleared by paid claims minus repaid). */
export async function openAdvanceOf(db: Db | Trx, tripId: string): Promise<number> {
  const b = await advanceBalance(db, tripId);
  return b.paid - b.cleared - b.repaid;
}

/** Locks a trip row (payments of its claims clear its advance one at a time). */
export async function lockTripRow(trx: Trx, tripId: string) {
  return lockTrip(trx, tripId);
}

/** Trips as an approval document type and as a record files can attach to. */
export function registerTrips(): void {
  registerEntity(TRIP, {
    async canRead(db, actor, id) {
      const row = await db.selectFrom('trips').select(['id', 'traveller_id', 'department_id']).where('id', '=', id).executeTakeFirst();
      return !!row && (await canReadExpenseDoc(db, actor, TRIP, readableRow(row)));
    },
    async canAttach(db, actor, id) {
      const row = await db.selectFrom('trips').select(['id', 'traveller_id', 'department_id', 'status']).where('id', '=', id).executeTakeFirst();
      if (!row || row.status === 'cancelled') return false;
      return row.traveller_id === actor.userId || (can(actor, 'expenses:book') && (await canReadExpenseDoc(db, actor, TRIP, readableRow(row))));
    },
    async label(db, id) {
      const row = await db.selectFrom('trips').select(['number', 'purpose']).where('id', '=', id).executeTakeFirst();
      return row ? `${row.number} ${row.purpose}` : undefined;
    },
    link: (id) => `/trips/${id}`,
  });
  registerApprovalDocType({
    type: TRIP,
    // The everyday flow: the traveller's manager. Admins add steps or thresholds on the approval flows page.
    defaultFlow: [{ name: 'Manager', key: 'manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' }],
    async onOutcome(trx, docId, outcome, actor: AuditActor) {
      // Returned or withdrawn trips go back to draft for the traveller to edit and submit again.
      const status = outcome === 'approved' ? 'approved' : outcome === 'rejected' ? 'rejected' : 'draft';
      await trx
        .updateTable('trips')
        .set((eb) => ({ status, decided_at: status === 'draft' ? null : new Date(), updated_at: new Date(), version: eb('version', '+', 1) }))
        .where('id', '=', docId)
        .execute();
      await recordAudit(trx, actor, { action: `trip.${outcome}`, entityType: TRIP, entityId: docId, after: { status } });
    },
    link: (id) => `/trips/${id}`,
  });
  registerTripSearch();
}
