import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { LegInput } from './trips.schema';

type Db = Kysely<Database> | Transaction<Database>;
export const TRIP = 'trip';

export function selectTrips(db: Db) {
  return db
    .selectFrom('trips as t')
    .innerJoin('users as u', 'u.id', 't.traveller_id')
    .selectAll('t')
    .select(['u.display_name as traveller_name'])
    .select((eb) => eb.selectFrom('trip_budgets as b').select(sql<number>`coalesce(sum(b.amount), 0)::bigint`.as('s')).whereRef('b.trip_id', '=', 't.id').as('budget_total'))
    .select((eb) =>
      eb
        .selectFrom('trip_legs as l')
        .select(sql<string[]>`coalesce(array_agg(l.to_city order by l.seq), '{}')`.as('d'))
        .whereRef('l.trip_id', '=', 't.id')
        .as('destinations'),
    );
}
export type TripRow = Awaited<ReturnType<ReturnType<typeof selectTrips>['executeTakeFirstOrThrow']>>;

export function lockTrip(db: Db, id: string) {
  return db.selectFrom('trips').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function tripLegs(db: Db, tripId: string) {
  return db.selectFrom('trip_legs').selectAll().where('trip_id', '=', tripId).orderBy('seq').execute();
}

export function tripBudget(db: Db, tripId: string) {
  return db.selectFrom('trip_budgets').selectAll().where('trip_id', '=', tripId).orderBy('category').execute();
}

export function tripCustomers(db: Db, tripId: string) {
  return db
    .selectFrom('trip_customers as tc')
    .innerJoin('customers as c', 'c.id', 'tc.customer_id')
    .select(['c.id', 'c.name'])
    .where('tc.trip_id', '=', tripId)
    .orderBy('c.name')
    .execute();
}

export function tripBookings(db: Db, tripId: string) {
  return db.selectFrom('trip_bookings').selectAll().where('trip_id', '=', tripId).orderBy('travel_date').orderBy('created_at').execute();
}
export type BookingRow = Awaited<ReturnType<typeof tripBookings>>[number];

export function tripAdvances(db: Db, tripId: string) {
  return db
    .selectFrom('trip_advances as a')
    .leftJoin('ledger_entries as e', 'e.id', 'a.ledger_entry_id')
    .selectAll('a')
    .select('e.number as entry_number')
    .where('a.trip_id', '=', tripId)
    .orderBy('a.paid_on')
    .orderBy('a.created_at')
    .execute();
}
export type AdvanceRow = Awaited<ReturnType<typeof tripAdvances>>[number];

/** Advances paid on a trip, what paid claims have cleared of them and what the traveller repaid. */
export async function advanceBalance(db: Db, tripId: string): Promise<{ paid: number; cleared: number; repaid: number }> {
  const paid = await db.selectFrom('trip_advances').select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('s')).where('trip_id', '=', tripId).executeTakeFirstOrThrow();
  const cleared = await db
    .selectFrom('expense_claim_payments as p')
    .innerJoin('expense_claims as c', 'c.id', 'p.claim_id')
    .select(sql<number>`coalesce(sum(p.advance_cleared), 0)::bigint`.as('s'))
    .where('c.trip_id', '=', tripId)
    .executeTakeFirstOrThrow();
  const repaid = await db.selectFrom('trip_advance_repayments').select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('s')).where('trip_id', '=', tripId).executeTakeFirstOrThrow();
  return { paid: Number(paid.s), cleared: Number(cleared.s), repaid: Number(repaid.s) };
}

export async function replaceTripParts(trx: Transaction<Database>, tripId: string, parts: { legs?: LegInput[]; budget?: { category: string; amount: number }[]; customerIds?: string[] }) {
  if (parts.legs) {
    await trx.deleteFrom('trip_legs').where('trip_id', '=', tripId).execute();
    await trx
      .insertInto('trip_legs')
      .values(parts.legs.map((l, i) => ({ trip_id: tripId, seq: i + 1, from_city: l.fromCity, to_city: l.toCity, depart_on: l.departOn, arrive_on: l.arriveOn, mode: l.mode, city_tier: l.cityTier })))
      .execute();
  }
  if (parts.budget) {
    await trx.deleteFrom('trip_budgets').where('trip_id', '=', tripId).execute();
    const rows = parts.budget.filter((b) => b.amount > 0);
    if (rows.length) await trx.insertInto('trip_budgets').values(rows.map((b) => ({ trip_id: tripId, category: b.category, amount: b.amount }))).execute();
  }
  if (parts.customerIds) {
    await trx.deleteFrom('trip_customers').where('trip_id', '=', tripId).execute();
    const ids = [...new Set(parts.customerIds)];
    if (ids.length) await trx.insertInto('trip_customers').values(ids.map((id) => ({ trip_id: tripId, customer_id: id }))).execute();
  }
}

export function existingCustomers(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as { id: string }[]);
  return db.selectFrom('customers').select('id').where('id', 'in', ids).execute();
}

/** The latest approval request of a document, if any. */
export async function latestApprovalRequest(db: Db, docType: string, docId: string): Promise<string | null> {
  const row = await db.selectFrom('approval_requests').select('id').where('doc_type', '=', docType).where('doc_id', '=', docId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** Whether the user was asked to approve (or acted on) this document. */
export async function isApproverOf(db: Db, docType: string, docId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as a', 'a.id', 't.request_id')
    .select('t.id')
    .where('a.doc_type', '=', docType)
    .where('a.doc_id', '=', docId)
    .where((eb) => eb.or([eb('t.approver_id', '=', userId), eb('t.acted_by', '=', userId)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the user decides the current step of the document's pending approval. */
export async function isCurrentApprover(db: Db, docType: string, docId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('approval_tasks as t')
    .innerJoin('approval_requests as a', 'a.id', 't.request_id')
    .select('t.id')
    .where('a.doc_type', '=', docType)
    .where('a.doc_id', '=', docId)
    .where('a.status', '=', 'pending')
    .where('t.status', '=', 'pending')
    .where('t.approver_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
