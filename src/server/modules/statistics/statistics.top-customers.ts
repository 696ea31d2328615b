import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { Range } from './periods';
import { edgeMonthsOf, firstDayOf, type CustomerCounts } from './statistics.customers';
import { COLUMNS, RAW, source, whereOf, zero, type Filters, type RawMeasures } from './statistics.service';
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
 * 1. the customer rows of the ranges with three aggregates per customer
 *    and range (lines, net sales): the top N of the period, how many customers there are,
 *    and the distinct active and new customers of each range (one customer per key: active
 *    where it has counted lines);
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
  const sources = await Promise.all(ranges.map((r) => source(db, 'customer', r, f.scope)));
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
  const rangeRows = sql.join(ranges.map((r, i) => sql`(${sql.lit(i)}, ${r.from}::date)`));
  // One statement (PGlite runs statements one after another): every part below reads the materialized rows once more at most.
  type Row = { kind: string; p: number | null; k: string | null; v: string | number | null; a: string | number | null; b: string | number | null; first_day: string | null } & Record<
    (typeof RAW)[number],
    string | number | null
  >;
  const res = await sql<Row>`
    with per_key as materialized (
      select p, customer_id, stats_sum(lines) as lines, stats_sum(net) - stats_sum(return_net) as v
        from (${tagged('s.customer_id, s.lines, s.net, s.return_net')}) as t group by 1, 2
    ), kept as materialized (
      select customer_id, v from per_key where p = 0 order by v desc, customer_id::text limit ${sql.lit(top)}
    ), customers as materialized (
      select customer_id from per_key group by 1
    ), firsts as materialized (
      select f.customer_id, f.first_month from stats_customer_first f join customers as c on c.customer_id = f.customer_id
    ), fd as materialized (${firstDayOf(edgeMonthsOf(ranges))}
    ), r (p, from_day) as (values ${rangeRows})
    select 'kept' as kind, null::int as p, kept.customer_id::text as k, v, null::bigint as a, null::bigint as b, ${sql.raw(noSums)}, fd.first_day::text as first_day
      from kept left join fd on fd.customer_id = kept.customer_id
    union all
    select 'range', x.p, null, null, count(*) filter (where x.lines > 0), count(*) filter (where x.lines > 0 and fd.first_day >= r.from_day), ${sql.raw(noSums)}, null
      from per_key x join r on r.p = x.p left join fd on fd.customer_id = x.customer_id where x.lines > 0 group by x.p
    union all
    select 'keys', null, null, null, count(*), null, ${sql.raw(noSums)}, null from customers
    union all
    select 'sums', t.p, t.customer_id::text, null, null, null, ${sql.raw(sums('t'))}, null
      from (${tagged('s.*')}) as t where t.customer_id = any(array(select customer_id from kept)) group by t.p, t.customer_id
    union all
    select 'total', y.p, null, null, null, null, ${sql.raw(RAW.map((k) => `y.${k}`).join(', '))}, null from (${totalsOf}) as y`.execute(db);
  const kept = res.rows.filter((r) => r.kind === 'kept').map((r) => ({ k: r.k!, v: Number(r.v) }));
  if (kept.length < top || kept[kept.length - 1]!.v <= 0) return undefined;
  const keyCount = Number(res.rows.find((r) => r.kind === 'keys')?.a ?? 0);
  const totals = ranges.map((_, i) => {
    const row = res.rows.find((r) => r.kind === 'range' && Number(r.p) === i);
    return { active: Number(row?.a ?? 0), fresh: Number(row?.b ?? 0) };
  });
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
