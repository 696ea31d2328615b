import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type Transaction,
} from 'kysely';
import type { RawSql } from '../../db/connect';
import type { Database } from '../../db/database';
import type { RowError, StagedCustomer, StagedProduct } from './imports.rows';

/**
 * The set-based writes of an import: everything here runs on one raw connection
 * (DbHandle.withRaw) inside one transaction, so COPY and the INSERT … SELECTs see
 * the same snapshot and commit or roll back together.
 */

type Q = RawSql['query'];

/** A Kysely bound to the raw connection we hold, so shared services (audit) can join our transaction. */
export function kyselyOnRaw(raw: RawSql): Kysely<Database> {
  const conn: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const r = await raw.query<R>(compiled.sql, compiled.parameters as unknown[]);
      return { rows: r.rows, numAffectedRows: BigInt(r.rowCount ?? 0) };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery() {
      throw new Error('streaming is not supported on the import connection');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return conn;
    },
    async beginTransaction(c) {
      await c.executeQuery(CompiledQuery.raw('begin'));
    },
    async commitTransaction(c) {
      await c.executeQuery(CompiledQuery.raw('commit'));
    },
    async rollbackTransaction(c) {
      await c.executeQuery(CompiledQuery.raw('rollback'));
    },
    async releaseConnection() {},
    async destroy() {},
  };
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return new Kysely<Database>({ dialect });
}

export type Trx = Transaction<Database>;

/** Reserves `count` numbers of a sequence in one statement; returns the first. Gap-free like nextNumber. */
export async function reserveNumbers(q: Q, name: string, year: number, count: number): Promise<number> {
  if (count <= 0) return 0;
  const r = await q<{ last_value: number }>(
    `insert into number_sequences (name, year, last_value) values ($1, $2, $3)
     on conflict (name, year) do update set last_value = number_sequences.last_value + $3
     returning last_value`,
    [name, year, count],
  );
  return Number(r.rows[0].last_value) - count + 1;
}

export async function insertErrors(q: Q, batchId: string, errors: RowError[]): Promise<void> {
  if (!errors.length) return;
  await q(
    `insert into import_batch_errors (batch_id, row_no, field, code, message, value, params)
     select $1, x.row_no, x.field, x.code, x.message, x.value, x.params
     from jsonb_to_recordset($2::jsonb) as x(row_no int, field text, code text, message text, value text, params jsonb)`,
    [batchId, JSON.stringify(errors.map((e) => ({ row_no: e.rowNo, field: e.field, code: e.code, message: e.message, value: e.value?.slice(0, 500) ?? null, params: e.params ?? null })))],
  );
}

export async function clearStage(q: Q, batchId: string): Promise<void> {
  await q('delete from import_order_lines_stage where batch_id = $1', [batchId]);
  await q('delete from import_orders_stage where batch_id = $1', [batchId]);
  await q('delete from import_rows_stage where batch_id = $1', [batchId]);
}

export interface ApplyContext {
  batchId: string;
  userId: string | null;
  year: number;
  createCustomers: boolean;
  createProducts: boolean;
  createRegions: boolean;
  currency: string;
  /**
   * The importing user's department: customers and orders the file gives no rep (or no
   * department) for are filed there, so the back office that imported them sees them
   * (docs/imports.md). Null from the CLI: such records stay the admins' until assigned.
   */
  departmentId: string | null;
}

/** The customers module's scheme: C-000001, one sequence that does not restart each year (docs/customers.md). */
export const CUSTOMER_SEQUENCE = { name: 'customer', year: 0 };
/** The sales module's scheme: SO-<year of the order date>-nnnnn (docs/sales.md). */
export const ORDER_SEQUENCE = { name: 'sales_order', prefix: 'SO', digits: 5 };

const customerCodeExpr = (startParam: string, rn: string) => `'C-' || lpad((${startParam}::bigint + ${rn} - 1)::text, 6, '0')`;

