import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database';
import { deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope, type RecordScope } from '../../platform/access/scope';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { loadReadableCustomer } from '../customers/customers.access';
import { customerCounts, firstDays, type CustomerCounts } from './statistics.customers';
import { topCustomers } from './statistics.top-customers';
import { addDays, addMonths, bucketLabel, bucketsOf, lastYearPeriod, monthEnd, monthStart, previousPeriod, type Bucket, type Range } from './periods';
import { OTHERS_KEY, TIME_GROUPS, type MeasuresDto, type ReportRowDto, type SalesReportDto, type SalesReportQuery, type StatGroup } from './statistics.schema';
import { subtreeIds } from '../../db/subtree';

/**
 * Sales reports over the summary tables of migration 0011 (docs/statistics.md). Which
 * table answers depends on the breakdown and filters: the day table for time, rep,
 * department and region; the monthly product or customer table for those, with the
 * days of a partly covered first or last month taken from the lines themselves (the
 * same counting rules: stats_delta_sql). Record rules: a rep sees their own figures,
 * department-wide roles their departments', admins everything; a filter naming a rep,
 * department or customer outside that is a 404, as for the record itself.
 */
type Db = Kysely<Database>;

export const RAW = ['orders', 'lines', 'net', 'tax', 'cost', 'costed_net', 'returns', 'return_lines', 'return_net', 'return_tax', 'return_cost', 'return_costed_net'] as const;
export type RawMeasures = Record<(typeof RAW)[number], number>;
// Written out, not built from RAW: a breakdown by customer makes tens of thousands of these per report.
export const zero = (): RawMeasures => ({ orders: 0, lines: 0, net: 0, tax: 0, cost: 0, costed_net: 0, returns: 0, return_lines: 0, return_net: 0, return_tax: 0, return_cost: 0, return_costed_net: 0 });
export const addInto = (a: RawMeasures, b: RawMeasures) => {
  a.orders += b.orders;
  a.lines += b.lines;
  a.net += b.net;
  a.tax += b.tax;
  a.cost += b.cost;
  a.costed_net += b.costed_net;
  a.returns += b.returns;
  a.return_lines += b.return_lines;
  a.return_net += b.return_net;
  a.return_tax += b.return_tax;
  a.return_cost += b.return_cost;
  a.return_costed_net += b.return_costed_net;
  return a;
};

export type SourceKind = 'day' | 'product' | 'customer' | 'lines';

/** The counting rules as SQL over the base rows, written once in the database (migration 0011). */
const baseDeltaSql = new Map<'all' | 'one owner', string>();

/**
 * The order lines' branch of the base rows joins each line to its order for the order's
 * status. For one owner's rows it also joins on the owner: a line carries its order's
 * owner (`syncLineHeaders` on every header edit, the import writes both from one row), so
 * the rows are the same, and the planner can then read that owner's orders by index
 * instead of every order for the join (a rep's own year by product on ten million lines:
 * 522 → 155 ms median on PostgreSQL; docs/statistics.md). Only for one owner: `=` drops lines without an owner,
 * which a report over everyone must keep.
 */
const LINES_JOIN = 'join sales_orders o on o.id = l.order_id ';
async function baseRows(db: Db, oneOwner: boolean): Promise<string> {
  const key = oneOwner ? 'one owner' : 'all';
  let q = baseDeltaSql.get(key);
  if (!q) {
    const r = await sql<{ q: string }>`select stats_delta_sql('sales_order_lines', 'order_lines', 1) || ' union all ' || stats_delta_sql('sales_orders', 'order_count', 1)
      || ' union all ' || stats_delta_sql('sales_return_lines', 'return_lines', 1) || ' union all ' || stats_delta_sql('sales_returns', 'return_count', 1) as q`.execute(db);
    q = r.rows[0].q;
    if (oneOwner) {
      if (q.split(LINES_JOIN).length !== 2) throw new Error('stats_delta_sql changed: the order lines join to their orders is not where the statistics expect it');
      q = q.replace(LINES_JOIN, `${LINES_JOIN}and o.owner_id = l.owner_id `);
    }
    baseDeltaSql.set(key, q);
  }
  return q;
}

