import crypto from 'node:crypto';
import type { DbHandle } from '../../src/server/db/connect';
import { rawQuery } from './sql';

/**
 * Customers, products, regions and contacts for the sales tests, straight into the
 * tables (the customers and products modules are built beside this one; the sales
 * records need only their rows).
 */
const tag = () => crypto.randomBytes(4).toString('hex');

export async function insertCustomer(handle: DbHandle, opts: { ownerId?: string | null; departmentId?: string | null; regionId?: string | null; name?: string } = {}): Promise<string> {
  const t = tag();
  const name = opts.name ?? `Customer ${t}`;
  const [row] = await rawQuery<{ id: string }>(
    handle,
    `insert into customers (code, name, name_key, owner_id, department_id, region_id, status) values ($1, $2, $3, $4, $5, $6, 'active') returning id`,
    [`C-${t}`, name, name.toLowerCase().replace(/\s+/g, ''), opts.ownerId ?? null, opts.departmentId ?? null, opts.regionId ?? null],
  );
  return row.id;
}

export async function insertProduct(handle: DbHandle, opts: { price?: number; cost?: number | null; currency?: string; status?: 'active' | 'discontinued'; name?: string } = {}): Promise<string> {
  const t = tag();
  const [row] = await rawQuery<{ id: string }>(
    handle,
    `insert into products (code, name, list_price, cost, currency, status) values ($1, $2, $3, $4, $5, $6) returning id`,
    [`P-${t}`, opts.name ?? `Product ${t}`, opts.price ?? 10_000, opts.cost === undefined ? 6_000 : opts.cost, opts.currency ?? 'CNY', opts.status ?? 'active'],
  );
  return row.id;
}

export async function insertRegion(handle: DbHandle, name = `Region ${tag()}`): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(handle, `insert into regions (name) values ($1) returning id`, [name]);
  return row.id;
}

export async function insertContact(handle: DbHandle, customerId: string, name = `Contact ${tag()}`): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(handle, `insert into contacts (customer_id, name) values ($1, $2) returning id`, [customerId, name]);
  return row.id;
}

/** Header totals against the sums of the stored lines, for every order (or one). */
export async function orderTotalsMismatches(handle: DbHandle, orderId?: string): Promise<unknown[]> {
  return rawQuery(
    handle,
    `select o.id, o.net_total, o.tax_total, o.gross_total, s.net, s.tax, s.gross
       from sales_orders o
       left join (select order_id, sum(net_amount)::bigint as net, sum(tax_amount)::bigint as tax, sum(gross_amount)::bigint as gross from sales_order_lines group by order_id) s on s.order_id = o.id
      where ($1::uuid is null or o.id = $1)
        and (o.net_total <> coalesce(s.net, 0) or o.tax_total <> coalesce(s.tax, 0) or o.gross_total <> coalesce(s.gross, 0) or o.gross_total <> o.net_total + o.tax_total)`,
    [orderId ?? null],
  );
}
