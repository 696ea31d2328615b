import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { canReadExpenseDoc, lockTripRow, openAdvanceOf } from '../trips/trips.service';
import { postClaimPayment } from './claims.ledger';
import { CLAIM, lockClaim, selectClaims } from './claims.repo';
import type { ClaimDto, PayClaimInput } from './claims.schema';
import { claimDetail } from './claims.service';

type Db = Kysely<Database>;

/**
 * Finance pays an approved claim net of the trip's open advance: the advance is cleared first
 * (up to the claim total), the rest is paid by bank or cash; an advance above the total stays
 * owed by the employee on 1221. One payment per claim (the claim row is locked, its status moves
 * to paid, and the payments table holds one row per claim); the trip row is locked so two claims
 * of one trip never clear the same advance twice.
 */
export async function payClaim(db: Db, actor: Actor, id: string, input: PayClaimInput): Promise<ClaimDto> {
  requirePermission(actor, 'expenses:pay');
  return db.transaction().execute(async (trx) => {
    const locked = await lockClaim(trx, id);
    if (!locked) throw notFound(CLAIM, id);
    if (!(await canReadExpenseDoc(trx, actor, CLAIM, { id, ownerId: locked.claimant_id, departmentId: locked.department_id }))) throw deniedAsNotFound(CLAIM, id);
    if (locked.claimant_id === actor.userId) throw new AppError('forbidden', 'Nobody pays their own claim');
    if (locked.version !== input.version) throw versionConflict(CLAIM);
    if (locked.status !== 'approved') throw new AppError('conflict', locked.status === 'paid' ? 'This claim is already paid' : `A ${locked.status} claim cannot be paid`, { detail: { reason: locked.status } });
    if (locked.trip_id) await lockTripRow(trx, locked.trip_id);
    const openAdvance = locked.trip_id ? await openAdvanceOf(trx, locked.trip_id) : 0;
    const advanceCleared = Math.min(Math.max(openAdvance, 0), locked.total);
    const amountPaid = locked.total - advanceCleared;
    const paidOn = input.paidOn ?? (await businessToday(trx));
    const { paymentId, entry } = await postClaimPayment(trx, actor, locked, { advanceCleared, amountPaid, method: input.method, paidOn });
    await trx
      .insertInto('expense_claim_payments')
      .values({ id: paymentId, claim_id: id, claim_total: locked.total, advance_cleared: advanceCleared, amount_paid: amountPaid, paid_on: paidOn, method: input.method, ledger_entry_id: entry.id, paid_by: actor.userId })
      .execute();
    await trx.updateTable('expense_claims').set({ status: 'paid', paid_at: new Date(), updated_at: new Date(), version: locked.version + 1 }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'expense_claim.pay', entityType: CLAIM, entityId: id, after: { paymentId, total: locked.total, advanceCleared, amountPaid, paidOn, method: input.method, entry: entry.number } });
    return claimDetail(trx, actor, await selectClaims(trx).where('c.id', '=', id).executeTakeFirstOrThrow());
  });
}