export const COLUMNS = 'd, owner_id, department_id, region_id, product_id, customer_id, orders, lines, net, tax, cost, costed_net, returns, return_lines, return_net, return_tax, return_cost, return_costed_net';

/** The rows of a range from the lines (and orders and returns); `owner`: only that owner's rows (see baseRows). */
async function linesSource(db: Db, r: Range, owner?: string): Promise<RawBuilder<unknown>> {
  return sql`select day as d, owner_id, department_id, region_id, product_id, customer_id, orders, lines, net, tax, cost, costed_net, returns, return_lines, return_net, return_tax, return_cost, return_costed_net
    from (${sql.raw(await baseRows(db, owner !== undefined))}) as b (day, owner_id, department_id, region_id, customer_id, product_id, orders, lines, quantity, net, tax, cost, costed_net,
                                                returns, return_lines, return_quantity, return_net, return_tax, return_cost, return_costed_net)
    where day between ${r.from} and ${r.to}${owner !== undefined ? sql` and owner_id = ${owner}` : sql``}`;
}

/** The rep/department/region figures of a range: whole months from the month table (migration 0018), the days of a partly covered first or last month from the day table; `daysOnly` keeps every row a day (time buckets of ranges that are not whole months). */
function daySource(r: Range, daysOnly: boolean): RawBuilder<unknown> {
  const days = (range: Range) => sql`select day as d, owner_id, department_id, region_id, null::uuid as product_id, null::uuid as customer_id, orders, lines, net, tax, cost, costed_net,
    returns, return_lines, return_net, return_tax, return_cost, return_costed_net from stats_sales_day where day between ${range.from} and ${range.to}`;
  const firstFull = r.from === monthStart(r.from) ? r.from : addDays(monthEnd(r.from), 1);
  const lastFull = r.to === monthEnd(r.to) ? monthStart(r.to) : monthStart(addDays(monthStart(r.to), -1));
  if (daysOnly || firstFull > lastFull) return days(r);
  const parts = [
    sql`select month as d, owner_id, department_id, region_id, null::uuid as product_id, null::uuid as customer_id, orders, lines, net, tax, cost, costed_net,
      returns, return_lines, return_net, return_tax, return_cost, return_costed_net from stats_sales_month where month between ${firstFull} and ${lastFull}`,
  ];
  if (r.from < firstFull) parts.push(days({ from: r.from, to: addDays(firstFull, -1) }));
  const afterLast = addDays(monthEnd(lastFull), 1);
  if (afterLast <= r.to) parts.push(days({ from: afterLast, to: r.to }));
  return sql.join(parts, sql` union all `);
}

/** The columns of the monthly and quarterly product and customer tables, in the source's order (`d` first; what a table lacks is 0 or null). */
const GRAIN_COLUMNS = {
  product: `null::uuid as owner_id, department_id, null::uuid as region_id, product_id, null::uuid as customer_id,
    0 as orders, lines, net, tax, cost, costed_net, 0 as returns, return_lines, return_net, return_tax, return_cost, return_costed_net`,
  customer: `owner_id, department_id, region_id, null::uuid as product_id, customer_id,
    orders, lines, net, tax, cost, costed_net, returns, 0 as return_lines, return_net, return_tax, return_cost, return_costed_net`,
} as const;

/**
 * Product or customer figures of whole months: whole calendar quarters from the quarterly
 * table (migrations 0023, 0025), the months of a partly covered first or last quarter from
 * the monthly one.
 */
