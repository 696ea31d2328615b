import { AppError, deniedAsNotFound, fieldError, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { canReadCustomer } from '../customers/customers.access';
import { findCustomer, type Db } from './sales.repo';

/**
 * Record rule of every sales document: it is visible exactly when its customer is
 * (customers.access.ts). Writing needs sales:write on top (reps: their own customers;
 * the back office: the department's). A document the caller may not see is a 404
 * from every door, written to the audit log as a denial.
 */
export async function assertVisible(db: Db, actor: Actor, entityType: string, row: { id: string; customer_id: string } | undefined, id: string): Promise<void> {
  requirePermission(actor, 'sales:read');
  if (!row) throw notFound(entityType, id);
  if (!(await canReadCustomer(db, actor, row.customer_id))) throw deniedAsNotFound(entityType, id);
}

/** For writes: the role must grant sales:write (403), then the record must be visible (404). */
export async function assertWritable(db: Db, actor: Actor, entityType: string, row: { id: string; customer_id: string } | undefined, id: string): Promise<void> {
  requirePermission(actor, 'sales:write');
  await assertVisible(db, actor, entityType, row, id);
}

export const canWriteSales = (actor: Actor) => can(actor, 'sales:write');

/** A customer named in a new document: it must exist, be live, and be visible to the caller (else a 400 naming the field). */
export async function visibleCustomer(db: Db, actor: Actor, customerId: string, field = 'customerId') {
  const c = await findCustomer(db, customerId);
  if (!c || !(await canReadCustomer(db, actor, customerId))) throw fieldError(field, 'not_found', 'No such customer');
  if (c.merged_into_id) throw fieldError(field, 'merged', 'This customer was merged into another; use that one');
  if (c.is_archived) throw fieldError(field, 'archived', 'This customer is archived');
  return c;
}

/** A status change the machine does not allow: 409 naming the status. */
export const badTransition = (entity: string, from: string, to: string) =>
  new AppError('conflict', `A ${from} ${entity} cannot become ${to}`, { fields: [{ field: 'to', code: 'invalid_transition', message: `${from} → ${to} is not allowed` }], detail: { from, to } });

export const notEditable = (entity: string, status: string, field = 'status') =>
  new AppError('conflict', `A ${status} ${entity} cannot be changed`, { fields: [{ field, code: 'not_editable', message: `The ${entity} is ${status}` }], detail: { status } });