/** Regions named in the file: matched by name or code (case-insensitive), the missing ones created. Fills imp_region_map(k, id). */
async function applyRegions(q: Q, a: ApplyContext, regions: Map<string, string>): Promise<number> {
  const list = JSON.stringify([...regions].map(([k, name]) => ({ k, name })));
  let created = 0;
  if (a.createRegions) {
    const r = await q(
      `insert into regions (name, import_batch_id)
       select x.name, $1 from jsonb_to_recordset($2::jsonb) as x(k text, name text)
       where not exists (select 1 from regions r where lower(r.name) = x.k or lower(r.code) = x.k)`,
      [a.batchId, list],
    );
    created = r.rowCount;
  }
  await q(
    `create temp table imp_region_map on commit drop as
     select x.k, (select r.id from regions r where lower(r.name) = x.k or lower(r.code) = x.k order by (lower(r.name) = x.k) desc, r.created_at limit 1) as id
     from jsonb_to_recordset($1::jsonb) as x(k text, name text)`,
    [list],
  );
  await q('analyze imp_region_map');
  return created;
}

/**
 * Customers named in the file: matched by external id, then credit code, then folded
 * name (a merged customer resolves to its survivor); the others created with
 * reserved codes. Fills imp_cust(cust_key, id, is_new, owner_id, department_id, region_id).
 */
async function applyCustomers(q: Q, a: ApplyContext, customers: StagedCustomer[]): Promise<{ created: number; matched: number }> {
  await q(
    `create temp table imp_cust on commit drop as
     select x.*, null::uuid as id, false as is_new, null::uuid as region_id
     from jsonb_to_recordset($1::jsonb) as x(cust_key text, ext text, name text, name_key text, credit_code text, owner_id uuid, department_id uuid, region_k text)`,
    [JSON.stringify(customers)],
  );
  // Temporary and staging tables have no statistics until analysed: without them the planner
  // takes a few thousand customers for one row and joins 200,000 orders to them in a nested loop.
  await q('analyze imp_cust');
  await q(
    `update imp_cust c set id = coalesce(
       (select coalesce(m.merged_into_id, m.id) from customers m where c.ext is not null and m.external_id = c.ext limit 1),
       (select coalesce(m.merged_into_id, m.id) from customers m where c.credit_code is not null and m.credit_code = c.credit_code order by m.merged_into_id nulls first, m.created_at limit 1),
       (select coalesce(m.merged_into_id, m.id) from customers m where m.name_key = c.name_key order by m.merged_into_id nulls first, m.created_at limit 1)),
       region_id = (select id from imp_region_map rm where rm.k = c.region_k)`,
  );
  const missing = Number((await q<{ n: number }>('select count(*)::int as n from imp_cust where id is null')).rows[0].n);
  if (missing > 0 && a.createCustomers) {
    const start = await reserveNumbers(q, CUSTOMER_SEQUENCE.name, CUSTOMER_SEQUENCE.year, missing);
    await q(`update imp_cust set id = gen_random_uuid(), is_new = true where id is null`);
    await q(
      `insert into customers (id, code, name, name_key, credit_code, credit_code_valid, external_id, owner_id, department_id, region_id, status, import_batch_id, created_by)
       select c.id, ${customerCodeExpr('$2', 'row_number() over (order by c.name_key, c.cust_key)')},
              c.name, c.name_key, c.credit_code, case when c.credit_code is null then null else true end, c.ext,
              c.owner_id, coalesce(c.department_id, $4::uuid), c.region_id, 'active', $1, $3
       from imp_cust c where c.is_new`,
      [a.batchId, start, a.userId, a.departmentId],
    );
  }
  return { created: a.createCustomers ? missing : 0, matched: customers.length - missing };
}