function wholeMonths(grain: 'product' | 'customer', firstMonth: string, lastMonth: string, monthKeyed: boolean): RawBuilder<unknown> {
  const cols = sql.raw(GRAIN_COLUMNS[grain]);
  const months = (from: string, to: string) => sql`select month as d, ${cols} from ${sql.table(`stats_sales_month_${grain}`)} where month between ${from} and ${to}`;
  const quarterOf = (m: string) => addMonths(m, -((Number(m.slice(5, 7)) - 1) % 3));
  const firstQuarter = quarterOf(firstMonth) === firstMonth ? firstMonth : addMonths(quarterOf(firstMonth), 3);
  const lastQuarter = quarterOf(addMonths(lastMonth, 1)) === addMonths(lastMonth, 1) ? addMonths(lastMonth, -2) : addMonths(quarterOf(lastMonth), -3);
  if (monthKeyed || firstQuarter > lastQuarter) return months(firstMonth, lastMonth);
  const parts = [sql`select quarter as d, ${cols} from ${sql.table(`stats_sales_quarter_${grain}`)} where quarter between ${firstQuarter} and ${lastQuarter}`];
  if (firstMonth < firstQuarter) parts.push(months(firstMonth, addMonths(firstQuarter, -1)));
  if (addMonths(lastQuarter, 3) <= lastMonth) parts.push(months(addMonths(lastQuarter, 3), lastMonth));
  return sql.join(parts, sql` union all `);
}

/** One derived table with the same columns whatever answers: summary rows plus, for the monthly tables, the ragged edge days from the lines. */
/** `monthKeyed`: every summary row keeps its month in `d` (a caller that buckets by time); otherwise whole quarters may come as one row dated on the quarter's first day. */
/** `owner`: the caller keeps only this owner's rows (pinnedOwner): the rows read from the lines are that owner's alone, read by the owner. */
export async function source(db: Db, kind: SourceKind, r: Range, scope: RecordScope, monthKeyed = false, owner?: string): Promise<RawBuilder<unknown>> {
  if (kind === 'lines') return linesSource(db, r, owner);
  if (kind === 'day') return daySource(r, false);
  const firstFull = r.from === monthStart(r.from) ? r.from : addDays(monthEnd(r.from), 1);
  const lastFull = r.to === monthEnd(r.to) ? monthStart(r.to) : monthStart(addDays(monthStart(r.to), -1));
  if (firstFull > lastFull) return linesSource(db, r, owner);
  const parts = [wholeMonths(kind, firstFull, lastFull, monthKeyed)];
  if (kind === 'product' && scope.kind === 'departments') {
    // Products are summed per department only: the caller's own lines filed in other departments come from the lines.
    parts.push(sql`select * from (${await linesSource(db, { from: firstFull, to: monthEnd(lastFull) }, scope.userId)}) as own
      where own.department_id is null or own.department_id not in (${sql.join(scope.departmentIds)})`);
  }
  if (r.from < firstFull) parts.push(await linesSource(db, { from: r.from, to: addDays(firstFull, -1) }, owner));
  const afterLast = addDays(monthEnd(lastFull), 1);
  if (afterLast <= r.to) parts.push(await linesSource(db, { from: afterLast, to: r.to }, owner));
  return sql.join(parts, sql` union all `);
}

/** The one owner whose rows alone a report keeps, if any: a rep's own figures, or a filter naming a rep (whereOf keeps the same condition). */
export function pinnedOwner(scope: RecordScope, ownerId: string | undefined): string | undefined {
  return scope.kind === 'own' ? scope.userId : ownerId;
}

export function sourceFor(q: SalesReportQuery, scope: RecordScope): SourceKind {
  const byProduct = q.groupBy === 'product' || q.groupBy === 'category' || q.productId !== undefined || q.categoryId !== undefined;
  const byCustomer = q.groupBy === 'customer' || q.groupBy === 'segment' || q.customerId !== undefined;
  if (byProduct && byCustomer) return 'lines';
  // The product table has departments but no reps or regions (migration 0011): a rep's, another rep's or a region's product figures come from the lines.
  if (byProduct && (scope.kind === 'own' || q.ownerId !== undefined || q.regionId !== undefined || q.groupBy === 'rep' || q.groupBy === 'region')) return 'lines';
  // Time buckets with a product or customer filter need days: the lines answer (slower; docs/statistics.md).
  if ((byProduct || byCustomer) && TIME_GROUPS.includes(q.groupBy)) return 'lines';
  return byProduct ? 'product' : byCustomer ? 'customer' : 'day';
}

