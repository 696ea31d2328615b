import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from './actor';
import { subtreeIds } from '../../db/subtree';

/**
 * Record rules shared by every module: what part of the department's records an
 * actor sees.
 * - admin: everything.
 * - manager, assistant, finance, viewer: records of their department and its sub-departments.
 * - rep (and anyone with no wider role): only records they own.
 * A module maps this onto its own owner/department columns and answers 404 outside it.
 */
export type RecordScope =
  | { kind: 'all' }
  | { kind: 'departments'; departmentIds: string[]; userId: string }
  | { kind: 'own'; userId: string };

const DEPARTMENT_WIDE_ROLES = new Set(['manager', 'assistant', 'finance', 'viewer']);

export async function recordScope(db: Kysely<Database> | Transaction<Database>, actor: Actor): Promise<RecordScope> {
  if (actor.roles.includes('admin')) return { kind: 'all' };
  if (actor.departmentId && actor.roles.some((r) => DEPARTMENT_WIDE_ROLES.has(r))) {
    return { kind: 'departments', departmentIds: await subtreeIds(db, 'departments', actor.departmentId), userId: actor.userId };
  }
  return { kind: 'own', userId: actor.userId };
}

/** Whether a record with this owner and department is inside the scope. */
export function inScope(scope: RecordScope, ownerId: string | null, departmentId: string | null): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'own') return ownerId === scope.userId;
  return ownerId === scope.userId || (departmentId !== null && scope.departmentIds.includes(departmentId));
}
