import type { RecordScope } from '../../platform/access/scope';
import { customerScopeWhere } from '../customers/customers.access';
import type { Db, Trx } from './sales.repo';
import type { ListContractsQuery, ListNegotiationsQuery } from './sales.schema';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;

export function selectContracts(db: Db) {
  return db
    .selectFrom('contracts as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .leftJoin('users as ow', 'ow.id', 'k.owner_id')
    .leftJoin('users as sb', 'sb.id', 'k.signed_by')
    .selectAll('k')
    .select(['c.name as customer_name', 'ow.display_name as owner_name', 'sb.display_name as signed_by_name']);
}
export type ContractRow = Awaited<ReturnType<ReturnType<typeof selectContracts>['executeTakeFirstOrThrow']>>;

export function filteredContracts(db: Db, scope: RecordScope, f: Omit<ListContractsQuery, 'limit' | 'cursor'>) {
  let q = selectContracts(db).where(customerScopeWhere(scope, 'c'));
  if (f.customerId) q = q.where('k.customer_id', '=', f.customerId);
  if (f.ownerId) q = q.where('k.owner_id', '=', f.ownerId);
  if (f.status) q = q.where('k.status', '=', f.status);
  if (f.endsBefore) q = q.where('k.ends_on', '<=', f.endsBefore);
  if (f.q) {
    const p = like(f.q);
    q = q.where((eb) => eb.or([eb('k.number', 'ilike', p), eb('k.title', 'ilike', p), eb('c.name', 'ilike', p)]));
  }
  return q;
}

export function lockContract(trx: Trx, id: string) {
  return trx.selectFrom('contracts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findContract(db: Db, id: string) {
  return db.selectFrom('contracts').select(['id', 'customer_id', 'number', 'title']).where('id', '=', id).executeTakeFirst();
}

export function contractOrders(db: Db, contractId: string) {
  return db.selectFrom('sales_orders').select(['id', 'number', 'order_date', 'status', 'gross_total', 'currency']).where('contract_id', '=', contractId).orderBy('order_date', 'desc').limit(500).execute();
}

export function selectNegotiations(db: Db) {
  return db
    .selectFrom('negotiations as n')
    .innerJoin('customers as c', 'c.id', 'n.customer_id')
    .leftJoin('users as ow', 'ow.id', 'n.owner_id')
    .selectAll('n')
    .select(['c.name as customer_name', 'ow.display_name as owner_name'])
    .select((eb) => eb.selectFrom('contracts as k').select('k.id').whereRef('k.negotiation_id', '=', 'n.id').orderBy('k.created_at').limit(1).as('contract_id'));
}
export type NegotiationRow = Awaited<ReturnType<ReturnType<typeof selectNegotiations>['executeTakeFirstOrThrow']>>;

export function filteredNegotiations(db: Db, scope: RecordScope, f: Omit<ListNegotiationsQuery, 'limit' | 'cursor'>) {
  let q = selectNegotiations(db).where(customerScopeWhere(scope, 'c'));
  if (f.customerId) q = q.where('n.customer_id', '=', f.customerId);
  if (f.ownerId) q = q.where('n.owner_id', '=', f.ownerId);
  if (f.stage) q = q.where('n.stage', '=', f.stage);
  if (f.outcome) q = q.where('n.outcome', '=', f.outcome);
  if (f.q) {
    const p = like(f.q);
    q = q.where((eb) => eb.or([eb('n.number', 'ilike', p), eb('n.subject', 'ilike', p), eb('c.name', 'ilike', p)]));
  }
  return q;
}

export function lockNegotiation(trx: Trx, id: string) {
  return trx.selectFrom('negotiations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findNegotiation(db: Db, id: string) {
  return db.selectFrom('negotiations').select(['id', 'customer_id', 'number', 'subject']).where('id', '=', id).executeTakeFirst();
}

export async function negotiationParticipants(db: Db, id: string) {
  const users = await db
    .selectFrom('negotiation_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.display_name as name'])
    .where('p.negotiation_id', '=', id)
    .orderBy('u.display_name')
    .execute();
  const contacts = await db
    .selectFrom('negotiation_participants as p')
    .innerJoin('contacts as ct', 'ct.id', 'p.contact_id')
    .select(['ct.id', 'ct.name'])
    .where('p.negotiation_id', '=', id)
    .orderBy('ct.name')
    .execute();
  return [...users.map((u) => ({ kind: 'user' as const, id: u.id, name: u.name })), ...contacts.map((c) => ({ kind: 'contact' as const, id: c.id, name: c.name }))];
}

export async function replaceParticipants(trx: Trx, id: string, userIds: string[], contactIds: string[]): Promise<void> {
  await trx.deleteFrom('negotiation_participants').where('negotiation_id', '=', id).execute();
  const rows = [...userIds.map((u) => ({ negotiation_id: id, user_id: u, contact_id: null })), ...contactIds.map((c) => ({ negotiation_id: id, user_id: null, contact_id: c }))];
  if (rows.length) await trx.insertInto('negotiation_participants').values(rows).execute();
}

export function negotiationMeetings(db: Db, id: string) {
  return db
    .selectFrom('negotiation_meetings as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.held_on', 'm.notes', 'm.author_id', 'u.display_name as author_name', 'm.created_at'])
    .where('m.negotiation_id', '=', id)
    .orderBy('m.held_on', 'desc')
    .orderBy('m.created_at', 'desc')
    .execute();
}