/** Products by code (case-insensitive); missing ones created with the first price seen as list price. Fills imp_prod(k, id). */
async function applyProducts(q: Q, a: ApplyContext, products: StagedProduct[]): Promise<{ created: number; matched: number }> {
  await q(
    `create temp table imp_prod on commit drop as
     select x.*, (select p.id from products p where lower(p.code) = x.k) as id
     from jsonb_to_recordset($1::jsonb) as x(k text, code text, name text, unit text, price bigint)`,
    [JSON.stringify(products)],
  );
  await q('analyze imp_prod');
  let created = 0;
  if (a.createProducts) {
    const r = await q(`update imp_prod set id = gen_random_uuid() where id is null`);
    created = r.rowCount;
    await q(
      `insert into products (id, code, name, unit, list_price, currency, status, import_batch_id)
       select p.id, p.code, p.name, p.unit, p.price, $2, 'active', $1 from imp_prod p
       where not exists (select 1 from products x where x.id = p.id)`,
      [a.batchId, a.currency],
    );
  }
  return { created, matched: products.length - created };
}

export interface OrderApplyResult {
  created: Record<string, number>;
  unchanged: Record<string, number>;
}

/** Orders and lines from the staging tables, after customers, products and regions are resolved. */
export async function applyOrders(q: Q, a: ApplyContext, dims: { customers: StagedCustomer[]; products: StagedProduct[]; regions: Map<string, string> }): Promise<OrderApplyResult> {
  const regions = await applyRegions(q, a, dims.regions);
  const customers = await applyCustomers(q, a, dims.customers);
  const products = await applyProducts(q, a, dims.products);
  await q('analyze import_orders_stage');
  await q('analyze import_order_lines_stage');
  await q(
    `create temp table imp_orders on commit drop as
     select s.order_ext,
            ordered_uuid((extract(epoch from now()) * 1000)::bigint, row_number() over (order by s.order_date, s.order_ext), $1::uuid) as id,
            s.order_date, c.id as customer_id,
            coalesce(s.owner_id, cu.owner_id) as owner_id, coalesce(s.department_id, cu.department_id, $2::uuid) as department_id,
            coalesce(rm.id, cu.region_id) as region_id, s.currency, s.net_total, s.tax_total, s.line_count,
            extract(year from s.order_date)::int as year,
            row_number() over (partition by extract(year from s.order_date) order by s.order_date, s.order_ext) as rn
     from import_orders_stage s
     join imp_cust c on c.cust_key = s.cust_key
     join customers cu on cu.id = c.id
     left join imp_region_map rm on rm.k = s.region_key
     where s.batch_id = $1 and not exists (select 1 from sales_orders o where o.external_id = s.order_ext)`,
    [a.batchId, a.departmentId],
  );
  await q('analyze imp_orders');
  const staged = Number((await q<{ n: number }>('select count(*)::int as n from import_orders_stage where batch_id = $1', [a.batchId])).rows[0].n);
  const newOrders = Number((await q<{ n: number }>('select count(*)::int as n from imp_orders')).rows[0].n);
  let lines = 0;
  if (newOrders > 0) {
    // Numbers per year of the order date, a block reserved per year in one statement each.
    const years = await q<{ year: number; n: number }>('select year, count(*)::int as n from imp_orders group by year');
    const starts: Record<string, number> = {};
    for (const y of years.rows) starts[y.year] = await reserveNumbers(q, ORDER_SEQUENCE.name, Number(y.year), Number(y.n));
    // The summary triggers stand aside for these two INSERTs only; applyOrderStats adds the
    // same change to the summary tables below, in this transaction (migration 0019).
    await q(`select set_config('salesdesk.stats_import', 'on', true)`);
    await q(
      `insert into sales_orders (id, number, customer_id, owner_id, department_id, region_id, order_date, currency, status,
                                 net_total, tax_total, gross_total, external_id, import_batch_id, created_by, confirmed_at)
       select o.id, '${ORDER_SEQUENCE.prefix}-' || o.year || '-' || lpad((($2::jsonb ->> o.year::text)::bigint + o.rn - 1)::text, ${ORDER_SEQUENCE.digits}, '0'), o.customer_id, o.owner_id, o.department_id, o.region_id,
              o.order_date, o.currency, 'confirmed', o.net_total, o.tax_total, o.net_total + o.tax_total, o.order_ext, $1, $3, o.order_date::timestamptz
       from imp_orders o`,
      [a.batchId, JSON.stringify(starts), a.userId],
    );
    const r = await q(
      `insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, discount_rate, tax_rate,
                                      net_amount, tax_amount, gross_amount, order_date, customer_id, owner_id, region_id, department_id, external_line_id)
       select o.id, l.line_no, p.id, l.quantity, l.unit_price, l.discount_rate, l.tax_rate,
              l.net_amount, l.tax_amount, l.net_amount + l.tax_amount, o.order_date, o.customer_id, o.owner_id, o.region_id, o.department_id, l.line_ext
       from import_order_lines_stage l
       join imp_orders o on o.order_ext = l.order_ext
       join imp_prod p on p.k = l.product_key
       where l.batch_id = $1`,
      [a.batchId],
    );
    await q(`select set_config('salesdesk.stats_import', 'off', true)`);
    lines = r.rowCount;
    await applyOrderStats(q, a.batchId, lines);
  }
  const stagedLines = Number((await q<{ n: number }>('select count(*)::int as n from import_order_lines_stage where batch_id = $1', [a.batchId])).rows[0].n);
  return {
    created: { customers: customers.created, products: products.created, regions, orders: newOrders, lines },
    unchanged: { customers: customers.matched, products: products.matched, orders: staged - newOrders, lines: Math.max(0, stagedLines - lines) },
  };
}