export const KEY_EXPR: Record<Exclude<StatGroup, 'month' | 'quarter' | 'year'>, string> = {
  none: `'all'`,
  rep: 's.owner_id::text',
  department: 's.department_id::text',
  region: 's.region_id::text',
  product: 's.product_id::text',
  category: '(select p.category_id::text from products p where p.id = s.product_id)',
  customer: 's.customer_id::text',
  // The customer's level (A–D) as it is now: the cheapest segmentation that every customer has (docs/statistics.md).
  segment: '(select c.level::text from customers c where c.id = s.customer_id)',
};

export interface Filters {
  scope: RecordScope;
  q: SalesReportQuery;
  categoryIds?: string[];
}

export function whereOf(f: Filters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.scope.kind === 'own') parts.push(sql`s.owner_id = ${f.scope.userId}`);
  else if (f.scope.kind === 'departments') parts.push(sql`(s.owner_id = ${f.scope.userId} or s.department_id in (${sql.join(f.scope.departmentIds)}))`);
  if (f.q.ownerId) parts.push(sql`s.owner_id = ${f.q.ownerId}`);
  if (f.q.departmentId) parts.push(sql`s.department_id = ${f.q.departmentId}`);
  if (f.q.regionId) parts.push(sql`s.region_id = ${f.q.regionId}`);
  if (f.q.productId) parts.push(sql`s.product_id = ${f.q.productId}`);
  if (f.categoryIds) parts.push(sql`s.product_id in (select id from products where category_id in (${sql.join(f.categoryIds)}))`);
  if (f.q.customerId) parts.push(sql`s.customer_id = ${f.q.customerId}`);
  return sql.join(parts, sql` and `);
}

/** Breakdowns whose key is an attribute of the product or the customer: summed per product/customer first, then mapped (one lookup per product, not per summary row). */
const MAPPED_KEYS: Partial<Record<string, { inner: string; outer: string; join: string }>> = {
  category: { inner: 's.product_id', outer: 'm.category_id::text', join: 'left join products m on m.id = g.k' },
  segment: { inner: 's.customer_id', outer: 'm.level::text', join: 'left join customers m on m.id = g.k' },
};

/**
 * The measures per key for several ranges in one statement (one round trip, one plan):
 * each range reads its own rows of the source, tagged with the range's index. `days`
 * is the day source with day-keyed rows only.
 */
