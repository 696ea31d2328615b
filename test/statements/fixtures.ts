import type { DbHandle } from '../../src/server/db/connect';
import { insertCustomer } from '../helpers/sales';
import { rawQuery } from '../helpers/sql';

let n = 0;

/** One product with a known cost, for orders written straight into the tables (the statistics triggers count them). */
export async function insertStatementProduct(handle: DbHandle): Promise<string> {
  n++;
  const [p] = await rawQuery<{ id: string }>(handle, `insert into products (code, name, list_price, cost, currency, status) values ($1, $2, 1000, 600, 'CNY', 'active') returning id`, [`STP${n}-${Date.now() % 100000}`, `Statement product ${n}`]);
  return p.id;
}

/** A confirmed order of one line (net, tax in minor units) for a rep's customer on a day; optionally a confirmed return of part of it. */
export async function insertSale(
  handle: DbHandle,
  o: { customerId: string; ownerId: string; departmentId: string; productId: string; day: string; net: number; tax?: number; cost?: number | null; returned?: { day: string; net: number } },
): Promise<string> {
  n++;
  const tax = o.tax ?? Math.round(o.net * 0.13);
  const [ord] = await rawQuery<{ id: string }>(
    handle,
    `insert into sales_orders (number, customer_id, owner_id, department_id, order_date, currency, status, net_total, tax_total, gross_total)
     values ($1, $2, $3, $4, $5, 'CNY', 'confirmed', $6, $7, $8) returning id`,
    [`STO-${n}-${Math.random().toString(36).slice(2, 7)}`, o.customerId, o.ownerId, o.departmentId, o.day, o.net, tax, o.net + tax],
  );
  const [line] = await rawQuery<{ id: string }>(
    handle,
    `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, net_amount, tax_amount, gross_amount, cost_amount, order_date, customer_id, owner_id, department_id)
     values ($1, 1, $2, 10, 0, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [ord.id, o.productId, o.net, tax, o.net + tax, o.cost === undefined ? Math.round(o.net * 0.6) : o.cost, o.day, o.customerId, o.ownerId, o.departmentId],
  );
  if (o.returned) {
    const rtax = Math.round(o.returned.net * 0.13);
    const [r] = await rawQuery<{ id: string }>(
      handle,
      `insert into sales_returns (number, order_id, customer_id, owner_id, department_id, return_date, reason, status, net_total, tax_total, gross_total, currency)
       values ($1, $2, $3, $4, $5, $6, 'test', 'confirmed', $7, $8, $9, 'CNY') returning id`,
      [`STR-${n}-${Math.random().toString(36).slice(2, 7)}`, ord.id, o.customerId, o.ownerId, o.departmentId, o.returned.day, o.returned.net, rtax, o.returned.net + rtax],
    );
    await rawQuery(handle, `insert into sales_return_lines (return_id, order_line_id, quantity, net_amount, tax_amount, gross_amount) values ($1, $2, 2, $3, $4, $5)`, [r.id, line.id, o.returned.net, rtax, o.returned.net + rtax]);
  }
  return ord.id;
}

export { insertCustomer };