/**
 * What the summary triggers (migrations 0011, 0018) would have added for the orders and
 * lines just inserted, added set-based: the order-grained tables (day, month, customer)
 * from the new orders' own totals and line counts (200,000 rows for a million lines, no
 * join back to the lines), the product table from the staged lines by month, product and
 * the order's department. Imported orders are confirmed (counted) and their lines carry no
 * cost (cost and costed net add 0); the returns' measures add 0. Before anything is
 * written the three sources are checked against each other and against the lines
 * inserted, so a mismatch rolls the import back instead of leaving the summaries off.
 * Keep in step with stats_delta_sql / stats_apply_sql: test/imports/orders-stats.test.ts
 * compares the result with a rebuild from the base rows on both engines.
 */
async function applyOrderStats(q: Q, batchId: string, linesInserted: number): Promise<void> {
  await q(
    `create temp table imp_prod_stats on commit drop as
     select date_trunc('month', o.order_date)::date as month, p.id as product_id, o.department_id,
            count(*)::int as lines, sum(l.quantity) as quantity, sum(l.net_amount)::bigint as net, sum(l.tax_amount)::bigint as tax
     from import_order_lines_stage l
     join imp_orders o on o.order_ext = l.order_ext
     join imp_prod p on p.k = l.product_key
     where l.batch_id = $1
     group by 1, 2, 3`,
    [batchId],
  );
  const check = await q<{ o_lines: string; o_net: string; o_tax: string; p_lines: string; p_net: string; p_tax: string }>(
    `select (select coalesce(sum(line_count), 0)::text from imp_orders) as o_lines, (select coalesce(sum(net_total), 0)::text from imp_orders) as o_net,
            (select coalesce(sum(tax_total), 0)::text from imp_orders) as o_tax, (select coalesce(sum(lines), 0)::text from imp_prod_stats) as p_lines,
            (select coalesce(sum(net), 0)::text from imp_prod_stats) as p_net, (select coalesce(sum(tax), 0)::text from imp_prod_stats) as p_tax`,
  );
  const c = check.rows[0];
  if (Number(c.o_lines) !== linesInserted || Number(c.p_lines) !== linesInserted || String(c.o_net) !== String(c.p_net) || String(c.o_tax) !== String(c.p_tax)) {
    throw new Error(`summary delta does not match the lines inserted (${linesInserted}): ${JSON.stringify(c)}`);
  }
  await q(
    `with o as (select order_date as day, owner_id, department_id, region_id, customer_id, line_count, net_total, tax_total from imp_orders),
     by_day as (
       insert into stats_sales_day as t (day, owner_id, department_id, region_id, orders, lines, net, tax)
       select day, owner_id, department_id, region_id, count(*), sum(line_count), sum(net_total), sum(tax_total)
       from o group by day, owner_id, department_id, region_id
       on conflict (day, owner_id, department_id, region_id) do update set
         orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax
       returning 1),
     by_month as (
       insert into stats_sales_month as t (month, owner_id, department_id, region_id, orders, lines, net, tax)
       select date_trunc('month', day)::date, owner_id, department_id, region_id, count(*), sum(line_count), sum(net_total), sum(tax_total)
       from o group by 1, owner_id, department_id, region_id
       on conflict (month, owner_id, department_id, region_id) do update set
         orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax
       returning 1),
     by_customer as (
       insert into stats_sales_month_customer as t (month, customer_id, owner_id, department_id, region_id, orders, lines, net, tax)
       select date_trunc('month', day)::date, customer_id, owner_id, department_id, region_id, count(*), sum(line_count), sum(net_total), sum(tax_total)
       from o group by 1, customer_id, owner_id, department_id, region_id
       on conflict (month, customer_id, owner_id, department_id, region_id) do update set
         orders = t.orders + excluded.orders, lines = t.lines + excluded.lines, net = t.net + excluded.net, tax = t.tax + excluded.tax
       returning 1),
     by_product as (
       insert into stats_sales_month_product as t (month, product_id, department_id, lines, quantity, net, tax)
       select month, product_id, department_id, lines, quantity, net, tax from imp_prod_stats
       on conflict (month, product_id, department_id) do update set
         lines = t.lines + excluded.lines, quantity = t.quantity + excluded.quantity, net = t.net + excluded.net, tax = t.tax + excluded.tax
       returning 1)
     select (select count(*) from by_day) + (select count(*) from by_month) + (select count(*) from by_customer) + (select count(*) from by_product) as n`,
  );
}

