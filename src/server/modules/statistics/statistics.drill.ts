import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope } from '../../platform/access/scope';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { bucketsOf, lastYearPeriod, previousPeriod, type Bucket, type Range } from './periods';
import { NO_KEY, type DrillExportQuery, type DrillLineDto, type DrillPageDto, type DrillQuery } from './statistics.drill.schema';
import { TIME_GROUPS, type SalesReportQuery, type StatGroup } from './statistics.schema';
import { checkFilters, KEY_EXPR, whereOf, type Filters } from './statistics.service';

/**
 * Drill-down: the order and return lines behind one figure of the sales report, counted by
 * the same rules as the summary tables (migration 0011: lines of confirmed, delivered and
 * closed orders on the line's date; confirmed return lines on the return's date, negative).
 * The group key is a parameter like any filter: a rep, department or customer outside the
 * caller's records answers 404 (audited), and the caller's record rules always apply.
 */
type Db = Kysely<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEVELS = ['A', 'B', 'C', 'D'];
/** Groups whose key names a record, and the filter that checks the caller may see it. */
const KEY_FILTER: Partial<Record<StatGroup, keyof SalesReportQuery>> = {
  rep: 'ownerId',
  department: 'departmentId',
  region: 'regionId',
  product: 'productId',
  category: 'categoryId',
  customer: 'customerId',
};

/** Every counted line as a row of the same columns the report's filters use (alias s). */
const LINES = sql`
  select l.order_date as d, 'sale' as kind, l.id as line_id, o.id as doc_id, o.number as doc_number, l.owner_id, l.department_id, l.region_id,
         l.customer_id, l.product_id, l.quantity, l.net_amount as net, l.cost_amount as cost
    from sales_order_lines l join sales_orders o on o.id = l.order_id
   where o.status in ('confirmed', 'delivered', 'closed')
  union all
  select r.return_date, 'return', rl.id, r.id, r.number, r.owner_id, r.department_id, r.region_id,
         r.customer_id, l.product_id, -rl.quantity, -rl.net_amount, case when l.cost_amount is null then null else -stats_return_cost(l.cost_amount, l.quantity, rl.quantity) end
    from sales_return_lines rl join sales_returns r on r.id = rl.return_id join sales_order_lines l on l.id = rl.order_line_id
   where r.status = 'confirmed'`;

type DrillParams = Omit<DrillQuery, 'limit' | 'cursor'>;

/** The range of the figure clicked: the report's period (or one bucket of it), or the comparison period beside it. */
function rangeOf(q: DrillParams, fiscalStartMonth: number): Range {
  const base = { from: q.from, to: q.to };
  if (TIME_GROUPS.includes(q.groupBy) && q.key) {
    const bucket = bucketsOf(base, q.groupBy as Bucket, fiscalStartMonth).find((b) => b.key === q.key);
    if (!bucket) throw new AppError('validation_failed', 'key is not a bucket of the range', { fields: [{ field: 'key', code: 'invalid', message: 'Not a bucket of this range' }] });
    return q.period === 'current' ? bucket.covered : q.period === 'previous' ? bucket.previous : bucket.lastYear;
  }
  return q.period === 'current' ? base : q.period === 'previous' ? previousPeriod(base) : lastYearPeriod(base);
}

async function prepare(db: Db, actor: Actor, q: DrillParams): Promise<{ where: RawBuilder<unknown>; range: Range }> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const report = { ...q } as SalesReportQuery;
  const categoryIds = await checkFilters(db, actor, scope, report);
  const f: Filters = { scope, q: report, categoryIds };
  const parts = [whereOf(f)];
  if (q.key !== undefined && q.groupBy !== 'none' && !TIME_GROUPS.includes(q.groupBy)) {
    const expr = sql.raw(KEY_EXPR[q.groupBy as keyof typeof KEY_EXPR]);
    if (q.key === NO_KEY) parts.push(sql`${expr} is null`);
    else {
      const filter = KEY_FILTER[q.groupBy];
      if (filter && !UUID.test(q.key)) throw fieldError('key', 'invalid', 'Not an id');
      if (q.groupBy === 'segment' && !LEVELS.includes(q.key)) throw fieldError('key', 'invalid', 'Not a customer level');
      // The key names a record like a filter does: the same checks, the same 404 for someone else's.
      if (filter) await checkFilters(db, actor, scope, { from: q.from, to: q.to, groupBy: 'none', [filter]: q.key } as SalesReportQuery);
      parts.push(sql`${expr} = ${q.key}`);
    }
  }
  return { where: sql.join(parts, sql` and `), range: rangeOf(q, (await getCompanySettings(db)).fiscalYearStartMonth) };
}

const toLine = (r: Record<string, unknown>): DrillLineDto => ({
  kind: r.kind as 'sale' | 'return',
  lineId: Number(r.line_id),
  date: String(r.d instanceof Date ? r.d.toISOString() : r.d).slice(0, 10),
  documentId: String(r.doc_id),
  documentNumber: String(r.doc_number),
  customerId: String(r.customer_id),
  customerName: String(r.customer_name ?? ''),
  productId: String(r.product_id),
  productName: String(r.product_name ?? ''),
  ownerName: (r.owner_name as string | null) ?? null,
  regionName: (r.region_name as string | null) ?? null,
  quantity: String(r.quantity),
  netAmount: Number(r.net),
  costAmount: r.cost === null || r.cost === undefined ? null : Number(r.cost),
});

