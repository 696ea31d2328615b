import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { inScope, recordScope, type RecordScope } from '../../platform/access/scope';
import { findCustomerRow, lockCustomer, type CustomerRow } from './customers.repo';

type Trx = Transaction<Database>;
type AnyDb = Db;
const CUSTOMER = 'customer';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Who sees a customer, and through it every record of the customer (contacts,
 * orders, returns, contracts, negotiations, files, timeline): a rep the customers
 * they own; managers, assistants, finance and viewers the customers owned by their
 * department (or filed under it); admins all. Everything else answers 404.
 * Editing follows reading, except for viewers (their role grants no writes).
 */
export function customerScopeWhere(scope: RecordScope, alias = 'c') {
  return (eb: ExpressionBuilder<any, any>) => {
    if (scope.kind === 'all') return eb.lit(true);
    if (scope.kind === 'own') return eb(eb.ref(`${alias}.owner_id`), '=', scope.userId);
    return eb.or([
      eb(eb.ref(`${alias}.owner_id`), '=', scope.userId),
      eb(eb.ref(`${alias}.department_id`), 'in', scope.departmentIds),
      eb(eb.ref(`${alias}.owner_id`), 'in', eb.selectFrom('users').select('users.id').where('users.department_id', 'in', scope.departmentIds)),
    ]);
  };
}

export async function customerVisibility(db: Db, actor: Actor): Promise<RecordScope> {
  return recordScope(db, actor);
}

/** Whether the actor may see this customer (and so its records). Merged customers are read through their survivor. */
export async function canReadCustomer(db: Db, actor: Actor, customerId: string): Promise<boolean> {
  return canSeeCustomer(db, actor, customerId);
}

type Visibility = { owner_id: string | null; department_id: string | null; owner_department_id: string | null };

/** A rep: customers they own; department-wide roles: customers of their departments or owned by their people; admins all. */
export function isVisible(scope: RecordScope, row: Visibility): boolean {
  return inScope(scope, row.owner_id, row.department_id) || (row.owner_department_id !== null && inScope(scope, null, row.owner_department_id));
}

async function ownerDepartment(db: AnyDb, ownerId: string | null): Promise<string | null> {
  if (!ownerId) return null;
  const u = await db.selectFrom('users').select('department_id').where('id', '=', ownerId).executeTakeFirst();
  return u?.department_id ?? null;
}

/** The customer a merged one ended in (following a chain of merges). */
async function survivorOf(db: AnyDb, id: string): Promise<CustomerRow | undefined> {
  let row = await findCustomerRow(db, id);
  for (let i = 0; row?.merged_into_id && i < 20; i++) row = await findCustomerRow(db, row.merged_into_id);
  return row;
}

/** Whether the actor may see the customer (a merged one: whether they may see its survivor). */
export async function canSeeCustomer(db: AnyDb, actor: Actor, id: string): Promise<boolean> {
  const row = await survivorOf(db, id);
  return !!row && isVisible(await recordScope(db, actor), row);
}

/**
 * A customer that was merged answers 409 `conflict` with `meta.reason = "merged"` and
 * `meta.mergedIntoId` (the survivor) to whoever may see the survivor; the web follows it.
 */
const mergedError = (id: string, survivorId: string) =>
  new AppError('conflict', 'This customer was merged into another one', { detail: { reason: 'merged', entityType: CUSTOMER, id, mergedIntoId: survivorId } });

/** Loads a customer the actor may read: 404 (audited) outside their scope, 409 with a pointer when merged away. */
export async function loadReadableCustomer(db: AnyDb, actor: Actor, id: string): Promise<CustomerRow> {
  const row = await findCustomerRow(db, id);
  if (!row) throw notFound(CUSTOMER, id);
  const scope = await recordScope(db, actor);
  if (row.merged_into_id) {
    const survivor = await survivorOf(db, id);
    if (!survivor || !isVisible(scope, survivor)) throw deniedAsNotFound(CUSTOMER, id);
    throw mergedError(id, survivor.id);
  }
  if (!isVisible(scope, row)) throw deniedAsNotFound(CUSTOMER, id);
  return row;
}

/** Locks a customer for a change: 403 without the permission, 404 outside the scope, 409 when merged or at another version. */
export async function lockCustomerForChange(trx: Trx, actor: Actor, id: string, expectedVersion: number | undefined, permission: 'customers:write' | 'customers:handover' | 'customers:merge' = 'customers:write') {
  requirePermission(actor, permission);
  const locked = await lockCustomer(trx, id);
  if (!locked) throw notFound(CUSTOMER, id);
  const scope = await recordScope(trx, actor);
  if (locked.merged_into_id) {
    const survivor = await survivorOf(trx, id);
    if (!survivor || !isVisible(scope, survivor)) throw deniedAsNotFound(CUSTOMER, id);
    throw mergedError(id, survivor.id);
  }
  if (!isVisible(scope, { ...locked, owner_department_id: await ownerDepartment(trx, locked.owner_id) })) throw deniedAsNotFound(CUSTOMER, id);
  if (expectedVersion !== undefined && locked.version !== expectedVersion) throw versionConflict(CUSTOMER);
  return locked;
}

