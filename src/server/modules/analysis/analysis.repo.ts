import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import type { RecordScope } from '../../platform/access/scope';
import { customerScopeWhere } from '../customers/customers.access';
import { NONE, type AnalysisFilters, type Dimension } from './analysis.schema';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The SQL of customer group analysis. Everything is computed by the database in one
 * pass over the orders of the visible customers: one GROUP BY per customer (stats),
 * window functions for the scores and the Pareto ranking, then small aggregates.
 * Order headers carry net_total, which the sales module keeps equal to the sum of
 * their lines (syncTotals), so the lines table itself is not scanned.
 */

/** Which orders count as sales; draft and cancelled do not. */
export const COUNTING_STATUSES = ['confirmed', 'delivered', 'closed'] as const;

export interface Frame {
  asOf: string;
  /** First day of the period (inclusive). */
  periodStart: string;
  currency: string;
  dormantDays: number;
}

/** The period's first day (months back from asOf, exclusive of that day) and the first day of the month window. */
export async function periodBounds(db: Db, asOf: string, months: number): Promise<{ periodStart: string; monthStart: string }> {
  const r = await sql<{ period_start: string; month_start: string }>`
    select ((${asOf}::date - make_interval(months => ${months}::int))::date + 1) as period_start,
           (date_trunc('month', ${asOf}::date) - make_interval(months => ${months}::int - 1))::date as month_start`.execute(db);
  return { periodStart: r.rows[0].period_start, monthStart: r.rows[0].month_start };
}

/** Customers the caller may see (the customers module's own rule), live ones. */
function visibleCustomers(db: Db, scope: RecordScope) {
  return db
    .selectFrom('customers as c')
    .leftJoin('users as u', 'u.id', 'c.owner_id')
    .leftJoin('regions as g', 'g.id', 'c.region_id')
    .select(['c.id', 'c.code', 'c.name', 'c.owner_id', 'u.display_name as owner_name', 'c.region_id', 'g.name as region_name', 'c.industry', 'c.level'])
    .where(customerScopeWhere(scope, 'c'))
    .where('c.merged_into_id', 'is', null)
    .where('c.is_archived', '=', false);
}

/**
 * The filters narrow which scored customers are counted and listed; they do not change the
 * scores or classes, which are ranked among all the customers the caller may see. So a
 * customer's segment is the same in every view, and a click on a breakdown cell lists
 * exactly the customers it counted.
 */