function pageSql(where: RawBuilder<unknown>, range: Range, after: RawBuilder<unknown>, limit: number) {
  return sql<Record<string, unknown>>`
    select s.d::text as d, s.kind, s.line_id, s.doc_id, s.doc_number, s.customer_id, s.product_id, s.quantity::text as quantity, s.net, s.cost,
           c.name as customer_name, p.code || ' ' || p.name as product_name, u.display_name as owner_name, rg.name as region_name
      from (${LINES}) as s
      left join customers c on c.id = s.customer_id
      left join products p on p.id = s.product_id
      left join users u on u.id = s.owner_id
      left join regions rg on rg.id = s.region_id
     where s.d between ${range.from} and ${range.to} and ${where} and ${after}
     order by s.d::text || '|' || s.kind desc, s.line_id desc
     limit ${limit}`;
}

/** The lines behind a figure, newest first (keyset paged), with their sums over all pages: `totals.netSales` is the figure. */
export async function drillLines(db: Db, actor: Actor, q: DrillQuery): Promise<DrillPageDto> {
  const { where, range } = await prepare(db, actor, q);
  let after: RawBuilder<unknown> = sql`true`;
  if (q.cursor) {
    const [sortKey, id] = decodeCursor(q.cursor);
    if (typeof sortKey !== 'string' || typeof id !== 'number') throw fieldError('cursor', 'invalid', 'cursor is not valid');
    after = sql`(s.d::text || '|' || s.kind, s.line_id) < (${sortKey}, ${id})`;
  }
  const rows = (await pageSql(where, range, after, q.limit + 1).execute(db)).rows;
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  const sums = await sql<{ lines: number; return_lines: number; sales: number; returns: number; customers: number }>`
    select count(*) filter (where s.kind = 'sale')::int as lines, count(*) filter (where s.kind = 'return')::int as return_lines,
           count(distinct s.customer_id) filter (where s.kind = 'sale')::int as customers,
           coalesce(sum(s.net) filter (where s.kind = 'sale'), 0)::bigint as sales, coalesce(-sum(s.net) filter (where s.kind = 'return'), 0)::bigint as returns
      from (${LINES}) as s where s.d between ${range.from} and ${range.to} and ${where}`.execute(db);
  const t = sums.rows[0];
  const sales = Number(t.sales);
  const returns = Number(t.returns);
  return {
    items: items.map(toLine),
    nextCursor: rows.length > q.limit && last ? encodeCursor(`${last.d}|${last.kind}`, Number(last.line_id)) : null,
    currency: (await getCompanySettings(db)).currency,
    period: range,
    totals: { lines: Number(t.lines), returnLines: Number(t.return_lines), sales, returns, netSales: sales - returns, customers: Number(t.customers) },
  };
}

const COLUMNS: ExportColumn<DrillLineDto>[] = [
  { key: 'date', en: 'Date', zh: '日期', value: (r) => r.date, kind: 'date', width: 12 },
  { key: 'kind', en: 'Kind', zh: '类别', value: (r) => r.kind, width: 8 },
  { key: 'document', en: 'Document', zh: '单据', value: (r) => r.documentNumber, width: 18 },
  { key: 'customer', en: 'Customer', zh: '客户', value: (r) => r.customerName },
  { key: 'product', en: 'Product', zh: '产品', value: (r) => r.productName },
  { key: 'rep', en: 'Rep', zh: '业务员', value: (r) => r.ownerName, width: 14 },
  { key: 'region', en: 'Region', zh: '区域', value: (r) => r.regionName, width: 12 },
  { key: 'quantity', en: 'Quantity', zh: '数量', value: (r) => Number(r.quantity), kind: 'number' },
  { key: 'net', en: 'Net amount', zh: '净额', value: (r) => (r.netAmount / 100).toFixed(2), kind: 'money' },
  { key: 'cost', en: 'Cost', zh: '成本', value: (r) => (r.costAmount === null ? null : (r.costAmount / 100).toFixed(2)), kind: 'money' },
];
const KIND_ZH: Record<string, string> = { sale: '销售', return: '退货' };

/** The same lines as a CSV/XLSX file in the reader's language (at most EXPORT_LIMIT lines). */
export async function exportDrillLines(db: Db, actor: Actor, q: DrillExportQuery): Promise<ExportFile> {
  const { format, ...params } = q;
  const { where, range } = await prepare(db, actor, params);
  const rows = (await pageSql(where, range, sql`true`, EXPORT_LIMIT + 1).execute(db)).rows;
  if (rows.length > EXPORT_LIMIT) throw new AppError('validation_failed', `More than ${EXPORT_LIMIT} lines: narrow the report`, { fields: [{ field: 'to', code: 'too_many_rows', message: 'Too many lines for one file' }] });
  const lines = rows.map(toLine).map((l) => (actor.locale === 'zh-CN' ? { ...l, kind: KIND_ZH[l.kind] as 'sale' } : l));
  return buildExport(lines, COLUMNS, { format, locale: actor.locale, name: 'sales-lines', sheet: { en: 'Lines', zh: '明细' } });
}
