import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { can } from '../../platform/access/guard';
import { inScope, recordScope, type RecordScope } from '../../platform/access/scope';
import { isApproverOf } from './trips.repo';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Record rule of trips and claims: the traveller / claimant sees their own; people who review
 * expenses (manager, assistant, finance) see their department's (and below); admins all; anyone
 * asked to approve the document sees it. Everyone else gets a 404.
 */
export async function expenseScope(db: Db, actor: Actor): Promise<RecordScope> {
  if (actor.roles.includes('admin')) return { kind: 'all' };
  if (!can(actor, 'expenses:review')) return { kind: 'own', userId: actor.userId };
  return recordScope(db, actor);
}

export async function canReadExpenseDoc(db: Db, actor: Actor, docType: string, row: { id: string; ownerId: string; departmentId: string | null }): Promise<boolean> {
  if (inScope(await expenseScope(db, actor), row.ownerId, row.departmentId)) return true;
  return isApproverOf(db, docType, row.id, actor.userId);
}

/** Narrows a list query to the actor's scope (owner and department columns given). */
export function whereInScope<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  scope: RecordScope,
  ownerRef: string,
  departmentRef: string,
): SelectQueryBuilder<DB, TB, O> {
  if (scope.kind === 'all') return q;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const qq = q as any;
  if (scope.kind === 'own') return qq.where(ownerRef, '=', scope.userId);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return qq.where((eb: any) => eb.or([eb(ownerRef, '=', scope.userId), eb(departmentRef, 'in', scope.departmentIds)]));
}
