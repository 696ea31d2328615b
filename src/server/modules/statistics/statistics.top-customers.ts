import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { monthStart, type Range } from './periods';
import { edgeMonthsOf, firstDayOf, type CustomerCounts } from './statistics.customers';
import { COLUMNS, pinnedOwner, RAW, source, whereOf, zero, type Filters, type RawMeasures } from './statistics.service';
import { OTHERS_KEY } from './statistics.schema';

type Db = Kysely<Database>;

export interface TopCustomers {
  /** Per range: the kept customers' measures and, under OTHERS_KEY, everyone else's. */
  maps: Map<string | null, RawMeasures>[];
  /** How many customers the others row folds (with figures in any of the ranges). */
  folded: number;
  /** Per range: distinct active and new customers over every customer. */
  totals: CustomerCounts[];
  /** The kept customers' first counted days (computed here anyway: the caller need not ask again). */
  firsts: Map<string, string>;
}

/**
 * The report page's breakdown by customer cut to its top N (docs/statistics.md, `top`),
 * without summing every customer's twelve measures three times. What the general path
 * (groupedRanges with `top`, customerCounts) computes over all 4,800 customers is split:
 *
 * 1. the customer rows of the ranges grouped once per customer, with three aggregates
 *    (the period's net sales, whether it has rows in the period, a bit per range where it
 *    has counted lines): the top N of the period, and — customers alike in those bits and
 *    in their first day counted as one group, a few hundred groups for thousands of
 *    customers — how many customers there are and the distinct active and new customers
 *    of each range (one customer per key: active where it has counted lines);
 * 2. the kept customers' twelve measures (their rows only);
 * 3. each range's totals from the rep × region day and month tables (a few hundred rows),
 *    so the others row is the total less the kept rows — exact, as both are exact sums of
 *    the same lines (`stats verify`).
 *
 * All three in one statement over the customer rows read once.
 *
 * Returns undefined where that would not give the general path's answer, which the caller
 * then uses: fewer than N customers with figures in the period, or the N-th one without
 * positive net sales (a customer without figures in the period ranks as 0 and could come
 * before it).
 */