export async function groupedRanges(
  db: Db,
  kind: SourceKind | 'days',
  ranges: Range[],
  keyExpr: string,
  f: Filters,
  group?: StatGroup,
  top?: number,
): Promise<Map<string | null, RawMeasures>[] & { folded?: number }> {
  // stats_sum (migration 0026): a bigint sum without the numeric round trip of sum(bigint).
  const sums = RAW.map((k) => `stats_sum(s.${k}) as ${k}`).join(', ');
  const mapped = group ? MAPPED_KEYS[group] : undefined;
  // A year compared with the year before asks for the same range twice (previous = last year): read it once.
  const unique = [...new Map(ranges.map((r) => [`${r.from}|${r.to}`, r])).values()];
  const parts: RawBuilder<unknown>[] = [];
  for (const [i, r] of unique.entries()) {
    const from = kind === 'days' ? daySource(r, true) : await source(db, kind, r, f.scope, false, pinnedOwner(f.scope, f.q.ownerId));
    parts.push(sql`select ${sql.lit(i)} as p, ${sql.raw(mapped ? mapped.inner : keyExpr)} as k, ${sql.raw(sums)}
      from (${from}) as s (${sql.raw(COLUMNS)})
      where ${whereOf(f)} group by 2`);
  }
  let query = sql<RawMeasures & { p: number; k: string | null }>`${sql.join(parts, sql` union all `)}`;
  if (mapped) {
    const outer = RAW.map((k) => `stats_sum(g.${k}) as ${k}`).join(', ');
    query = sql`select g.p, ${sql.raw(mapped.outer)} as k, ${sql.raw(outer)} from (${query}) as g ${sql.raw(mapped.join)} group by 1, 2`;
  }
  if (top !== undefined) {
    // The top keys by net sales of the first range (the period; a key it lacks counts as 0; one row per range and key,
    // so max is that row's) come as they are; the rest is summed into one row per range. A null key ("not set": the
    // order counts of a breakdown by product) is joined as '' so that the join still hashes (keys are ids, never '').
    const cols = RAW.map((k) => `g.${k}`).join(', ');
    const outer = RAW.map((k) => `stats_sum(g.${k}) as ${k}`).join(', ');
    query = sql`with g as materialized (${query}),
      ranked as (select k, coalesce(max(net - return_net) filter (where p = 0), 0) as v from g group by k),
      kept as (select coalesce(k, '') as k, 1 as hit from ranked order by v desc, k limit ${sql.lit(top)})
      select g.p, g.k, ${sql.raw(cols)}, 0 as folded from g join kept on kept.k = coalesce(g.k, '')
      union all
      select g.p, ${OTHERS_KEY} as k, ${sql.raw(outer)}, (select count(*) from ranked) - (select count(*) from kept) as folded
        from g left join kept on kept.k = coalesce(g.k, '') where kept.hit is null group by g.p`;
  }
  const rows = await query.execute(db);
  const byRange = unique.map(() => new Map<string | null, RawMeasures>());
  for (const row of rows.rows) {
    const m = zero();
    for (const k of RAW) m[k] = Number(row[k]);
    byRange[Number(row.p)]!.set(row.k === null ? null : String(row.k), m);
  }
  // Each asked range gets its own maps (callers add into them): a range asked twice gets a copy the second time.
  const handedOut = new Set<number>();
  const folded = top === undefined ? undefined : Math.max(0, ...rows.rows.map((r) => Number((r as { folded?: number }).folded ?? 0)));
  const maps = ranges.map((r) => {
    const i = unique.findIndex((u) => u.from === r.from && u.to === r.to);
    if (!handedOut.has(i)) {
      handedOut.add(i);
      return byRange[i]!;
    }
    return new Map([...byRange[i]!].map(([k, v]) => [k, { ...v }]));
  });
  return Object.assign(maps, { folded });
}

export async function grouped(db: Db, kind: SourceKind | 'days', r: Range, keyExpr: string, f: Filters, group?: StatGroup): Promise<Map<string | null, RawMeasures>> {
  return (await groupedRanges(db, kind, [r], keyExpr, f, group))[0]!;
}

export const halfUpDiv = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b)); // b > 0; exact for the integers here
export const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/** The indicators of raw sums; `customers` are the period's distinct customer counts (null: not counted for this breakdown). */
export function measures(m: RawMeasures, ordersCounted: boolean, customers: CustomerCounts | null = null): MeasuresDto {
  const netSales = m.net - m.return_net;
  const costedNetSales = m.costed_net - m.return_costed_net;
  const cost = m.cost - m.return_cost;
  return {
    orders: ordersCounted ? m.orders : null,
    lines: m.lines,
    sales: m.net,
    returns: m.return_net,
    netSales,
    tax: m.tax - m.return_tax,
    averageOrderValue: ordersCounted && m.orders > 0 ? halfUpDiv(netSales, m.orders) : null,
    costedNetSales,
    cost,
    grossMargin: m.costed_net === 0 && m.cost === 0 ? null : costedNetSales - cost,
    activeCustomers: customers ? customers.active : null,
    newCustomers: customers ? customers.fresh : null,
  };
}

