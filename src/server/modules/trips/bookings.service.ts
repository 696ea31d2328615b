import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { postDocumentEntry, postingAccountId } from '../ledger/ledger.service';
import { canReadExpenseDoc } from './trips.access';
import { lockTrip, TRIP, tripAdvances, tripBookings } from './trips.repo';
import type { AdvanceDto, BookingDto, CreateAdvanceInput, CreateBookingInput, UpdateBookingInput } from './trips.schema';
import { advanceDto, bookingDto } from './trips.service';

/**
 * What the assistant (or finance) does for an approved trip: books tickets and hotels, records
 * refunds, changes and reissues, and pays the travel advance, which posts to the ledger
 * (Dr 1221 employee advances / Cr 1002 bank or 1001 cash), once per advance.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const TRIP_BOOKING = 'trip_booking';
export const TRIP_ADVANCE = 'trip_advance';

/** The trip locked for the assistant's work: visible (else 404), approved or completed (else 409). */
async function lockBookableTrip(trx: Trx, actor: Actor, tripId: string) {
  requirePermission(actor, 'expenses:book');
  const trip = await lockTrip(trx, tripId);
  if (!trip) throw notFound(TRIP, tripId);
  if (!(await canReadExpenseDoc(trx, actor, TRIP, { id: trip.id, ownerId: trip.traveller_id, departmentId: trip.department_id }))) throw deniedAsNotFound(TRIP, tripId);
  if (trip.status !== 'approved' && trip.status !== 'completed') throw new AppError('conflict', `Bookings and advances need an approved trip; this one is ${trip.status}`, { detail: { reason: 'not_approved' } });
  return trip;
}

function checkRefund(status: string, price: number, refund: number | null | undefined) {
  if (refund != null && refund > price) throw fieldError('refundAmount', 'over_price', 'The refund is more than the price');
  if (refund != null && status === 'booked') throw fieldError('refundAmount', 'not_refunded', 'Only a refunded or changed ticket has a refund amount');
}

/** Records a booking for an approved trip; a reissue names the ticket it replaces, which becomes 'changed'. */
export async function createBooking(db: Db, actor: Actor, tripId: string, input: CreateBookingInput): Promise<BookingDto> {
  return db.transaction().execute(async (trx) => {
    await lockBookableTrip(trx, actor, tripId);
    if (input.originalBookingId) {
      const original = await trx.selectFrom('trip_bookings').selectAll().where('id', '=', input.originalBookingId).forUpdate().executeTakeFirst();
      if (!original || original.trip_id !== tripId) throw fieldError('originalBookingId', 'not_found', 'No such booking on this trip');
      if (original.status === 'refunded') throw fieldError('originalBookingId', 'refunded', 'A refunded ticket cannot be reissued');
      if (original.status === 'booked') {
        await trx.updateTable('trip_bookings').set({ status: 'changed', version: original.version + 1, updated_at: new Date() }).where('id', '=', original.id).execute();
        await recordAudit(trx, actor, { action: 'trip_booking.update', entityType: TRIP_BOOKING, entityId: original.id, before: { status: 'booked' }, after: { status: 'changed' } });
      }
    }
    const row = await trx
      .insertInto('trip_bookings')
      .values({
        trip_id: tripId,
        kind: input.kind,
        passenger_name: input.passengerName,
        passenger_id_number: input.passengerIdNumber ?? null,
        ticket_number: input.ticketNumber ?? null,
        from_city: input.fromCity ?? null,
        to_city: input.toCity ?? null,
        travel_date: input.travelDate,
        travel_time: input.travelTime ?? null,
        nights: input.nights ?? null,
        class: input.class ?? null,
        price: input.price,
        booked_on: input.bookedOn,
        status: input.originalBookingId ? 'reissued' : 'booked',
        original_booking_id: input.originalBookingId ?? null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'trip_booking.create', entityType: TRIP_BOOKING, entityId: row.id, after: { tripId, ...input } });
    return bookingDto(row);
  });
}

