import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';

type Db = Kysely<Database> | Transaction<Database>;
export const TRIP_ADVANCE_REPAYMENT = 'trip_advance_repayment';

/** A trip's repayments, oldest first, with their ledger entry number and who recorded them. */
export function tripRepayments(db: Db, tripId: string) {
  return db
    .selectFrom('trip_advance_repayments as r')
    .leftJoin('ledger_entries as e', 'e.id', 'r.ledger_entry_id')
    .leftJoin('users as u', 'u.id', 'r.recorded_by')
    .selectAll('r')
    .select(['e.number as entry_number', 'u.display_name as recorded_by_name'])
    .where('r.trip_id', '=', tripId)
    .orderBy('r.repaid_on')
    .orderBy('r.created_at')
    .execute();
}
export type RepaymentRow = Awaited<ReturnType<typeof tripRepayments>>[number];

/** The day the trip's first advance was paid (a repayment cannot come before it). */
export async function firstAdvanceDate(db: Db, tripId: string): Promise<string | null> {
  const row = await db.selectFrom('trip_advances').select(sql<string | null>`min(paid_on)::text`.as('d')).where('trip_id', '=', tripId).executeTakeFirst();
  return row?.d ?? null;
}

export function insertRepayment(
  trx: Transaction<Database>,
  row: { id: string; tripId: string; employeeId: string; amount: number; repaidOn: string; method: 'bank' | 'cash'; note: string; ledgerEntryId: string; recordedBy: string },
) {
  return trx
    .insertInto('trip_advance_repayments')
    .values({
      id: row.id,
      trip_id: row.tripId,
      employee_id: row.employeeId,
      amount: row.amount,
      repaid_on: row.repaidOn,
      method: row.method,
      note: row.note,
      ledger_entry_id: row.ledgerEntryId,
      recorded_by: row.recordedBy,
    })
    .execute();
}
