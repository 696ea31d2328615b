import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { RecordScope } from '../../platform/access/scope';
import { likePattern } from '../../platform/workbench/workbench.registry';
import { customerScopeWhere } from './customers.access';
import type { ContactFilters, CustomerFilters } from './customers.schema';

type Db = Kysely<Database> | Transaction<Database>;
type Trx = Transaction<Database>;

/** A name at or above this trigram similarity (of the folded names) is reported as a possible duplicate. */
export const SIMILAR_NAME_THRESHOLD = 0.5;

export function selectCustomers(db: Db) {
  return db
    .selectFrom('customers as c')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .leftJoin('regions as r', 'r.id', 'c.region_id')
    .selectAll('c')
    .select(['o.display_name as owner_name', 'o.department_id as owner_department_id', 'd.name as department_name', 'r.name as region_name'])
    .select([microsKey('c.created_at').as('created_key'), microsKey('c.updated_at').as('updated_key')]);
}

/**
 * A timestamp as text to the microsecond, for keyset cursors: a JS Date keeps only
 * milliseconds, and a cursor rounded down would show a row twice (or skip one).
 */
export const microsKey = (ref: string) => sql<string>`to_char(${sql.ref(ref)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
export type CustomerRow = Awaited<ReturnType<ReturnType<typeof selectCustomers>['executeTakeFirstOrThrow']>>;

export function findCustomerRow(db: Db, id: string): Promise<CustomerRow | undefined> {
  return selectCustomers(db).where('c.id', '=', id).executeTakeFirst();
}

export function lockCustomer(trx: Trx, id: string) {
  return trx.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The next customer code, C-000001…, from one gap-free sequence (year 0: customer codes do not restart each year). */
export async function nextCustomerCode(trx: Trx): Promise<string> {
  const r = await sql<{ last_value: number }>`
    insert into number_sequences (name, year, last_value) values ('customer', 0, 1)
    on conflict (name, year) do update set last_value = number_sequences.last_value + 1
    returning last_value`.execute(trx);
  return `C-${String(Number(r.rows[0].last_value)).padStart(6, '0')}`;
}

/** Moves the customer sequence past codes written in bulk (demo data, imports). */
export async function reserveCustomerCodes(trx: Trx, count: number): Promise<number> {
  const r = await sql<{ last_value: number }>`
    insert into number_sequences (name, year, last_value) values ('customer', 0, ${count})
    on conflict (name, year) do update set last_value = number_sequences.last_value + ${count}
    returning last_value`.execute(trx);
  return Number(r.rows[0].last_value) - count + 1;
}

/** Narrows a customer query to the filters of the list (and of its export). */
export function applyCustomerFilters<O>(q: SelectQueryBuilder<any, any, O>, f: CustomerFilters, scope: RecordScope): SelectQueryBuilder<any, any, O> {
  let query = q.where('c.merged_into_id', 'is', null).where(customerScopeWhere(scope, 'c'));
  if (f.archived === 'false') query = query.where('c.is_archived', '=', false);
  else if (f.archived === 'true') query = query.where('c.is_archived', '=', true);
  if (f.q) {
    const like = likePattern(f.q);
    query = query.where((eb: ExpressionBuilder<any, any>) =>
      eb.or([eb('c.name', 'ilike', like), eb('c.short_name', 'ilike', like), eb('c.code', 'ilike', like), eb('c.credit_code', 'ilike', like)]),
    );
  }
  if (f.ownerId) query = query.where('c.owner_id', '=', f.ownerId);
  if (f.departmentId) query = query.where('c.department_id', '=', f.departmentId);
  if (f.regionId) query = query.where('c.region_id', '=', f.regionId);
  if (f.industry) query = query.where('c.industry', '=', f.industry);
  if (f.level) query = query.where('c.level', '=', f.level);
  if (f.status) query = query.where('c.status', '=', f.status);
  if (f.isKey) query = query.where('c.is_key', '=', f.isKey === 'true');
  if (f.tag) query = query.where(sql<boolean>`${f.tag} = any(c.tags)`);
  if (f.licenceExpiresBefore) query = query.where('c.licence_expires_on', '<=', f.licenceExpiresBefore);
  return query;
}

export const SORT_COLUMNS = { updatedAt: 'c.updated_at', createdAt: 'c.created_at', name: 'c.name', code: 'c.code' } as const;

export interface DuplicateCandidate {
  id: string;
  code: string;
  name: string;
  owner_id: string | null;
  owner_name: string | null;
  owner_department_id: string | null;
  department_id: string | null;
  credit_code: string | null;
  taxpayer_id: string | null;
  name_key: string;
  similarity: number;
}

/**
 * Customers (not merged away) with the same credit code or taxpayer id (either way
 * round: since 2015 the taxpayer id is the credit code), the same folded name, or a
 * folded name at least SIMILAR_NAME_THRESHOLD similar (the trigram index answers `%`).
 */
export async function findDuplicateCandidates(
  db: Db,
  input: { nameKey?: string; creditCode?: string | null; taxpayerId?: string | null; excludeIds?: string[] },
): Promise<DuplicateCandidate[]> {
  const codes = [input.creditCode, input.taxpayerId].filter((v): v is string => !!v);
  const key = input.nameKey && input.nameKey.length >= 2 ? input.nameKey : null;
  if (!codes.length && !key) return [];
  let q = db
    .selectFrom('customers as c')
    .leftJoin('users as o', 'o.id', 'c.owner_id')
    .select(['c.id', 'c.code', 'c.name', 'c.owner_id', 'o.display_name as owner_name', 'o.department_id as owner_department_id', 'c.department_id', 'c.credit_code', 'c.taxpayer_id', 'c.name_key'])
    .select(key ? sql<number>`similarity(c.name_key, ${key})`.as('similarity') : sql<number>`0`.as('similarity'))
    .where('c.merged_into_id', 'is', null)
    .where((eb) => {
      const ors = [];
      if (codes.length) {
        ors.push(eb('c.credit_code', 'in', codes), eb('c.taxpayer_id', 'in', codes));
      }
      if (key) {
        ors.push(eb('c.name_key', '=', key));
        ors.push(eb.and([sql<boolean>`c.name_key % ${key}`, sql<boolean>`similarity(c.name_key, ${key}) >= ${SIMILAR_NAME_THRESHOLD}`]));
      }
      return eb.or(ors);
    });
  if (input.excludeIds?.length) q = q.where('c.id', 'not in', input.excludeIds);
  const rows = await q.orderBy('similarity', 'desc').orderBy('c.code').limit(20).execute();
  return rows.map((r) => ({ ...r, similarity: Number(r.similarity) }));
}

// Contacts and addresses

export function selectContacts(db: Db) {
  return db
    .selectFrom('contacts as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .selectAll('k')
    .select(['c.code as customer_code', 'c.name as customer_name'])
    .select(microsKey('k.created_at').as('created_key'));
}
export type ContactRow = Awaited<ReturnType<ReturnType<typeof selectContacts>['executeTakeFirstOrThrow']>>;

export function applyContactFilters<O>(q: SelectQueryBuilder<any, any, O>, f: ContactFilters, scope: RecordScope): SelectQueryBuilder<any, any, O> {
  let query = q.where('c.merged_into_id', 'is', null).where(customerScopeWhere(scope, 'c'));
  if (f.archived === 'false') query = query.where('k.is_archived', '=', false);
  else if (f.archived === 'true') query = query.where('k.is_archived', '=', true);
  if (f.customerId) query = query.where('k.customer_id', '=', f.customerId);
  if (f.q) {
    const like = likePattern(f.q);
    query = query.where((eb: ExpressionBuilder<any, any>) =>
      eb.or([eb('k.name', 'ilike', like), eb('k.mobile', 'ilike', like), eb('k.phone', 'ilike', like), eb('k.email', 'ilike', like), eb('c.name', 'ilike', like)]),
    );
  }
  return query;
}

/** Only one primary contact (default address) per customer: clearing the others when one is set. */
export async function clearPrimaryContact(trx: Trx, customerId: string, exceptId: string) {
  await trx.updateTable('contacts').set({ is_primary: false }).where('customer_id', '=', customerId).where('id', '!=', exceptId).where('is_primary', '=', true).execute();
}
export async function clearDefaultAddress(trx: Trx, customerId: string, exceptId: string, kind: string) {
  await trx
    .updateTable('customer_addresses')
    .set({ is_default: false })
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind as never)
    .where('id', '!=', exceptId)
    .where('is_default', '=', true)
    .execute();
}

// Merge: every table that points at a customer.

/**
 * Re-points every record of `fromId` at `toId` and reports how many moved per kind.
 * Files and reminders are keyed by (entity, record): a link or a reminder the
 * survivor already has is kept once.
 */
export async function moveCustomerRecords(trx: Trx, fromId: string, toId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const n = (r: { numUpdatedRows?: bigint } | { numDeletedRows?: bigint }) => Number((r as { numUpdatedRows?: bigint }).numUpdatedRows ?? 0);
  // The survivor keeps its own primary contact and default addresses.
  const survivorHasPrimary = await trx.selectFrom('contacts').select('id').where('customer_id', '=', toId).where('is_primary', '=', true).where('is_archived', '=', false).executeTakeFirst();
  if (survivorHasPrimary) await trx.updateTable('contacts').set({ is_primary: false }).where('customer_id', '=', fromId).execute();
  const survivorDefaults = await trx.selectFrom('customer_addresses').select('kind').where('customer_id', '=', toId).where('is_default', '=', true).execute();
  if (survivorDefaults.length) {
    await trx
      .updateTable('customer_addresses')
      .set({ is_default: false })
      .where('customer_id', '=', fromId)
      .where('kind', 'in', survivorDefaults.map((d) => d.kind))
      .execute();
  }
  moved.contacts = n(await trx.updateTable('contacts').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.addresses = n(await trx.updateTable('customer_addresses').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.orders = n(await trx.updateTable('sales_orders').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.orderLines = n(await trx.updateTable('sales_order_lines').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.returns = n(await trx.updateTable('sales_returns').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.contracts = n(await trx.updateTable('contracts').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.negotiations = n(await trx.updateTable('negotiations').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  moved.events = n(await trx.updateTable('customer_events').set({ customer_id: toId }).where('customer_id', '=', fromId).executeTakeFirst());
  const files = await sql<{ file_id: string }>`
    insert into file_links (file_id, entity_type, entity_id, created_by, created_at)
    select file_id, entity_type, ${toId}, created_by, created_at from file_links where entity_type = 'customer' and entity_id = ${fromId}
    on conflict do nothing
    returning file_id`.execute(trx);
  const fromLinks = await trx.deleteFrom('file_links').where('entity_type', '=', 'customer').where('entity_id', '=', fromId).executeTakeFirst();
  moved.files = Number(fromLinks.numDeletedRows);
  void files;
  moved.tasks = n(await trx.updateTable('tasks').set({ related_id: toId }).where('related_type', '=', 'customer').where('related_id', '=', fromId).executeTakeFirst());
  // A reminder about the customer moves unless its person already has one about the survivor; then it is closed.
  const r = await sql<{ id: string }>`
    update reminders r set entity_id = ${toId}
    where r.entity_type = 'customer' and r.entity_id = ${fromId}
      and not exists (select 1 from reminders s where s.entity_type = 'customer' and s.entity_id = ${toId} and s.user_id = r.user_id)
    returning r.id`.execute(trx);
  moved.reminders = r.rows.length;
  await trx.updateTable('reminders').set({ status: 'cancelled', closed_at: new Date() }).where('entity_type', '=', 'customer').where('entity_id', '=', fromId).where('status', '=', 'active').execute();
  return moved;
}