/** Changes a booking at the version read: corrections, or its refund / change with the amount that came back. */
export async function updateBooking(db: Db, actor: Actor, tripId: string, bookingId: string, input: UpdateBookingInput): Promise<BookingDto> {
  return db.transaction().execute(async (trx) => {
    await lockBookableTrip(trx, actor, tripId);
    const locked = await trx.selectFrom('trip_bookings').selectAll().where('id', '=', bookingId).where('trip_id', '=', tripId).forUpdate().executeTakeFirst();
    if (!locked) throw notFound(TRIP_BOOKING, bookingId);
    if (locked.version !== input.version) throw versionConflict(TRIP_BOOKING);
    if (locked.status === 'reissued' && input.status && input.status !== 'refunded') throw fieldError('status', 'reissued', 'A reissued ticket can only be refunded');
    const status = input.status === undefined ? locked.status : locked.status === 'reissued' && input.status === 'booked' ? 'reissued' : input.status;
    const price = input.price ?? locked.price;
    const refund = status === 'booked' || status === 'reissued' ? (input.refundAmount ?? null) : input.refundAmount !== undefined ? input.refundAmount : locked.refund_amount;
    checkRefund(status, price, refund);
    const { version: _v, ...changes } = input;
    const row = await trx
      .updateTable('trip_bookings')
      .set({
        passenger_name: input.passengerName ?? locked.passenger_name,
        passenger_id_number: input.passengerIdNumber !== undefined ? input.passengerIdNumber : locked.passenger_id_number,
        ticket_number: input.ticketNumber !== undefined ? input.ticketNumber : locked.ticket_number,
        from_city: input.fromCity !== undefined ? input.fromCity : locked.from_city,
        to_city: input.toCity !== undefined ? input.toCity : locked.to_city,
        travel_date: input.travelDate ?? locked.travel_date,
        travel_time: input.travelTime !== undefined ? input.travelTime : locked.travel_time,
        nights: input.nights !== undefined ? input.nights : locked.nights,
        class: input.class !== undefined ? input.class : locked.class,
        price,
        booked_on: input.bookedOn ?? locked.booked_on,
        status,
        refund_amount: refund,
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', bookingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'trip_booking.update', entityType: TRIP_BOOKING, entityId: bookingId, before: locked, after: changes });
    return bookingDto(row);
  });
}

/** The bookings of a trip the actor may see. */
export async function listBookings(db: Db, actor: Actor, tripId: string): Promise<BookingDto[]> {
  requirePermission(actor, 'expenses:use');
  const trip = await db.selectFrom('trips').select(['id', 'traveller_id', 'department_id']).where('id', '=', tripId).executeTakeFirst();
  if (!trip) throw notFound(TRIP, tripId);
  if (!(await canReadExpenseDoc(db, actor, TRIP, { id: trip.id, ownerId: trip.traveller_id, departmentId: trip.department_id }))) throw deniedAsNotFound(TRIP, tripId);
  return (await tripBookings(db, tripId)).map(bookingDto);
}

/**
 * Pays a travel advance to the traveller of an approved trip and posts it in the same
 * transaction: Dr 1221 employee advances (employee, department, trip) / Cr 1002 bank or 1001 cash.
 * A retry with the same clientRequestId returns the first advance instead of paying twice.
 */
export async function payAdvance(db: Db, actor: Actor, tripId: string, input: CreateAdvanceInput): Promise<{ advance: AdvanceDto; replayed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const trip = await lockBookableTrip(trx, actor, tripId);
    if (input.clientRequestId) {
      const existing = (await tripAdvances(trx, tripId)).find((a) => a.client_request_id === input.clientRequestId);
      if (existing) return { advance: advanceDto(existing), replayed: true };
    }
    const id = crypto.randomUUID();
    const paidOn = input.paidOn ?? (await businessToday(trx));
    const dims = { employeeId: trip.traveller_id, departmentId: trip.department_id, tripId };
    const entry = await postDocumentEntry(trx, actor, {
      sourceType: TRIP_ADVANCE,
      sourceId: id,
      entryDate: paidOn,
      description: `Travel advance ${trip.number}`,
      lines: [
        { accountId: await postingAccountId(trx, '1221'), debit: input.amount, credit: 0, ...dims, description: `Advance ${trip.number}` },
        { accountId: await postingAccountId(trx, input.method === 'cash' ? '1001' : '1002'), debit: 0, credit: input.amount, ...dims, description: `Advance ${trip.number}` },
      ],
    });
    await trx
      .insertInto('trip_advances')
      .values({ id, trip_id: tripId, amount: input.amount, paid_on: paidOn, method: input.method, note: input.note ?? '', client_request_id: input.clientRequestId ?? null, ledger_entry_id: entry.id, paid_by: actor.userId })
      .execute();
    await recordAudit(trx, actor, { action: 'trip_advance.pay', entityType: TRIP, entityId: tripId, after: { advanceId: id, amount: input.amount, paidOn, method: input.method, entry: entry.number } });
    const row = (await tripAdvances(trx, tripId)).find((a) => a.id === id)!;
    return { advance: advanceDto(row), replayed: false };
  });
}
