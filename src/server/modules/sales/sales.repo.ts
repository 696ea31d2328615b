import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';

/** Look-ups the sales documents share: the customer, product, people and places they refer to. */
export type Db = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;

export function findCustomer(db: Db, id: string) {
  return db.selectFrom('customers').select(['id', 'name', 'owner_id', 'department_id', 'region_id', 'merged_into_id', 'is_archived']).where('id', '=', id).executeTakeFirst();
}

export function findProducts(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('products').select(['id', 'code', 'name', 'list_price', 'cost', 'currency', 'status', 'unit']).where('id', 'in', ids).execute();
}

export function findActiveUser(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'department_id', 'display_name']).where('id', '=', id).where('is_active', '=', true).executeTakeFirst();
}

export function findActiveUsers(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).where('is_active', '=', true).execute();
}

export async function regionExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function departmentExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export function findContractRef(db: Db, id: string) {
  return db.selectFrom('contracts').select(['id', 'customer_id', 'status', 'currency']).where('id', '=', id).executeTakeFirst();
}

export function findContactsOf(db: Db, customerId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('contacts').select(['id', 'name']).where('customer_id', '=', customerId).where('id', 'in', ids).execute();
}