/** Customers, contacts or products from import_rows_stage (one jsonb record per row). */
export async function applyRecords(q: Q, a: ApplyContext, kind: 'customers' | 'contacts' | 'products'): Promise<OrderApplyResult> {
  if (kind === 'customers') {
    const regionRows = await q<{ k: string; name: string }>(
      `select lower(data->>'region') as k, min(data->>'region') as name from import_rows_stage where batch_id = $1 and data->>'region' is not null group by 1`,
      [a.batchId],
    );
    const regions = await applyRegions(q, a, new Map(regionRows.rows.map((r) => [r.k, r.name])));
    await q(
      `create temp table imp_c on commit drop as
       select s.row_no, x.*, null::uuid as id, false as is_new,
              (select id from imp_region_map rm where rm.k = lower(x.region)) as region_id
       from import_rows_stage s cross join lateral jsonb_to_record(s.data) as x(
         "externalId" text, name text, "nameKey" text, "shortName" text, "creditCode" text, "creditCodeValid" boolean, "taxpayerId" text,
         industry text, source text, level text, status text, phone text, website text, notes text, region text, "ownerId" uuid, "departmentId" uuid)
       where s.batch_id = $1`,
      [a.batchId],
    );
    await q(
      `update imp_c c set id = coalesce(
         (select coalesce(m.merged_into_id, m.id) from customers m where c."externalId" is not null and m.external_id = c."externalId" limit 1),
         (select coalesce(m.merged_into_id, m.id) from customers m where c."creditCode" is not null and m.credit_code = c."creditCode" order by m.merged_into_id nulls first limit 1),
         (select coalesce(m.merged_into_id, m.id) from customers m where m.name_key = c."nameKey" order by m.merged_into_id nulls first limit 1))`,
    );
    const missing = Number((await q<{ n: number }>('select count(*)::int as n from imp_c where id is null')).rows[0].n);
    const total = Number((await q<{ n: number }>('select count(*)::int as n from imp_c')).rows[0].n);
    if (missing > 0) {
      const start = await reserveNumbers(q, CUSTOMER_SEQUENCE.name, CUSTOMER_SEQUENCE.year, missing);
      await q(`update imp_c set id = gen_random_uuid(), is_new = true where id is null`);
      await q(
        `insert into customers (id, code, name, short_name, name_key, credit_code, credit_code_valid, taxpayer_id, industry, source, level, status,
                                phone, website, notes, external_id, owner_id, department_id, region_id, import_batch_id, created_by)
         select c.id, ${customerCodeExpr('$2', 'row_number() over (order by c.row_no)')}, c.name, c."shortName", c."nameKey",
                c."creditCode", c."creditCodeValid", c."taxpayerId", c.industry, c.source, c.level, c.status, c.phone, c.website, coalesce(c.notes, ''),
                c."externalId", c."ownerId", coalesce(c."departmentId", $4::uuid), c.region_id, $1, $3
         from imp_c c where c.is_new`,
        [a.batchId, start, a.userId, a.departmentId],
      );
    }
    return { created: { customers: missing, regions }, unchanged: { customers: total - missing } };
  }
  if (kind === 'products') {
    const cats = await q(
      `insert into product_categories (name, import_batch_id)
       select min(data->>'category'), $1 from import_rows_stage s
       where s.batch_id = $1 and data->>'category' is not null
         and not exists (select 1 from product_categories pc where lower(pc.name) = lower(s.data->>'category') or lower(pc.code) = lower(s.data->>'category'))
       group by lower(data->>'category')`,
      [a.batchId],
    );
    const r = await q(
      `insert into products (code, name, category_id, unit, list_price, cost, currency, status, description, import_batch_id)
       select x.code, x.name,
              (select pc.id from product_categories pc where lower(pc.name) = lower(x.category) or lower(pc.code) = lower(x.category) order by pc.created_at limit 1),
              x.unit, x."listPrice", x.cost, x.currency, x.status, coalesce(x.description, ''), $1
       from import_rows_stage s cross join lateral jsonb_to_record(s.data) as x(code text, name text, category text, unit text, "listPrice" bigint, cost bigint, currency text, status text, description text)
       where s.batch_id = $1 and not exists (select 1 from products p where lower(p.code) = lower(x.code))`,
      [a.batchId],
    );
    const total = Number((await q<{ n: number }>('select count(*)::int as n from import_rows_stage where batch_id = $1', [a.batchId])).rows[0].n);
    return { created: { products: r.rowCount, categories: cats.rowCount }, unchanged: { products: total - r.rowCount } };
  }
  // contacts: the customer by external id or folded name; an existing contact (external id, or same name at the customer) is left alone.
  await q(
    `create temp table imp_k on commit drop as
     select s.row_no, x.*,
       coalesce(
         (select coalesce(m.merged_into_id, m.id) from customers m where x."customerExt" is not null and m.external_id = x."customerExt" limit 1),
         (select coalesce(m.merged_into_id, m.id) from customers m where x."customerExt" is null and m.name_key = x."customerNameKey" order by m.merged_into_id nulls first limit 1)) as customer_id
     from import_rows_stage s cross join lateral jsonb_to_record(s.data) as x(
       "customerExt" text, "customerNameKey" text, "externalId" text, name text, title text, mobile text, phone text, email text, wechat text, qq text, birthday date)
     where s.batch_id = $1`,
    [a.batchId],
  );
  const r = await q(
    `insert into contacts (customer_id, name, title, mobile, phone, email, wechat, qq, birthday, external_id, import_batch_id)
     select k.customer_id, k.name, k.title, k.mobile, k.phone, k.email, k.wechat, k.qq, k.birthday, k."externalId", $1
     from imp_k k
     where k.customer_id is not null
       and not exists (select 1 from contacts c where (k."externalId" is not null and c.external_id = k."externalId")
                                              or (c.customer_id = k.customer_id and lower(c.name) = lower(k.name) and not c.is_archived))`,
    [a.batchId],
  );
  const total = Number((await q<{ n: number }>('select count(*)::int as n from imp_k')).rows[0].n);
  return { created: { contacts: r.rowCount }, unchanged: { contacts: total - r.rowCount } };
}