export async function topCustomers(db: Db, asked: Range[], f: Filters, top: number): Promise<TopCustomers | undefined> {
  // A year's previous period is its last year too: each distinct range is read once.
  const ranges = [...new Map(asked.map((r) => [`${r.from}|${r.to}`, r])).values()];
  const indexOf = (r: Range) => ranges.findIndex((u) => u.from === r.from && u.to === r.to);
  const sources = await Promise.all(ranges.map((r) => source(db, 'customer', r, f.scope, false, pinnedOwner(f.scope, f.q.ownerId))));
  const daySources = await Promise.all(ranges.map((r) => source(db, 'day', r, f.scope)));
  // The rows of the ranges, tagged with the range: narrow for ranking every customer, whole for the kept ones' sums
  // (read twice rather than materialized whole: 14,400 rows of 18 columns cost more to keep than to read again).
  const tagged = (columns: string) =>
    sql.join(
      sources.map((from, i) => sql`select ${sql.lit(i)} as p, ${sql.raw(columns)} from (${from}) as s (${sql.raw(COLUMNS)}) where ${whereOf(f)}`),
      sql` union all `,
    );
  const sums = (alias: string) => RAW.map((k) => `stats_sum(${alias}.${k}) as ${k}`).join(', ');
  const noSums = RAW.map((k) => `null::bigint as ${k}`).join(', ');
  const totalsOf = sql.join(
    daySources.map((from, i) => sql`select ${sql.lit(i)} as p, ${sql.raw(sums('s'))} from (${from}) as s (${sql.raw(COLUMNS)}) where ${whereOf(f)}`),
    sql` union all `,
  );
  // One statement (PGlite runs statements one after another): every part below reads the materialized rows once more at most.
  type Row = { kind: string; p: number | null; k: string | null; v: string | number | null; a: string | number | null; b: string | number | null; first_day: string | null } & Record<
    (typeof RAW)[number],
    string | number | null
  >;
  const edgeMonths = edgeMonthsOf(ranges);
  // Nobody whose first month is before the earliest range's can be new in any of them.
  const earliestMonth = monthStart(ranges.map((r) => r.from).sort()[0]!);
  const res = await sql<Row>`
    with per_customer as materialized (
      select customer_id, stats_sum(net - return_net) filter (where p = 0) as v, bool_or(p = 0) as in_period,
             bit_or((lines > 0)::int << p) as active
        from (${tagged('s.customer_id, s.lines, s.net, s.return_net')}) as t group by 1
    ), kept as materialized (
      -- Ties by id: a uuid orders as its text does (the general path's order), without a text per customer.
      select customer_id, v from per_customer where in_period order by v desc, customer_id limit ${sql.lit(top)}
    ), kept_firsts as (
      select customer_id, first_month from stats_customer_first where customer_id = any(array(select customer_id from kept))
    ), kept_fd as (${firstDayOf(edgeMonths, 'kept_firsts')}
    ), new_firsts as (
      select customer_id, first_month from stats_customer_first where first_month >= ${earliestMonth}::date
    ), new_fd as (${firstDayOf(edgeMonths, 'new_firsts')})
    select 'kept' as kind, null::int as p, kept.customer_id::text as k, v, null::bigint as a, null::bigint as b, ${sql.raw(noSums)}, kept_fd.first_day::text as first_day
      from kept left join kept_fd on kept_fd.customer_id = kept.customer_id
    union all
    select 'active', null, null, null, c.active::bigint, count(*), ${sql.raw(noSums)}, null from per_customer c group by c.active
    union all
    select 'new', null, null, null, c.active::bigint, count(*), ${sql.raw(noSums)}, n.first_day::text
      from new_fd n join per_customer c on c.customer_id = n.customer_id group by c.active, n.first_day
    union all
    select 'sums', t.p, t.customer_id::text, null, null, null, ${sql.raw(sums('t'))}, null
      from (${tagged('s.*')}) as t where t.customer_id = any(array(select customer_id from kept)) group by t.p, t.customer_id
    union all
    select 'total', y.p, null, null, null, null, ${sql.raw(RAW.map((k) => `y.${k}`).join(', '))}, null from (${totalsOf}) as y`.execute(db);
  const kept = res.rows.filter((r) => r.kind === 'kept').map((r) => ({ k: r.k!, v: Number(r.v) }));
  // The N-th by net sales, not the last row: the join with the first days does not keep the ranking's order.
  if (kept.length < top || Math.min(...kept.map((k) => k.v)) <= 0) return undefined;
  // Customers alike in the ranges they are active in (a bit per range) counted as one group: every customer
  // ("active" rows), and those whose first day is late enough to be new in one of the ranges ("new" rows).
  const groups = (kind: string) => res.rows.filter((r) => r.kind === kind).map((r) => ({ active: Number(r.a), n: Number(r.b), firstDay: r.first_day === null ? '' : String(r.first_day).slice(0, 10) }));
  const everyone = groups('active');
  const late = groups('new');
  const keyCount = everyone.reduce((sum, g) => sum + g.n, 0);
  const totals = ranges.map((r, i) => ({
    active: everyone.reduce((sum, g) => sum + ((g.active >> i) & 1 ? g.n : 0), 0),
    // Active in the range with the first day in it (on or after its start: the first day is never after a counted line).
    fresh: late.reduce((sum, g) => sum + ((g.active >> i) & 1 && g.firstDay >= r.from ? g.n : 0), 0),
  }));
  const measuresOf = (row: Row) => {
    const m = zero();
    for (const k of RAW) m[k] = Number(row[k] ?? 0);
    return m;
  };
  const measured = ranges.map(() => new Map<string | null, RawMeasures>());
  for (const row of res.rows) if (row.kind === 'sums') measured[Number(row.p)]!.set(row.k, measuresOf(row));
  const rangeTotals = ranges.map((_, i) => {
    const row = res.rows.find((r) => r.kind === 'total' && Number(r.p) === i);
    return row ? measuresOf(row) : zero();
  });
  const folded = keyCount - kept.length;
  const maps = measured.map((byKey, i) => {
    if (!folded) return byKey;
    const others = { ...rangeTotals[i]! };
    for (const m of byKey.values()) for (const k of RAW) others[k] -= m[k];
    byKey.set(OTHERS_KEY, others);
    return byKey;
  });
  // Back to the ranges as asked (a range asked twice gets its own copy: callers add into the maps).
  const handedOut = new Set<number>();
  return {
    maps: asked.map((r) => {
      const i = indexOf(r);
      if (handedOut.has(i)) return new Map([...maps[i]!].map(([k, v]) => [k, { ...v }]));
      handedOut.add(i);
      return maps[i]!;
    }),
    folded,
    totals: asked.map((r) => totals[indexOf(r)]!),
    firsts: new Map(res.rows.filter((r) => r.kind === 'kept' && r.first_day).map((r) => [r.k!, String(r.first_day).slice(0, 10)])),
  };
}