export async function checkFilters(db: Db, actor: Actor, scope: RecordScope, q: SalesReportQuery): Promise<string[] | undefined> {
  // A filter naming something outside the caller's records answers as if it did not exist.
  // Denials are audited (access.denied) like any other door to someone else's records.
  if (q.ownerId && scope.kind === 'own' && q.ownerId !== scope.userId) throw deniedAsNotFound('user', q.ownerId);
  if (q.ownerId && scope.kind === 'departments' && q.ownerId !== scope.userId) {
    const u = await db.selectFrom('users').select('department_id').where('id', '=', q.ownerId).executeTakeFirst();
    if (!u) throw notFound('user', q.ownerId);
    if (!u.department_id || !scope.departmentIds.includes(u.department_id)) throw deniedAsNotFound('user', q.ownerId);
  }
  // A rep may narrow their own figures to a department; a department-wide role only to its own departments.
  if (q.departmentId && scope.kind === 'departments' && !scope.departmentIds.includes(q.departmentId)) throw deniedAsNotFound('department', q.departmentId);
  if (q.customerId) await loadReadableCustomer(db, actor, q.customerId);
  if (q.regionId && !(await db.selectFrom('regions').select('id').where('id', '=', q.regionId).executeTakeFirst())) throw notFound('region', q.regionId);
  if (q.productId && !(await db.selectFrom('products').select('id').where('id', '=', q.productId).executeTakeFirst())) throw notFound('product', q.productId);
  if (q.categoryId) {
    const c = await db.selectFrom('product_categories').select('id').where('id', '=', q.categoryId).executeTakeFirst();
    if (!c) throw notFound('product_category', q.categoryId);
    return subtreeIds(db, 'product_categories', q.categoryId);
  }
  return undefined;
}

const SEGMENT_LABEL = { en: (level: string) => `Level ${level}`, 'zh-CN': (level: string) => `${level} 级` } as const;

export async function labelsFor(db: Db, group: StatGroup, keys: (string | null)[], locale: 'en' | 'zh-CN' = 'en'): Promise<Map<string, string>> {
  const ids = keys.filter((k): k is string => k !== null);
  const out = new Map<string, string>();
  if (!ids.length || TIME_GROUPS.includes(group) || group === 'none') return out;
  if (group === 'segment') {
    for (const id of ids) out.set(id, SEGMENT_LABEL[locale](id));
    return out;
  }
  const q =
    group === 'rep'
      ? sql<{ id: string; label: string }>`select id::text, display_name as label from users where id = any(${sql.val(ids)}::uuid[])`
      : group === 'department'
        ? sql<{ id: string; label: string }>`select id::text, name as label from departments where id = any(${sql.val(ids)}::uuid[])`
        : group === 'region'
          ? sql<{ id: string; label: string }>`select id::text, name as label from regions where id = any(${sql.val(ids)}::uuid[])`
          : group === 'product'
            ? sql<{ id: string; label: string }>`select id::text, code || ' ' || name as label from products where id = any(${sql.val(ids)}::uuid[])`
            : group === 'category'
              ? sql<{ id: string; label: string }>`select id::text, name as label from product_categories where id = any(${sql.val(ids)}::uuid[])`
              : sql<{ id: string; label: string }>`select id::text, name as label from customers where id = any(${sql.val(ids)}::uuid[])`;
  for (const r of (await q.execute(db)).rows) out.set(r.id, r.label);
  return out;
}

export const NOT_SET = { en: '(not set)', 'zh-CN': '（未设置）' } as const;
const OTHERS_LABEL = {
  en: (g: StatGroup, n: number) => `All other ${g === 'customer' ? 'customers' : 'products'} (${n.toLocaleString('en')})`,
  'zh-CN': (g: StatGroup, n: number) => `其他${g === 'customer' ? '客户' : '产品'}（${n.toLocaleString('en')} 个）`,
} as const;

