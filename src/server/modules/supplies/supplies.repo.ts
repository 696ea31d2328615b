import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SupplyRequestStatus } from '../../db/database';

type Db = Kysely<Database> | Transaction<Database>;

// ------------------------------------------------------------------ catalogue

export function selectItems(db: Db) {
  return db.selectFrom('supply_items as i').selectAll('i');
}
export type ItemRow = Awaited<ReturnType<ReturnType<typeof selectItems>['executeTakeFirstOrThrow']>>;

export function findItemByCode(db: Db, code: string, exceptId?: string) {
  let q = db.selectFrom('supply_items').select('id').where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Locks items in id order, so two issues touching the same items never wait on each other crosswise. */
export function lockItems(db: Db, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('supply_items').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export function selectMovements(db: Db) {
  return db
    .selectFrom('supply_movements as m')
    .innerJoin('supply_items as i', 'i.id', 'm.item_id')
    .leftJoin('supply_requests as r', 'r.id', 'm.request_id')
    .leftJoin('users as u', 'u.id', 'm.employee_id')
    .selectAll('m')
    .select(['i.code as item_code', 'i.name_en as item_name_en', 'i.name_zh as item_name_zh', 'r.number as request_number', 'u.display_name as employee_name']);
}
export type MovementRow = Awaited<ReturnType<ReturnType<typeof selectMovements>['executeTakeFirstOrThrow']>>;

// ------------------------------------------------------------------ requests

export function selectRequests(db: Db, docType: string) {
  return db
    .selectFrom('supply_requests as s')
    .innerJoin('users as u', 'u.id', 's.requester_id')
    .leftJoin('departments as d', 'd.id', 's.department_id')
    .leftJoin('users as ib', 'ib.id', 's.issued_by')
    .selectAll('s')
    .select(['u.display_name as requester_name', 'd.name as department_name', 'ib.display_name as issued_by_name'])
    .select((eb) => [
      eb
        .selectFrom('approval_requests as a')
        .select('a.id')
        .whereRef('a.doc_id', '=', eb.cast('s.id', 'text'))
        .where('a.doc_type', '=', docType)
        .orderBy('a.created_at', 'desc')
        .limit(1)
        .as('approval_request_id'),
      sql<number>`(select coalesce(sum(l.quantity * i.unit_cost), 0)::bigint from supply_request_lines l join supply_items i on i.id = l.item_id where l.request_id = s.id)`.as('estimated_total'),
      sql<number | null>`(select sum(l.issued_cost)::bigint from supply_request_lines l where l.request_id = s.id)`.as('issued_total'),
    ]);
}
export type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>;

export function requestLines(db: Db, requestId: string) {
  return db
    .selectFrom('supply_request_lines as l')
    .innerJoin('supply_items as i', 'i.id', 'l.item_id')
    .selectAll('l')
    .select(['i.code as item_code', 'i.name_en as item_name_en', 'i.name_zh as item_name_zh', 'i.unit', 'i.unit_cost', 'i.stock_qty'])
    .where('l.request_id', '=', requestId)
    .orderBy('l.line_no')
    .execute();
}
export type RequestLineRow = Awaited<ReturnType<typeof requestLines>>[number];

export function lockRequest(db: Db, id: string) {
  return db.selectFrom('supply_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function replaceRequestLines(db: Db, requestId: string, lines: { itemId: string; quantity: number; purpose?: string }[]) {
  await db.deleteFrom('supply_request_lines').where('request_id', '=', requestId).execute();
  await db
    .insertInto('supply_request_lines')
    .values(lines.map((l, i) => ({ request_id: requestId, line_no: i + 1, item_id: l.itemId, quantity: l.quantity, purpose: l.purpose ?? '' })))
    .execute();
}

export function setRequestStatus(db: Db, id: string, status: SupplyRequestStatus, extra: Partial<{ submitted_at: Date; decided_at: Date | null }> = {}) {
  return db
    .updateTable('supply_requests')
    .set((eb) => ({ status, ...extra, updated_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

// ------------------------------------------------------------------ cost report

type Scope = { departmentIds?: string[] };

function issuesIn(db: Db, from: string, to: string, scope: Scope) {
  let q = db.selectFrom('supply_movements as m').where('m.kind', '=', 'issue').where('m.moved_on', '>=', from).where('m.moved_on', '<=', to);
  if (scope.departmentIds) q = q.where('m.department_id', 'in', scope.departmentIds.length ? scope.departmentIds : ['00000000-0000-0000-0000-000000000000']);
  return q;
}

const sums = sql<number>`coalesce(sum(m.quantity), 0)::bigint`;
const amounts = sql<number>`coalesce(sum(m.amount), 0)::bigint`;
const issueCount = sql<number>`count(distinct m.request_id)::int`;

export function costByPerson(db: Db, from: string, to: string, scope: Scope) {
  return issuesIn(db, from, to, scope)
    .leftJoin('users as u', 'u.id', 'm.employee_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select(['m.employee_id as id', 'u.display_name as name', 'd.name as department_name', sums.as('quantity'), amounts.as('amount'), issueCount.as('issues')])
    .groupBy(['m.employee_id', 'u.display_name', 'd.name'])
    .orderBy('amount', 'desc')
    .execute();
}

export function costByDepartment(db: Db, from: string, to: string, scope: Scope) {
  return issuesIn(db, from, to, scope)
    .leftJoin('departments as d', 'd.id', 'm.department_id')
    .select(['m.department_id as id', 'd.name as name', sums.as('quantity'), amounts.as('amount'), issueCount.as('issues')])
    .groupBy(['m.department_id', 'd.name'])
    .orderBy('amount', 'desc')
    .execute();
}

export function costByItem(db: Db, from: string, to: string, scope: Scope) {
  return issuesIn(db, from, to, scope)
    .innerJoin('supply_items as i', 'i.id', 'm.item_id')
    .select(['m.item_id as id', 'i.code', 'i.name_en as name', 'i.name_zh', sums.as('quantity'), amounts.as('amount'), issueCount.as('issues')])
    .groupBy(['m.item_id', 'i.code', 'i.name_en', 'i.name_zh'])
    .orderBy('amount', 'desc')
    .execute();
}
