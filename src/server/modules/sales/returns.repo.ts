import { sql } from 'kysely';
import type { RecordScope } from '../../platform/access/scope';
import { customerScopeWhere } from '../customers/customers.access';
import type { Db, Trx } from './sales.repo';
import type { ListReturnsQuery } from './sales.schema';

export function selectReturns(db: Db) {
  return db
    .selectFrom('sales_returns as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('sales_orders as o', 'o.id', 'r.order_id')
    .selectAll('r')
    .select(['c.name as customer_name', 'o.number as order_number']);
}
export type ReturnRow = Awaited<ReturnType<ReturnType<typeof selectReturns>['executeTakeFirstOrThrow']>>;

export function filteredReturns(db: Db, scope: RecordScope, f: Omit<ListReturnsQuery, 'limit' | 'cursor'>) {
  let q = selectReturns(db).where(customerScopeWhere(scope, 'c'));
  if (f.orderId) q = q.where('r.order_id', '=', f.orderId);
  if (f.customerId) q = q.where('r.customer_id', '=', f.customerId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.from) q = q.where('r.return_date', '>=', f.from);
  if (f.to) q = q.where('r.return_date', '<=', f.to);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
    q = q.where((eb) => eb.or([eb('r.number', 'ilike', like), eb('o.number', 'ilike', like), eb('c.name', 'ilike', like)]));
  }
  return q;
}

export function lockReturn(trx: Trx, id: string) {
  return trx.selectFrom('sales_returns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findReturnRef(db: Db, id: string) {
  return db.selectFrom('sales_returns').select(['id', 'customer_id']).where('id', '=', id).executeTakeFirst();
}

export function returnLines(db: Db, returnIds: string[]) {
  if (!returnIds.length) return Promise.resolve([]);
  return db
    .selectFrom('sales_return_lines as rl')
    .innerJoin('sales_order_lines as l', 'l.id', 'rl.order_line_id')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['rl.id', 'rl.return_id', 'rl.order_line_id', 'l.line_no', 'l.product_id', 'p.name as product_name', 'rl.quantity', 'rl.net_amount', 'rl.tax_amount', 'rl.gross_amount'])
    .where('rl.return_id', 'in', returnIds)
    .orderBy('l.line_no')
    .orderBy('rl.id')
    .execute();
}

/** The order's lines, locked when asked (a confirmation serialises every return on the same lines). */
export function orderLinesForReturn(trx: Trx | Db, orderId: string, lock: boolean) {
  const q = trx.selectFrom('sales_order_lines').select(['id', 'line_no', 'quantity', 'net_amount', 'tax_amount', 'gross_amount']).where('order_id', '=', orderId).orderBy('line_no');
  return lock ? q.forUpdate().execute() : q.execute();
}

/** Quantity already returned per order line by confirmed returns (other than `exceptReturnId`). */
export async function returnedQuantities(db: Db, orderId: string, exceptReturnId?: string): Promise<Map<number, string>> {
  let q = db
    .selectFrom('sales_return_lines as rl')
    .innerJoin('sales_returns as r', 'r.id', 'rl.return_id')
    .select(['rl.order_line_id', sql<string>`sum(rl.quantity)::text`.as('q')])
    .where('r.order_id', '=', orderId)
    .where('r.status', '=', 'confirmed')
    .groupBy('rl.order_line_id');
  if (exceptReturnId) q = q.where('r.id', '!=', exceptReturnId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.order_line_id), r.q]));
}

export async function replaceReturnLines(trx: Trx, returnId: string, lines: { order_line_id: number; quantity: string; net_amount: number; tax_amount: number; gross_amount: number }[]): Promise<void> {
  await trx.deleteFrom('sales_return_lines').where('return_id', '=', returnId).execute();
  if (lines.length) await trx.insertInto('sales_return_lines').values(lines.map((l) => ({ ...l, return_id: returnId }))).execute();
  await sql`
    update sales_returns r set net_total = s.net, tax_total = s.tax, gross_total = s.gross
    from (select coalesce(sum(net_amount), 0) as net, coalesce(sum(tax_amount), 0) as tax, coalesce(sum(gross_amount), 0) as gross
          from sales_return_lines where return_id = ${returnId}) s
    where r.id = ${returnId}`.execute(trx);
}