function filterWhere(f: AnalysisFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(value === NONE ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)}::text = ${value}`);
  };
  eq('region_id', f.regionId);
  eq('owner_id', f.ownerId);
  eq('level', f.level);
  eq('industry', f.industry);
  return sql.join(parts, sql` and `);
}

/**
 * The CTE chain: vis (customers) → ret (confirmed returns per order) → ord (counting orders,
 * net of their returns) → stats (one row per customer) → scored (R, F, M, usual interval)
 * → ranked (Pareto) → facts (everything per customer) → g (facts with the dimension's key).
 * Unreferenced CTEs are not evaluated, so the monthly series uses the same chain.
 */
function chain(db: Db, scope: RecordScope, f: AnalysisFilters, frame: Frame, dimension: Dimension): RawBuilder<unknown> {
  const asOf = sql`${frame.asOf}::date`;
  const start = sql`${frame.periodStart}::date`;
  const statuses = sql.join(COUNTING_STATUSES.map((s) => sql.lit(s)));
  const [key, label] = dimensionColumns(dimension);
  return sql`
    vis as ${visibleCustomers(db, scope)},
    ret as (
      select r.order_id, sum(r.net_total) as returned
        from sales_returns r
       where r.status = 'confirmed' and r.return_date <= ${asOf} and r.customer_id in (select id from vis)
       group by r.order_id),
    ord as (
      select o.customer_id, o.order_date, o.net_total - coalesce(ret.returned, 0) as net
        from sales_orders o
        left join ret on ret.order_id = o.id
       where o.status in (${statuses}) and o.order_date <= ${asOf} and o.currency = ${frame.currency}
         and o.customer_id in (select id from vis)),
    stats as (
      select customer_id,
             min(order_date) as first_order,
             max(order_date) as last_order,
             count(distinct order_date)::int as order_days,
             (count(*) filter (where order_date >= ${start}))::int as orders,
             coalesce(sum(net) filter (where order_date >= ${start}), 0) as net_sales,
             coalesce(sum(net) filter (where order_date > ${asOf} - 90), 0) as net_recent,
             coalesce(sum(net) filter (where order_date > ${asOf} - 455 and order_date <= ${asOf} - 90), 0) as net_before
        from ord
       group by customer_id),
    scored as (
      select s.*,
             (${asOf} - s.last_order) as recency_days,
             ${quintile(sql`s.last_order`)} as r,
             ${quintile(sql`s.orders`)} as f,
             ${quintile(sql`s.net_sales`)} as m,
             case when s.order_days >= 3 then (s.last_order - s.first_order) / (s.order_days - 1) end as usual_interval
        from stats s),
    ranked as (
      select customer_id,
             row_number() over w as abc_rank,
             sum(net_sales) over w as cumulative,
             sum(net_sales) over () as total
        from stats
       where net_sales > 0
      window w as (order by net_sales desc, customer_id rows between unbounded preceding and current row)),
    facts as (
      select v.*, s.first_order, s.last_order, s.orders, s.net_sales, s.recency_days, s.usual_interval, s.r, s.f, s.m,
             (s.f + s.m + 1) / 2 as fm,
             case
               when s.r >= 4 and (s.f + s.m + 1) / 2 >= 4 then 'champions'
               when s.r >= 3 and (s.f + s.m + 1) / 2 >= 3 then 'loyal'
               when s.first_order > ${asOf} - 90 then 'new'
               when s.r >= 4 then 'potential_loyalists'
               when s.r = 3 then 'need_attention'
               when s.r = 1 and (s.f + s.m + 1) / 2 >= 4 then 'cant_lose'
               when (s.f + s.m + 1) / 2 >= 3 then 'at_risk'
               when s.r = 2 then 'hibernating'
               else 'lost'
             end as segment,
             case
               when k.customer_id is null then null
               when (k.cumulative - s.net_sales) * 100 < k.total * 80 then 'A'
               when (k.cumulative - s.net_sales) * 100 < k.total * 95 then 'B'
               else 'C'
             end as abc_class,
             k.abc_rank, k.cumulative, k.total,
             s.recency_days >= ${frame.dormantDays} as is_dormant,
             (s.recency_days < ${frame.dormantDays} and s.net_before > 0 and s.net_recent * 73 < s.net_before * 9) as churn_drop,
             (s.recency_days < ${frame.dormantDays} and s.usual_interval is not null and s.recency_days >= 30 and s.recency_days > 2 * s.usual_interval) as churn_overdue
        from vis v
        join scored s on s.customer_id = v.id
        left join ranked k on k.customer_id = v.id),
    g as (select facts.*, ${key} as gkey, ${label} as glabel from facts where ${filterWhere(f)})`;
}

/**
 * A 1–5 score from the rank among the customers who ordered in the period:
 * 1 + ⌊5 × (rank − 1) / (n − 1)⌋, capped at 5; a customer with no order in the period scores 1.
 * Ranking only the active ones keeps the scale meaningful when many customers are long gone
 * (they would otherwise tie at zero and squeeze every active customer into the top scores).
 * Ties share a rank and so a score; integer arithmetic, so the same on every engine.
 */
function quintile(value: RawBuilder<unknown>) {
  const active = sql`(s.orders > 0)`;
  return sql`(case when s.orders = 0 then 1 else least(5, 1 + (5 * (rank() over (partition by ${active} order by ${value}) - 1)) / greatest(count(*) over (partition by ${active}) - 1, 1)) end)::int`;
}

function dimensionColumns(dimension: Dimension): [RawBuilder<unknown>, RawBuilder<unknown>] {
  const none = sql.lit(NONE);
  switch (dimension) {
    case 'region':
      return [sql`coalesce(region_id::text, ${none})`, sql`region_name`];
    case 'owner':
      return [sql`coalesce(owner_id::text, ${none})`, sql`owner_name`];
    case 'industry':
      return [sql`coalesce(industry, ${none})`, sql`industry`];
    case 'level':
      return [sql`coalesce(level, ${none})`, sql`level`];
    default:
      return [sql`${sql.lit('all')}::text`, sql`null::text`];
  }
}

export interface Query {
  scope: RecordScope;
  filters: AnalysisFilters;
  frame: Frame;
  dimension: Dimension;
}

/** One row shape for the small aggregates a report returns at once (part tells which). */
interface PartRow {
  part: string;
  k1: string | null;
  k2: string | null;
  label: string | null;
  n: number;
  n2: number;
  n3: number;
  n4: number;
  net: number;
}

function statement(db: Db, q: Query, body: RawBuilder<unknown>) {
  return sql<PartRow>`with ${chain(db, q.scope, q.filters, q.frame, q.dimension)} ${body}`;
}

function run(db: Db, q: Query, body: RawBuilder<unknown>) {
  return statement(db, q, body)
    .execute(db)
    .then((r) => r.rows);
}

/** The RFM statement (its compiled SQL is snapshotted by the tests: the whole chain is in it). */
export function rfmStatement(db: Db, q: Query) {
  const groups = q.dimension === 'none' ? sql`` : sql`union all select 'group', segment, gkey, glabel, count(*)::int, 0, 0, 0, sum(net_sales)::bigint from g group by segment, gkey, glabel`;
  return statement(
    db,
    q,
    sql`select 'segment' as part, segment as k1, null::text as k2, null::text as label, count(*)::int as n, 0 as n2, 0 as n3, 0 as n4, sum(net_sales)::bigint as net from g group by segment
        union all select 'grid', r::text, fm::text, null, count(*)::int, 0, 0, 0, 0::bigint from g group by r, fm
        ${groups}`,
  );
}

/** RFM: customers and net sales per segment, the R × FM grid, and per segment in each group. */
export function rfmParts(db: Db, q: Query) {
  return rfmStatement(db, q)
    .execute(db)
    .then((r) => r.rows);
}

/**
 * ABC: per class, per class in each group, and the top customers as Pareto points (n = rank, n2 = cumulative
 * share in 1/10,000). Classes are ranked among all visible customers; the points' rank and cumulative share
 * are among the customers shown (the filtered ones), so the chart's line always ends at 100 %.
 */
export function abcParts(db: Db, q: Query, top: number) {
  const groups = q.dimension === 'none' ? sql`` : sql`union all select 'group', abc_class, gkey, glabel, count(*)::int, 0, 0, 0, sum(net_sales)::bigint from g where abc_class is not null group by abc_class, gkey, glabel`;
  return run(
    db,
    q,
    sql`select 'class' as part, abc_class as k1, null::text as k2, null::text as label, count(*)::int as n, 0 as n2, 0 as n3, 0 as n4, sum(net_sales)::bigint as net from g where abc_class is not null group by abc_class
        union all
        select 'point', abc_class, id::text, name, shown_rank::int, round(shown_cumulative * 10000 / shown_total)::int, 0, 0, net_sales::bigint
          from (select g.*, row_number() over w as shown_rank, sum(net_sales) over w as shown_cumulative, sum(net_sales) over () as shown_total
                  from g where abc_class is not null
                window w as (order by net_sales desc, id rows between unbounded preceding and current row)) shown
         where shown_rank <= ${top}
        ${groups}`,
  );
}

/** Dormancy: totals (n, n2 dormant, n3 churn risk, n4 drop, net overdue), recency buckets, and per group. */
export function dormancyParts(db: Db, q: Query) {
  const groups =
    q.dimension === 'none'
      ? sql``
      : sql`union all select 'group', null, gkey, glabel, count(*)::int, (count(*) filter (where is_dormant))::int, (count(*) filter (where churn_drop or churn_overdue))::int, 0, 0::bigint from g group by gkey, glabel`;
  return run(
    db,
    q,
    sql`select 'total' as part, null::text as k1, null::text as k2, null::text as label, count(*)::int as n,
               (count(*) filter (where is_dormant))::int as n2,
               (count(*) filter (where churn_drop or churn_overdue))::int as n3,
               (count(*) filter (where churn_drop))::int as n4,
               (count(*) filter (where churn_overdue))::bigint as net
          from g
        union all
        select 'bucket', b, null, null, count(*)::int, 0, 0, 0, 0::bigint
          from (select case when recency_days <= 30 then '0-30' when recency_days <= 90 then '31-90' when recency_days <= 180 then '91-180' when recency_days <= 365 then '181-365' else '366+' end as b from g) x
         group by b
        ${groups}`,
  );
}

/** New vs returning per month: customers that ordered in the month, new when their first-ever order is in it. */
export function lifecycleRows(db: Db, q: Query) {
  return sql<{ month: string; is_new: boolean; customers: number; net: number }>`
    with ${chain(db, q.scope, q.filters, q.frame, 'none')},
    cm as (
      select customer_id, date_trunc('month', order_date)::date as month, sum(net) as net
        from ord
       where order_date >= ${q.frame.periodStart}::date
       group by customer_id, date_trunc('month', order_date)::date)
    select to_char(cm.month, 'YYYY-MM') as month,
           (date_trunc('month', s.first_order)::date = cm.month) as is_new,
           count(*)::int as customers,
           sum(cm.net)::bigint as net
      from cm join stats s on s.customer_id = cm.customer_id
     group by 1, 2
     order by 1, 2`
    .execute(db)
    .then((r) => r.rows);
}

export interface MemberRow {
  id: string;
  code: string;
  name: string;
  owner_id: string | null;
  owner_name: string | null;
  region_id: string | null;
  region_name: string | null;
  industry: string | null;
  level: string | null;
  first_order: string;
  last_order: string;
  recency_days: number;
  usual_interval: number | null;
  orders: number;
  net_sales: number;
  r: number;
  f: number;
  m: number;
  segment: string;
  abc_class: string | null;
  is_dormant: boolean;
  churn_drop: boolean;
  churn_overdue: boolean;
}

export interface MemberSelection {
  analysis: 'rfm' | 'abc' | 'lifecycle' | 'dormant' | 'churn';
  segment?: string;
  /** lifecycle: first day of the month. */
  monthStart?: string;
}

function memberCondition(sel: MemberSelection): RawBuilder<unknown> {
  switch (sel.analysis) {
    case 'rfm':
      return sql`segment = ${sel.segment}`;
    case 'abc':
      return sql`abc_class = ${sel.segment}`;
    case 'dormant':
      return sql`is_dormant`;
    case 'churn':
      return sel.segment === 'drop' ? sql`churn_drop` : sel.segment === 'overdue' ? sql`churn_overdue` : sql`(churn_drop or churn_overdue)`;
    case 'lifecycle': {
      const month = sql`${sel.monthStart}::date`;
      const ordered = sql`exists (select 1 from ord where ord.customer_id = g.id and ord.order_date >= ${month} and ord.order_date < (${month} + interval '1 month'))`;
      const isNew = sql`date_trunc('month', first_order)::date = ${month}`;
      return sel.segment === 'new' ? sql`${ordered} and ${isNew}` : sql`${ordered} and not ${isNew}`;
    }
  }
}

/** The customers of one segment, by net sales (highest first), keyset-paged on (net sales, id). */
export function memberRows(db: Db, q: Query, sel: MemberSelection, page: { limit: number; after?: [number, string] }) {
  const after = page.after ? sql`and (net_sales, id) < (${page.after[0]}::numeric, ${page.after[1]}::uuid)` : sql``;
  return sql<MemberRow>`
    with ${chain(db, q.scope, q.filters, q.frame, 'none')}
    select id, code, name, owner_id, owner_name, region_id, region_name, industry, level, first_order, last_order,
           recency_days, usual_interval, orders, net_sales::bigint as net_sales, r, f, m, segment, abc_class, is_dormant, churn_drop, churn_overdue
      from g
     where ${memberCondition(sel)} ${after}
     order by net_sales desc, id desc
     limit ${page.limit}`
    .execute(db)
    .then((r) => r.rows);
}