/** Sales indicators of a range by one breakdown, with the previous period, last year, growth, share and rank; only the caller's records. */
export async function salesReport(db: Db, actor: Actor, q: SalesReportQuery): Promise<SalesReportDto> {
  const locale = actor.locale;
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const categoryIds = await checkFilters(db, actor, scope, q);
  const f: Filters = { scope, q, categoryIds };
  const kind = sourceFor(q, scope);
  const ordersCounted = kind !== 'product';
  const period: Range = { from: q.from, to: q.to };
  const prev = previousPeriod(period);
  const ly = lastYearPeriod(period);
  const { currency, fiscalYearStartMonth } = await getCompanySettings(db);

  let rows: Omit<ReportRowDto, 'rank' | 'share'>[];
  let total: { current: RawMeasures; previous: RawMeasures; lastYear: RawMeasures };
  let totalCustomers: [CustomerCounts, CustomerCounts, CustomerCounts] | undefined;
  if (TIME_GROUPS.includes(q.groupBy)) {
    // Day sums over everything the buckets and the comparison periods need, summed per range here.
    // Quarters and years are fiscal (settings: fiscalYearStartMonth), as statements' are.
    const buckets = bucketsOf(period, q.groupBy as Bucket, fiscalYearStartMonth);
    const earliest = [prev.from, ly.from, ...buckets.flatMap((b) => [b.previous.from, b.lastYear.from])].sort()[0];
    // Month-keyed rows answer when every bucket and comparison is whole months (a whole-month period); otherwise days.
    const wholeMonths = q.from === monthStart(q.from) && q.to === monthEnd(q.to);
    // Customers are counted per bucket and over the whole period (distinct: buckets do not add up); both questions run at once (a pool answers them in parallel).
    const [days, counted] = await Promise.all([
      grouped(db, kind === 'day' && !wholeMonths ? 'days' : kind, { from: earliest, to: q.to }, 's.d::text', f),
      customerCounts(db, [period, prev, ly, ...buckets.flatMap((b) => [b.covered, b.previous, b.lastYear])], `'all'`, f, { linesOnly: customersFromLines(q) }),
    ]);
    const sumOver = (r: Range) => {
      const m = zero();
      for (const [d, v] of days) if (d !== null && d.slice(0, 10) >= r.from && d.slice(0, 10) <= r.to) addInto(m, v);
      return m;
    };
    const raw = buckets.map((b) => ({ key: b.key, label: bucketLabel(b.key, q.groupBy as Bucket, locale), current: sumOver(b.covered), previous: sumOver(b.previous), lastYear: sumOver(b.lastYear) }));
    const c = (i: number) => counted[i]!.total;
    rows = raw.map((r, i) => row(r.key, r.label, r.current, r.previous, r.lastYear, ordersCounted, [c(3 + 3 * i), c(4 + 3 * i), c(5 + 3 * i)]));
    total = { current: raw.reduce((a, r) => addInto(a, r.current), zero()), previous: sumOver(prev), lastYear: sumOver(ly) };
    totalCustomers = [c(0), c(1), c(2)];
  } else {
    const keyExpr = KEY_EXPR[q.groupBy as keyof typeof KEY_EXPR];
    const ranges = [period, prev, ly];
    // By customer, each row is one customer: active where the row has counted lines in the range, new where their first
    // day is in it too. Only the totals need the distinct count (one key: no per-customer rows come back).
    const byCustomer = q.groupBy === 'customer';
    // The page's top customers from the customer tables: sums for the kept ones only (statistics.top-customers.ts).
    const fast = byCustomer && q.top !== undefined && kind === 'customer' && !q.customerId ? await topCustomers(db, ranges, f, q.top) : undefined;
    const [measured, counted] = fast
      ? [Object.assign(fast.maps, { folded: fast.folded }), fast.totals.map((total) => ({ byKey: new Map<string | null, CustomerCounts>(), total }))]
      : await Promise.all([
          groupedRanges(db, kind, ranges, keyExpr, f, q.groupBy, q.top),
          customersCounted(q.groupBy)
            ? customerCounts(db, ranges, byCustomer ? `'all'` : keyExpr, f, { linesOnly: customersFromLines(q), keyOfCustomer: q.groupBy === 'segment' ? CUSTOMER_LEVEL : undefined })
            : undefined,
        ]);
    const [cur, before, yearBefore] = measured as [Map<string | null, RawMeasures>, Map<string | null, RawMeasures>, Map<string | null, RawMeasures>];
    const keys = [...new Set([...cur.keys(), ...before.keys(), ...yearBefore.keys()])];
    const named = keys.filter((k): k is string => k !== null && k !== OTHERS_KEY);
    const [labels, firsts] = await Promise.all([labelsFor(db, q.groupBy, named, locale), byCustomer ? (fast?.firsts ?? firstDays(db, named, ranges)) : undefined]);
    const perRange = [cur, before, yearBefore];
    const ownCounts = (k: string, i: number): CustomerCounts => {
      const active = (perRange[i]!.get(k)?.lines ?? 0) > 0;
      return { active: active ? 1 : 0, fresh: active && (firsts!.get(k) ?? '') >= ranges[i]!.from ? 1 : 0 };
    };
    const countsOf = (k: string | null): [CustomerCounts, CustomerCounts, CustomerCounts] | undefined =>
      counted &&
      ([0, 1, 2].map((i) => {
        if (!byCustomer || k === null) return counted[i]!.byKey.get(k) ?? { active: 0, fresh: 0 };
        if (k !== OTHERS_KEY) return ownCounts(k, i);
        // The folded customers: the distinct total less the kept rows (each customer is in one row only).
        const rest = { ...counted[i]!.total };
        for (const key of named) {
          const c = ownCounts(key, i);
          rest.active -= c.active;
          rest.fresh -= c.fresh;
        }
        return rest;
      }) as [CustomerCounts, CustomerCounts, CustomerCounts]);
    const labelOf = (k: string | null) =>
      k === null ? NOT_SET[locale] : k === 'all' ? '' : k === OTHERS_KEY && measured.folded !== undefined ? OTHERS_LABEL[locale](q.groupBy, measured.folded) : (labels.get(k) ?? k);
    rows = keys.map((k) => ({
      ...row(k === 'all' ? null : k, labelOf(k), cur.get(k) ?? zero(), before.get(k) ?? zero(), yearBefore.get(k) ?? zero(), ordersCounted, countsOf(k)),
      ...(k === OTHERS_KEY && measured.folded !== undefined ? { others: measured.folded } : {}),
    }));
    // Totals are the sums of the rows: a breakdown always adds up to its total.
    const sum = (m: Map<string | null, RawMeasures>) => [...m.values()].reduce((a, v) => addInto(a, v), zero());
    total = { current: sum(cur), previous: sum(before), lastYear: sum(yearBefore) };
    totalCustomers = counted && [counted[0]!.total, counted[1]!.total, counted[2]!.total];
  }
  const totalRow = row(null, '', total.current, total.previous, total.lastYear, ordersCounted, totalCustomers);
  // The folded row of a cut report comes last, after the top rows it does not compete with.
  const ranked = [...rows].sort((a, b) => Number(a.others !== undefined) - Number(b.others !== undefined) || b.current.netSales - a.current.netSales);
  const rankOf = new Map<object, number>();
  ranked.forEach((r, i) => rankOf.set(r, i > 0 && r.others === undefined && r.current.netSales === ranked[i - 1].current.netSales ? rankOf.get(ranked[i - 1])! : i + 1));
  const ordered = TIME_GROUPS.includes(q.groupBy) ? rows : ranked;
  return {
    groupBy: q.groupBy,
    currency,
    period,
    previousPeriod: prev,
    lastYearPeriod: ly,
    rows: ordered.map((r) => ({ ...r, share: ratio(r.current.netSales, totalRow.current.netSales), rank: rankOf.get(r)! })),
    total: totalRow,
  };
}

/** Customers are not counted per product or category (the monthly customer table has no product; the lines would be every line). */
const customersCounted = (g: StatGroup) => g !== 'product' && g !== 'category';
/** A product or category filter: the customers come from the lines (the monthly customer table has no product). */
const customersFromLines = (q: SalesReportQuery) => q.productId !== undefined || q.categoryId !== undefined;
const CUSTOMER_LEVEL = '(select c.level::text from customers c where c.id = g0.customer_id)';

function row(
  key: string | null,
  label: string,
  cur: RawMeasures,
  prev: RawMeasures,
  ly: RawMeasures,
  ordersCounted: boolean,
  customers?: [CustomerCounts, CustomerCounts, CustomerCounts],
): Omit<ReportRowDto, 'rank' | 'share'> {
  const current = measures(cur, ordersCounted, customers?.[0]);
  const previous = measures(prev, ordersCounted, customers?.[1]);
  const lastYear = measures(ly, ordersCounted, customers?.[2]);
  return {
    key,
    label,
    current,
    previous,
    lastYear,
    growthPrevious: ratio(current.netSales - previous.netSales, Math.abs(previous.netSales)),
    growthLastYear: ratio(current.netSales - lastYear.netSales, Math.abs(lastYear.netSales)),
  };
}

