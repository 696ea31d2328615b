import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import type { EntryLineInput } from '../ledger/ledger.schema';
import { expenseAccountId, postDocumentEntry, postingAccountId } from '../ledger/ledger.service';
import { claimItems } from './claims.repo';

/**
 * How claims post (docs/expenses.md):
 * - approved: Dr 6601xx selling expenses per category (employee, department, trip, customer) /
 *   Cr 2241 payables to employees (the claim total);
 * - paid: Dr 2241 the total / Cr 1221 employee advances (the trip's open advance, up to the total) /
 *   Cr 1002 bank or 1001 cash (the rest). An advance larger than the claim stays on 1221: the
 *   employee owes it back.
 */
type Trx = Transaction<Database>;
export const CLAIM_APPROVAL_SOURCE = 'expense_claim';
export const CLAIM_PAYMENT_SOURCE = 'expense_claim_payment';

interface ClaimHead {
  id: string;
  number: string;
  claimant_id: string;
  department_id: string | null;
  trip_id: string | null;
  total: number;
}

/** Posts the approved claim's expenses against what is owed to the employee. */
export async function postClaimApproval(trx: Trx, actor: Actor, claim: ClaimHead, entryDate: string): Promise<{ id: string; number: string }> {
  const items = await claimItems(trx, claim.id);
  const dims = { employeeId: claim.claimant_id, departmentId: claim.department_id, tripId: claim.trip_id };
  // One debit line per category and customer, in the order they first appear.
  const groups = new Map<string, { category: string; customerId: string | null; amount: number }>();
  for (const i of items) {
    const k = `${i.category}:${i.customer_id ?? ''}`;
    const g = groups.get(k) ?? { category: i.category, customerId: i.customer_id, amount: 0 };
    g.amount += i.amount;
    groups.set(k, g);
  }
  const lines: EntryLineInput[] = [];
  for (const g of groups.values()) {
    lines.push({ accountId: await expenseAccountId(trx, g.category), debit: g.amount, credit: 0, ...dims, customerId: g.customerId, expenseType: g.category as EntryLineInput['expenseType'], description: claim.number });
  }
  lines.push({ accountId: await postingAccountId(trx, '2241'), debit: 0, credit: claim.total, ...dims, description: claim.number });
  return postDocumentEntry(trx, actor, { sourceType: CLAIM_APPROVAL_SOURCE, sourceId: claim.id, entryDate, description: `Expense claim ${claim.number}`, lines });
}

/** Posts a claim's payment: the payable settled by clearing the advance first, then by bank or cash. */
export async function postClaimPayment(
  trx: Trx,
  actor: Actor,
  claim: ClaimHead,
  p: { paymentId?: string; advanceCleared: number; amountPaid: number; method: 'bank' | 'cash'; paidOn: string },
): Promise<{ paymentId: string; entry: { id: string; number: string } }> {
  const paymentId = p.paymentId ?? crypto.randomUUID();
  const dims = { employeeId: claim.claimant_id, departmentId: claim.department_id, tripId: claim.trip_id, description: claim.number };
  const lines: EntryLineInput[] = [{ accountId: await postingAccountId(trx, '2241'), debit: claim.total, credit: 0, ...dims }];
  if (p.advanceCleared > 0) lines.push({ accountId: await postingAccountId(trx, '1221'), debit: 0, credit: p.advanceCleared, ...dims });
  if (p.amountPaid > 0) lines.push({ accountId: await postingAccountId(trx, p.method === 'cash' ? '1001' : '1002'), debit: 0, credit: p.amountPaid, ...dims });
  const entry = await postDocumentEntry(trx, actor, { sourceType: CLAIM_PAYMENT_SOURCE, sourceId: paymentId, entryDate: p.paidOn, description: `Payment of claim ${claim.number}`, lines });
  return { paymentId, entry };
}