/** Why a batch cannot be undone: later records that depend on what it created. Empty when it can. */
export async function undoBlockers(q: Q, batchId: string): Promise<string[]> {
  const checks: [string, string][] = [
    [
      `select o.number || ' has return ' || r.number as m from sales_returns r join sales_orders o on o.id = r.order_id where o.import_batch_id = $1 and r.status <> 'cancelled' limit 5`,
      'return',
    ],
    [`select number || ' was changed after the import' as m from sales_orders where import_batch_id = $1 and (version > 1 or status <> 'confirmed') limit 5`, 'changed'],
    [
      `select 'customer ' || c.code || ' has order ' || o.number || ' from elsewhere' as m from sales_orders o join customers c on c.id = o.customer_id
       where c.import_batch_id = $1 and o.import_batch_id is distinct from $1 limit 5`,
      'customer_orders',
    ],
    [
      `select 'product ' || p.code || ' is on order ' || o.number || ' from elsewhere' as m from sales_order_lines l join products p on p.id = l.product_id join sales_orders o on o.id = l.order_id
       where p.import_batch_id = $1 and o.import_batch_id is distinct from $1 limit 5`,
      'product_lines',
    ],
    [`select 'customer ' || c.code || ' has contract ' || k.number as m from contracts k join customers c on c.id = k.customer_id where c.import_batch_id = $1 limit 5`, 'contracts'],
    [`select 'customer ' || c.code || ' has negotiation ' || n.number as m from negotiations n join customers c on c.id = n.customer_id where c.import_batch_id = $1 limit 5`, 'negotiations'],
    [
      `select 'customer ' || c.code || ' has contact ' || k.name || ' added later' as m from contacts k join customers c on c.id = k.customer_id
       where c.import_batch_id = $1 and k.import_batch_id is distinct from $1 limit 5`,
      'contacts',
    ],
    [`select 'customer ' || c.code || ' was changed after the import' as m from customers c where c.import_batch_id = $1 and (c.version > 1 or c.merged_into_id is not null) limit 5`, 'customer_changed'],
    [`select 'customer ' || c.code || ' has ' || count(*) || ' timeline entries' as m from customer_events e join customers c on c.id = e.customer_id where c.import_batch_id = $1 group by c.code limit 5`, 'events'],
    [`select 'product ' || p.code || ' was changed after the import' as m from products p where p.import_batch_id = $1 and p.version > 1 limit 5`, 'product_changed'],
    [`select 'product ' || p.code || ' is on a price list' as m from price_list_items i join products p on p.id = i.product_id where p.import_batch_id = $1 limit 5`, 'price_lists'],
  ];
  const out: string[] = [];
  for (const [text] of checks) {
    const r = await q<{ m: string }>(text, [batchId]);
    out.push(...r.rows.map((x) => x.m));
  }
  return out;
}

/** Deletes exactly the rows the batch created, children first. Returns how many of each. */
export async function deleteBatchRows(q: Q, batchId: string): Promise<Record<string, number>> {
  const n: Record<string, number> = {};
  n.lines = (await q(`delete from sales_order_lines l using sales_orders o where o.id = l.order_id and o.import_batch_id = $1`, [batchId])).rowCount;
  n.orders = (await q(`delete from sales_orders where import_batch_id = $1`, [batchId])).rowCount;
  n.contacts = (await q(`delete from contacts where import_batch_id = $1`, [batchId])).rowCount;
  n.customers = (await q(`delete from customers where import_batch_id = $1`, [batchId])).rowCount;
  n.products = (await q(`delete from products where import_batch_id = $1`, [batchId])).rowCount;
  n.categories = (await q(`delete from product_categories where import_batch_id = $1`, [batchId])).rowCount;
  n.regions = (await q(`delete from regions where import_batch_id = $1`, [batchId])).rowCount;
  return n;
}
