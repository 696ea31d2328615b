import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { fieldError } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { recordScope, type RecordScope } from '../../platform/access/scope';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { bucketLabel, type Bucket } from './periods';
import type { PivotDim, PivotDto, PivotMeasure, PivotQuery } from './statistics.pivot.schema';
import type { SalesReportQuery } from './statistics.schema';
import { addInto, checkFilters, COLUMNS, KEY_EXPR, labelsFor, measures, NOT_SET, pinnedOwner, RAW, source, whereOf, zero, type RawMeasures, type SourceKind } from './statistics.service';

/**
 * The ad-hoc pivot: one measure by two dimensions, over the same summary tables as the
 * report where their grain holds both dimensions (the day table for rep, department,
 * region and time; the monthly product or customer table with them), else over the lines.
 * Only additive measures are offered, and the row and column totals are computed from
 * the same sums as the cells: every total is the sum of its cells.
 */
type Db = Kysely<Database>;

/** The most rows or columns one pivot shows (a wider one needs a filter). */
export const PIVOT_LIMIT = { rows: 1000, columns: 100 };

/** Time keys as the report's buckets (periods.ts): quarters and years of the fiscal year, named after the year it starts in — a day moved back by the months before the fiscal start falls in the calendar quarter and year that name its fiscal ones. */
function timeExpr(d: 'month' | 'quarter' | 'year', fiscalStartMonth: number): string {
  if (d === 'month') return `to_char(s.d, 'YYYY-MM')`;
  const shifted = `(s.d - interval '${fiscalStartMonth - 1} months')`;
  return d === 'quarter' ? `to_char(${shifted}, 'YYYY') || '-Q' || extract(quarter from ${shifted})::int` : `to_char(${shifted}, 'YYYY')`;
}
const isTime = (d: PivotDim) => d === 'month' || d === 'quarter' || d === 'year';
const MONEY: PivotMeasure[] = ['netSales', 'sales', 'returns', 'tax', 'cost', 'grossMargin'];

/** Which table can answer both dimensions and the filters (time works on all: the monthly tables keep months, the edges come from the lines). */
function pivotSource(q: PivotQuery, scope: RecordScope): SourceKind {
  const dims = [q.rows, q.columns];
  const byProduct = dims.some((d) => d === 'product' || d === 'category') || q.productId !== undefined || q.categoryId !== undefined;
  const byCustomer = dims.some((d) => d === 'customer' || d === 'segment') || q.customerId !== undefined;
  if (byProduct && byCustomer) return 'lines';
  if (byProduct && (scope.kind === 'own' || q.ownerId !== undefined || q.regionId !== undefined || dims.includes('rep') || dims.includes('region'))) return 'lines';
  return byProduct ? 'product' : byCustomer ? 'customer' : 'day';
}

const value = (m: RawMeasures, measure: PivotMeasure, ordersCounted: boolean): number | null => measures(m, ordersCounted)[measure];

/** One measure by two dimensions with row, column and grand totals; only the caller's records, filters checked like the report's. */
export async function salesPivot(db: Db, actor: Actor, q: PivotQuery): Promise<PivotDto> {
  requirePermission(actor, 'sales:read');
  const scope = await recordScope(db, actor);
  const report = { ...q, groupBy: 'none' } as unknown as SalesReportQuery;
  const categoryIds = await checkFilters(db, actor, scope, report);
  const kind = pivotSource(q, scope);
  const { currency, fiscalYearStartMonth } = await getCompanySettings(db);
  const keyExpr = (d: PivotDim) => (d === 'month' || d === 'quarter' || d === 'year' ? timeExpr(d, fiscalYearStartMonth) : KEY_EXPR[d]);
  const byProduct = [q.rows, q.columns].some((d) => d === 'product' || d === 'category');
  const ordersCounted = !byProduct && kind !== 'product';
  const sums = RAW.map((k) => `stats_sum(s.${k}) as ${k}`).join(', '); // migration 0026
  // Order and return counts carry no product: with a product dimension only the lines' rows count.
  const productRows = byProduct ? sql`and s.product_id is not null` : sql``;
  const result = await sql<RawMeasures & { rk: string | null; ck: string | null }>`
    select ${sql.raw(keyExpr(q.rows))} as rk, ${sql.raw(keyExpr(q.columns))} as ck, ${sql.raw(sums)}
      from (${await source(db, kind, { from: q.from, to: q.to }, scope, [q.rows, q.columns].some(isTime), pinnedOwner(scope, report.ownerId))}) as s (${sql.raw(COLUMNS)})
     where ${whereOf({ scope, q: report, categoryIds })} ${productRows}
     group by 1, 2`.execute(db);

  const cells = new Map<string, RawMeasures>();
  const rowSums = new Map<string | null, RawMeasures>();
  const colSums = new Map<string | null, RawMeasures>();
  const grand = zero();
  const id = (k: string | null) => (k === null ? '\u0000' : String(k));
  for (const r of result.rows) {
    const m = zero();
    for (const k of RAW) m[k] = Number(r[k]);
    const rk = r.rk === null ? null : String(r.rk);
    const ck = r.ck === null ? null : String(r.ck);
    cells.set(`${id(rk)}\u0001${id(ck)}`, m);
    rowSums.set(rk, addInto(rowSums.get(rk) ?? zero(), m));
    colSums.set(ck, addInto(colSums.get(ck) ?? zero(), m));
    addInto(grand, m);
  }
  if (rowSums.size > PIVOT_LIMIT.rows) throw fieldError('rows', 'too_many', `More than ${PIVOT_LIMIT.rows} rows: add a filter`);
  if (colSums.size > PIVOT_LIMIT.columns) throw fieldError('columns', 'too_many', `More than ${PIVOT_LIMIT.columns} columns: add a filter or swap rows and columns`);

  const order = async (dim: PivotDim, sumsOf: Map<string | null, RawMeasures>) => {
    const keys = [...sumsOf.keys()];
    const labels = await labelsFor(db, dim, keys, actor.locale);
    const sorted = isTime(dim)
      ? keys.sort((a, b) => String(a).localeCompare(String(b)))
      : keys.sort((a, b) => (value(sumsOf.get(b)!, q.measure, ordersCounted) ?? 0) - (value(sumsOf.get(a)!, q.measure, ordersCounted) ?? 0));
    const label = (k: string) => (isTime(dim) ? bucketLabel(k, dim as Bucket, actor.locale) : (labels.get(k) ?? k));
    return sorted.map((k) => ({ key: k, label: k === null ? NOT_SET[actor.locale] : label(k) }));
  };
  const rows = await order(q.rows, rowSums);
  const columns = await order(q.columns, colSums);
  return {
    rows,
    columns,
    measure: q.measure,
    isMoney: MONEY.includes(q.measure),
    currency,
    cells: rows.map((r) => columns.map((c) => {
      const m = cells.get(`${id(r.key)}\u0001${id(c.key)}`);
      return m ? value(m, q.measure, ordersCounted) : null;
    })),
    rowTotals: rows.map((r) => value(rowSums.get(r.key)!, q.measure, ordersCounted)),
    columnTotals: columns.map((c) => value(colSums.get(c.key)!, q.measure, ordersCounted)),
    total: result.rows.length ? value(grand, q.measure, ordersCounted) : null,
  };
}
