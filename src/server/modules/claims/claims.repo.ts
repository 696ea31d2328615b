import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { ItemInput } from './claims.schema';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;
export const CLAIM = 'expense_claim';

const SEVERITY_RANK = sql<number>`case k.severity when 'high' then 3 when 'warning' then 2 else 1 end`;

export function selectClaims(db: Db) {
  return db
    .selectFrom('expense_claims as c')
    .innerJoin('users as u', 'u.id', 'c.claimant_id')
    .leftJoin('trips as t', 't.id', 'c.trip_id')
    .selectAll('c')
    .select(['u.display_name as claimant_name', 't.number as trip_number'])
    .select((eb) =>
      eb
        .selectFrom('expense_claim_checks as k')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('k.claim_id', '=', 'c.id')
        .where('k.overridden_by', 'is', null)
        .as('open_checks'),
    )
    .select((eb) =>
      eb
        .selectFrom('expense_claim_checks as k')
        .select(sql<number>`max(${SEVERITY_RANK})`.as('w'))
        .whereRef('k.claim_id', '=', 'c.id')
        .where('k.overridden_by', 'is', null)
        .as('worst_rank'),
    );
}
export type ClaimRow = Awaited<ReturnType<ReturnType<typeof selectClaims>['executeTakeFirstOrThrow']>>;

export function lockClaim(db: Db, id: string) {
  return db.selectFrom('expense_claims').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function claimItems(db: Db, claimId: string) {
  return db.selectFrom('expense_claim_items').selectAll().where('claim_id', '=', claimId).orderBy('line_no').execute();
}
export type ItemRow = Awaited<ReturnType<typeof claimItems>>[number];

export function claimReceipts(db: Db, claimId: string) {
  return db
    .selectFrom('expense_receipts as r')
    .innerJoin('expense_claim_items as i', 'i.id', 'r.item_id')
    .leftJoin('files as f', 'f.id', 'r.file_id')
    .selectAll('r')
    .select(['i.line_no', 'f.name as file_name'])
    .where('r.claim_id', '=', claimId)
    .orderBy('i.line_no')
    .orderBy('r.id')
    .execute();
}
export type ReceiptRow = Awaited<ReturnType<typeof claimReceipts>>[number];

export function claimChecks(db: Db, claimId: string) {
  return db
    .selectFrom('expense_claim_checks as k')
    .leftJoin('users as u', 'u.id', 'k.overridden_by')
    .selectAll('k')
    .select('u.display_name as overridden_by_name')
    .where('k.claim_id', '=', claimId)
    .orderBy(SEVERITY_RANK, 'desc')
    .orderBy('k.line_no')
    .orderBy('k.code')
    .execute();
}
export type CheckRow = Awaited<ReturnType<typeof claimChecks>>[number];

export function claimPayment(db: Db, claimId: string) {
  return db
    .selectFrom('expense_claim_payments as p')
    .leftJoin('ledger_entries as e', 'e.id', 'p.ledger_entry_id')
    .selectAll('p')
    .select('e.number as entry_number')
    .where('p.claim_id', '=', claimId)
    .executeTakeFirst();
}

export function filesByIds(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as { id: string; sha256: string }[]);
  return db.selectFrom('files').select(['id', 'sha256']).where('id', 'in', ids).execute();
}

/** Normalised invoice / ticket number: upper case, no spaces or dashes (the registry key). */
export const normaliseNumber = (n: string) => n.toUpperCase().replace(/[\s-]/g, '');

/**
 * Replaces a draft claim's items and receipts. The registry keeps the old receipts' uses
 * (released) and records the new ones; the numbers' rows are upserted first, which serialises
 * two claims using one number at the same time.
 */
