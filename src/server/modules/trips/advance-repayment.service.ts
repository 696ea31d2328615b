import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { formatMinor } from '../../platform/money/money';
import { postDocumentEntry, postingAccountId } from '../ledger/ledger.service';
import { firstAdvanceDate, insertRepayment, tripRepayments, TRIP_ADVANCE_REPAYMENT, type RepaymentRow } from './advance-repayment.repo';
import type { AdvanceAccountDto, CreateRepaymentInput, RecordedRepaymentDto, RepaymentDto } from './advance-repayment.schema';
import { canReadExpenseDoc } from './trips.access';
import { advanceBalance, lockTrip, TRIP } from './trips.repo';

/**
 * Repaying an unused travel advance. The advance (Dr 1221 on payment) is cleared by the claims
 * of the trip as they are paid; what they did not use the traveller pays back, and the assistant
 * or finance records it: Dr 1002 bank or 1001 cash / Cr 1221 with the employee, department and
 * trip, so the employee's and the trip's subsidiary ledgers fall to zero with the document.
 * Outstanding = advances paid − cleared by paid claims − repaid, never below zero (the trip row
 * is locked by repayments and by claim payments alike). Who may: the same people who pay the
 * advance (expenses:book), never for their own trip; the traveller and reviewers see it.
 * A double submit with one Idempotency-Key is answered once by the HTTP layer.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;

const iso = (d: Date | string) => new Date(d).toISOString();
const RECORDABLE = new Set(['approved', 'completed']);

function repaymentDto(r: RepaymentRow): RepaymentDto {
  return {
    id: r.id,
    tripId: r.trip_id,
    employeeId: r.employee_id,
    amount: r.amount,
    repaidOn: r.repaid_on,
    method: r.method,
    note: r.note,
    ledgerEntryId: r.ledger_entry_id,
    ledgerEntryNumber: r.entry_number ?? null,
    recordedBy: r.recorded_by,
    recordedByName: r.recorded_by_name ?? null,
    createdAt: iso(r.created_at),
  };
}

type TripHead = { id: string; traveller_id: string; department_id: string | null; status: string; number: string; currency: string };

async function accountOf(db: Db | Trx, actor: Actor, trip: TripHead): Promise<AdvanceAccountDto> {
  const [balance, rows] = await Promise.all([advanceBalance(db, trip.id), tripRepayments(db, trip.id)]);
  const outstanding = balance.paid - balance.cleared - balance.repaid;
  return {
    tripId: trip.id,
    currency: trip.currency,
    advancePaid: balance.paid,
    clearedByClaims: balance.cleared,
    repaid: balance.repaid,
    outstanding,
    repayments: rows.map(repaymentDto),
    canRecord: can(actor, 'expenses:book') && trip.traveller_id !== actor.userId && RECORDABLE.has(trip.status) && outstanding > 0,
  };
}

const readable = (t: TripHead) => ({ id: t.id, ownerId: t.traveller_id, departmentId: t.department_id });

/** A trip's advance account — paid, cleared by claims, repaid, outstanding — and its repayments: whoever may see the trip. */
export async function getAdvanceAccount(db: Db, actor: Actor, tripId: string): Promise<AdvanceAccountDto> {
  requirePermission(actor, 'expenses:use');
  const trip = await db.selectFrom('trips').select(['id', 'traveller_id', 'department_id', 'status', 'number', 'currency']).where('id', '=', tripId).executeTakeFirst();
  if (!trip) throw notFound(TRIP, tripId);
  if (!(await canReadExpenseDoc(db, actor, TRIP, readable(trip)))) throw deniedAsNotFound(TRIP, tripId);
  return accountOf(db, actor, trip);
}

/**
 * Records the traveller's repayment of what is left of the trip's advance and posts it in the same
 * transaction (Dr bank/cash, Cr 1221 for the employee and trip; the entry's source is the repayment).
 * At most the outstanding amount, dated no later than today, not before the first advance, in an open period.
 */
export async function recordRepayment(db: Db, actor: Actor, tripId: string, input: CreateRepaymentInput): Promise<RecordedRepaymentDto> {
  requirePermission(actor, 'expenses:book');
  return db.transaction().execute(async (trx) => {
    const trip = await lockTrip(trx, tripId);
    if (!trip) throw notFound(TRIP, tripId);
    if (!(await canReadExpenseDoc(trx, actor, TRIP, readable(trip)))) throw deniedAsNotFound(TRIP, tripId);
    if (trip.traveller_id === actor.userId) throw new AppError('forbidden', 'Nobody records the repayment of their own advance');
    if (!RECORDABLE.has(trip.status)) throw new AppError('conflict', `Repayments are recorded on approved or completed trips; this one is ${trip.status}`, { detail: { reason: 'not_approved' } });

    const balance = await advanceBalance(trx, tripId);
    const outstanding = balance.paid - balance.cleared - balance.repaid;
    if (outstanding <= 0) throw fieldError('amount', 'nothing_outstanding', 'Nothing of the advance is outstanding on this trip');
    if (input.amount > outstanding) throw fieldError('amount', 'over_outstanding', `At most ${formatMinor(outstanding)} is outstanding`);
    const today = await businessToday(trx);
    const repaidOn = input.repaidOn ?? today;
    if (repaidOn > today) throw fieldError('repaidOn', 'in_future', 'A repayment is recorded once the money came back, not ahead');
    const first = await firstAdvanceDate(trx, tripId);
    if (first && repaidOn < first) throw fieldError('repaidOn', 'before_advance', `The advance was first paid on ${first}`);

    const id = crypto.randomUUID();
    const dims = { employeeId: trip.traveller_id, departmentId: trip.department_id, tripId };
    const description = `Advance repaid ${trip.number}`;
    const entry = await postDocumentEntry(trx, actor, {
      sourceType: TRIP_ADVANCE_REPAYMENT,
      sourceId: id,
      entryDate: repaidOn,
      description,
      lines: [
        { accountId: await postingAccountId(trx, input.method === 'cash' ? '1001' : '1002'), debit: input.amount, credit: 0, ...dims, description },
        { accountId: await postingAccountId(trx, '1221'), debit: 0, credit: input.amount, ...dims, description },
      ],
    }).catch((e: unknown) => {
      // The ledger names its own field (entryDate); here the user typed the repayment date.
      if (e instanceof AppError && e.fields?.[0]?.field === 'entryDate') throw fieldError('repaidOn', e.fields[0].code, e.fields[0].message);
      throw e;
    });
    await insertRepayment(trx, { id, tripId, employeeId: trip.traveller_id, amount: input.amount, repaidOn, method: input.method, note: input.note ?? '', ledgerEntryId: entry.id, recordedBy: actor.userId });
    await recordAudit(trx, actor, {
      action: 'trip_advance.repay',
      entityType: TRIP,
      entityId: tripId,
      before: { outstanding },
      after: { repaymentId: id, amount: input.amount, repaidOn, method: input.method, note: input.note ?? '', entry: entry.number, outstanding: outstanding - input.amount },
    });
    const account = await accountOf(trx, actor, trip);
    return { repayment: account.repayments.find((r) => r.id === id)!, account };
  });
}
