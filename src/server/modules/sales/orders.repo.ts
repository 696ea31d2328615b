import { sql } from 'kysely';
import type { RecordScope } from '../../platform/access/scope';
import { customerScopeWhere } from '../customers/customers.access';
import type { Db, Trx } from './sales.repo';
import type { OrderFilters } from './sales.schema';

export function selectOrders(db: Db) {
  return db
    .selectFrom('sales_orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('users as ow', 'ow.id', 'o.owner_id')
    .leftJoin('contracts as k', 'k.id', 'o.contract_id')
    .selectAll('o')
    .select(['c.name as customer_name', 'ow.display_name as owner_name', 'k.number as contract_number']);
}
export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>;

/** The visible, filtered orders (list and export share it). */
export function filteredOrders(db: Db, scope: RecordScope, f: OrderFilters) {
  let q = selectOrders(db).where(customerScopeWhere(scope, 'c'));
  if (f.customerId) q = q.where('o.customer_id', '=', f.customerId);
  if (f.ownerId) q = q.where('o.owner_id', '=', f.ownerId);
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.from) q = q.where('o.order_date', '>=', f.from);
  if (f.to) q = q.where('o.order_date', '<=', f.to);
  if (f.contractId) q = q.where('o.contract_id', '=', f.contractId);
  if (f.productId) {
    const productId = f.productId;
    q = q.where((eb) => eb.exists(eb.selectFrom('sales_order_lines as l').select('l.id').whereRef('l.order_id', '=', 'o.id').where('l.product_id', '=', productId)));
  }
  if (f.q) q = q.where((eb) => eb.or([eb('o.number', 'ilike', `%${f.q!.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`), eb('c.name', 'ilike', `%${f.q!.replace(/[\\%_]/g, (ch) => '\\' + ch)}%`)]));
  return q;
}

export function lockOrder(trx: Trx, id: string) {
  return trx.selectFrom('sales_orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findOrderRef(db: Db, id: string) {
  return db.selectFrom('sales_orders').select(['id', 'customer_id', 'number']).where('id', '=', id).executeTakeFirst();
}

/** Lines with their product and what confirmed returns took back. */
export function orderLines(db: Db, orderIds: string[]) {
  if (!orderIds.length) return Promise.resolve([]);
  return db
    .selectFrom('sales_order_lines as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(['l.id', 'l.order_id', 'l.line_no', 'l.product_id', 'p.code as product_code', 'p.name as product_name', 'p.unit', 'l.quantity', 'l.unit_price', 'l.discount_rate', 'l.tax_rate', 'l.net_amount', 'l.tax_amount', 'l.gross_amount'])
    .select((eb) =>
      eb
        .selectFrom('sales_return_lines as rl')
        .innerJoin('sales_returns as r', 'r.id', 'rl.return_id')
        .select(sql<string>`coalesce(sum(rl.quantity), 0)::text`.as('q'))
        .whereRef('rl.order_line_id', '=', 'l.id')
        .where('r.status', '=', 'confirmed')
        .as('returned_quantity'),
    )
    .where('l.order_id', 'in', orderIds)
    .orderBy('l.order_id')
    .orderBy('l.line_no')
    .execute();
}

export interface NewLine {
  product_id: string;
  quantity: string;
  unit_price: number;
  discount_rate: string;
  tax_rate: string;
  net_amount: number;
  tax_amount: number;
  gross_amount: number;
  cost_amount: number | null;
}

/** Replaces a draft's lines and sets the header totals to their sums, in one go. */
export async function replaceLines(
  trx: Trx,
  order: { id: string; order_date: string; customer_id: string; owner_id: string | null; region_id: string | null; department_id: string | null },
  lines: NewLine[],
): Promise<void> {
  await trx.deleteFrom('sales_order_lines').where('order_id', '=', order.id).execute();
  if (lines.length) {
    await trx
      .insertInto('sales_order_lines')
      .values(
        lines.map((l, i) => ({
          ...l,
          order_id: order.id,
          line_no: i + 1,
          order_date: order.order_date,
          customer_id: order.customer_id,
          owner_id: order.owner_id,
          region_id: order.region_id,
          department_id: order.department_id,
        })),
      )
      .execute();
  }
  await syncTotals(trx, order.id);
}

/** Header totals are the sums of the lines, computed by the database from the stored lines. */
export async function syncTotals(trx: Trx, orderId: string): Promise<void> {
  await sql`
    update sales_orders o set
      net_total = s.net, tax_total = s.tax, gross_total = s.gross
    from (select coalesce(sum(net_amount), 0) as net, coalesce(sum(tax_amount), 0) as tax, coalesce(sum(gross_amount), 0) as gross
          from sales_order_lines where order_id = ${orderId}) s
    where o.id = ${orderId}`.execute(trx);
}

/** The header's date, customer, owner, region and department copied onto its lines (reports read lines alone). */
export async function syncLineHeaders(trx: Trx, order: { id: string; order_date: string; customer_id: string; owner_id: string | null; region_id: string | null; department_id: string | null }): Promise<void> {
  await trx
    .updateTable('sales_order_lines')
    .set({ order_date: order.order_date, customer_id: order.customer_id, owner_id: order.owner_id, region_id: order.region_id, department_id: order.department_id })
    .where('order_id', '=', order.id)
    .execute();
}

export async function hasLiveReturns(db: Db, orderId: string): Promise<boolean> {
  const r = await db.selectFrom('sales_returns').select('id').where('order_id', '=', orderId).where('status', '!=', 'cancelled').executeTakeFirst();
  return r !== undefined;
}
