import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { Actor } from '../../platform/access/actor';
import { inScope, recordScope, type RecordScope } from '../../platform/access/scope';

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
  const row = await db
    .selectFrom('customers as c')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .select(['c.owner_id', 'c.department_id', 'o.department_id as owner_department_id'])
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return false;
  const scope = await recordScope(db, actor);
  return inScope(scope, row.owner_id, row.department_id) || (row.owner_department_id !== null && inScope(scope, null, row.owner_department_id));
}