export async function replaceItems(trx: Trx, claim: { id: string; claimant_id: string }, items: ItemInput[], shaByFile: Map<string, string>): Promise<number> {
  await trx.updateTable('invoice_number_uses').set({ released_at: new Date() }).where('claim_id', '=', claim.id).where('released_at', 'is', null).execute();
  await trx.deleteFrom('expense_claim_items').where('claim_id', '=', claim.id).execute();
  let total = 0;
  for (const [i, item] of items.entries()) {
    total += item.amount;
    const row = await trx
      .insertInto('expense_claim_items')
      .values({
        claim_id: claim.id,
        line_no: i + 1,
        item_date: item.date,
        category: item.category,
        amount: item.amount,
        description: item.description ?? '',
        nights: item.nights ?? null,
        city_tier: item.cityTier ?? null,
        booking_id: item.bookingId ?? null,
        customer_id: item.customerId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of item.receipts) {
      const receipt = await trx
        .insertInto('expense_receipts')
        .values({
          item_id: row.id,
          claim_id: claim.id,
          kind: r.kind,
          file_id: r.fileId ?? null,
          sha256: r.fileId ? (shaByFile.get(r.fileId) ?? null) : null,
          invoice_number: r.invoiceNumber || null,
          invoice_amount: r.invoiceAmount ?? null,
          invoice_date: r.invoiceDate ?? null,
          buyer_name: r.buyerName || null,
          buyer_taxpayer_id: r.buyerTaxpayerId || null,
          passenger_name: r.passengerName || null,
          from_city: r.fromCity || null,
          to_city: r.toCity || null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (r.invoiceNumber) {
        const number = normaliseNumber(r.invoiceNumber);
        await sql`insert into invoice_numbers (number, first_claim_id) values (${number}, ${claim.id})
          on conflict (number) do update set use_count = invoice_numbers.use_count + 1`.execute(trx);
        await trx.insertInto('invoice_number_uses').values({ number, receipt_id: receipt.id, claim_id: claim.id, claimant_id: claim.claimant_id }).execute();
      }
    }
  }
  return total;
}

/** Other live uses of invoice numbers (any claim, ever; released uses do not count). */
export function numberUses(db: Db, numbers: string[]) {
  if (!numbers.length) return Promise.resolve([]);
  return db
    .selectFrom('invoice_number_uses as n')
    .innerJoin('expense_claims as c', 'c.id', 'n.claim_id')
    .innerJoin('users as u', 'u.id', 'n.claimant_id')
    .leftJoin('expense_receipts as r', 'r.id', 'n.receipt_id')
    .leftJoin('expense_claim_items as i', 'i.id', 'r.item_id')
    .select(['n.number', 'n.receipt_id', 'c.id as claim_id', 'c.number as claim_number', 'c.status as claim_status', 'u.display_name as claimant_name', 'i.line_no'])
    .where('n.number', 'in', numbers)
    .where('n.released_at', 'is', null)
    .execute();
}

/** Receipts elsewhere with the same file content. */
export function receiptsWithHashes(db: Db, hashes: string[]) {
  if (!hashes.length) return Promise.resolve([]);
  return db
    .selectFrom('expense_receipts as r')
    .innerJoin('expense_claim_items as i', 'i.id', 'r.item_id')
    .innerJoin('expense_claims as c', 'c.id', 'r.claim_id')
    .innerJoin('users as u', 'u.id', 'c.claimant_id')
    .select(['r.id', 'r.sha256', 'c.id as claim_id', 'c.number as claim_number', 'c.status as claim_status', 'u.display_name as claimant_name', 'i.line_no'])
    .where('r.sha256', 'in', hashes)
    .execute();
}

/** Live claim items (not cancelled or rejected claims) that pay for these bookings. */
export function itemsForBookings(db: Db, bookingIds: string[]) {
  if (!bookingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('expense_claim_items as i')
    .innerJoin('expense_claims as c', 'c.id', 'i.claim_id')
    .innerJoin('users as u', 'u.id', 'c.claimant_id')
    .select(['i.id', 'i.booking_id', 'i.line_no', 'c.id as claim_id', 'c.number as claim_number', 'c.status as claim_status', 'u.display_name as claimant_name'])
    .where('i.booking_id', 'in', bookingIds)
    .where('c.status', 'not in', ['cancelled', 'rejected'])
    .execute();
}

/** What other live claims of the trip (submitted, approved, paid) have claimed, per category. */
export async function otherClaimsOfTrip(db: Db, tripId: string, exceptClaimId: string) {
  return db
    .selectFrom('expense_claim_items as i')
    .innerJoin('expense_claims as c', 'c.id', 'i.claim_id')
    .select(['i.category', sql<number>`sum(i.amount)::bigint`.as('amount')])
    .where('c.trip_id', '=', tripId)
    .where('c.id', '!=', exceptClaimId)
    .where('c.status', 'in', ['submitted', 'approved', 'paid'])
    .groupBy('i.category')
    .execute();
}

export function calendarBetween(db: Db, from: string, to: string) {
  return db.selectFrom('calendar_days').selectAll().where('day', '>=', from).where('day', '<=', to).execute();
}

export async function gradeOf(db: Db, userId: string): Promise<string> {
  const row = await db.selectFrom('employee_grades').select('grade').where('user_id', '=', userId).executeTakeFirst();
  return row?.grade ?? 'staff';
}

export function capsOfGrade(db: Db, grade: string) {
  return db.selectFrom('expense_policy_caps').selectAll().where('grade', '=', grade).execute();
}
