import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database';
import { addDays, monthEnd, monthStart, type Range } from './periods';
import { whereOf, type Filters } from './statistics.service';

/**
 * Active and new customers (docs/statistics.md), the one definition the sales report,
 * its exports and the reps' statements share:
 *
 * - a customer is **active** in a period when at least one of their order lines is counted
 *   there (order confirmed, delivered or closed; the line's own date, rep, department,
 *   region and product decide which row of a breakdown it belongs to). Returns neither
 *   make nor unmake a customer active;
 * - an active customer is **new** when their first counted line ever — anyone's, any
 *   product: new to the company, whatever the breakdown or filters — falls in the period.
 *
 * These are counts of distinct customers, not sums: a customer who bought in two regions
 * is one customer in each region's row and one in the total, so rows need not add up to
 * the total (nor months to their quarter).
 *
 * How it is read fast: whole months come from stats_sales_month_customer (month ×
 * customer × rep × department × region, rows with lines > 0), the days of a partly
 * covered first or last month from the lines (their order_date index). Every needed month
 * and edge piece is a "slot" read once; each (key, customer) gets a bit mask of its
 * slots, and a period's count is the number of masks that meet the period's slots. A
 * customer's first sale is the first month with lines in the same table (an index probe
 * per customer), made exact to the day from the lines only when it falls in the month a
 * period starts in the middle of.
 */
type Db = Kysely<Database>;

export interface CustomerCounts {
  active: number;
  fresh: number;
}

const COUNTED = sql.raw(`('confirmed', 'delivered', 'closed')`);

/** The counted lines of a day range, one row per line, in the columns the filters use. */
const linePiece = (mask: RawBuilder<unknown>, r: Range) => sql`
  select ${mask} as mask, l.owner_id, l.department_id, l.region_id, l.product_id, l.customer_id
    from sales_order_lines l join sales_orders o on o.id = l.order_id
   where o.status in ${COUNTED} and l.order_date between ${r.from} and ${r.to}`;

interface Slots {
  months: string[];
  pieces: Range[];
  /** Per asked range, the slot numbers it covers (months first, then pieces). */
  of: number[][];
}

/** Splits the ranges into whole months and day pieces (with `linesOnly`, every whole month is a day piece of the lines too). */
function slotsOf(ranges: Range[], linesOnly: boolean): Slots {
  const months: string[] = [];
  const pieces: Range[] = [];
  const monthIdx = new Map<string, number>();
  const pieceIdx = new Map<string, number>();
  const out: (string | Range)[][] = [];
  for (const r of ranges) {
    const mine: (string | Range)[] = [];
    const firstFull = r.from === monthStart(r.from) ? r.from : addDays(monthEnd(r.from), 1);
    const lastFull = r.to === monthEnd(r.to) ? monthStart(r.to) : monthStart(addDays(monthStart(r.to), -1));
    if (firstFull > lastFull) mine.push(r);
    else {
      if (r.from < firstFull) mine.push({ from: r.from, to: addDays(firstFull, -1) });
      // From the lines, whole months are pieces too: overlapping ranges (buckets and their comparisons) read each month once.
      for (let m = firstFull; m <= lastFull; m = addDays(monthEnd(m), 1)) mine.push(linesOnly ? { from: m, to: monthEnd(m) } : m);
      const afterLast = addDays(monthEnd(lastFull), 1);
      if (afterLast <= r.to) mine.push({ from: afterLast, to: r.to });
    }
    out.push(mine);
  }
  // Whole months are one unbroken run from the first asked to the last (a year row of the
  // activity table lands on it with one shift); months no range asks for are bits no range's mask has.
  const asked = out.flat().filter((x): x is string => typeof x === 'string').sort();
  if (asked.length)
    for (let m = asked[0]!; m <= asked[asked.length - 1]!; m = addDays(monthEnd(m), 1)) monthIdx.set(m, months.push(m) - 1);
  // Pieces are numbered after the months, so that every slot number is known before the masks are built.
  for (const mine of out)
    for (const x of mine)
      if (typeof x === 'object') {
        const key = `${x.from}|${x.to}`;
        if (!pieceIdx.has(key)) pieceIdx.set(key, pieces.push(x) - 1);
      }
  return {
    months,
    pieces,
    of: out.map((mine) => mine.map((x) => (typeof x === 'string' ? monthIdx.get(x)! : months.length + pieceIdx.get(`${x.from}|${x.to}`)!))),
  };
}

/** The months in which a range starts in the middle: a customer whose first month is one of them needs their first day. */
export const edgeMonthsOf = (ranges: Range[]) => [...new Set(ranges.filter((r) => r.from !== monthStart(r.from)).map((r) => monthStart(r.from)))];

/**
 * `select customer_id, first_day from <relation>` for a relation `(customer_id, first_month)`
 * (default `firsts`): the first month (stats_customer_first), made exact to the day from the
 * lines only when it is one of `edgeMonths` — with none, the first month is the answer and no
 * row needs a look at the lines (PGlite evaluates the test per row).
 */
export const firstDayOf = (edgeMonths: string[], relation = 'firsts') => {
  const rel = sql.raw(relation);
  if (!edgeMonths.length) return sql`select customer_id, first_month as first_day from ${rel}`;
  return sql`
      select customer_id,
             case when first_month = any(${sql.val(edgeMonths)}::date[]) then coalesce((
               select min(l.order_date) from sales_orders o join sales_order_lines l on l.order_id = o.id
                where o.customer_id = ${rel}.customer_id and o.order_date between first_month and (first_month + interval '1 month' - interval '1 day')::date
                  and o.status in ${COUNTED} and l.customer_id = ${rel}.customer_id
                  and l.order_date between first_month and (first_month + interval '1 month' - interval '1 day')::date), first_month)
             else first_month end as first_day
        from ${rel}`;
};

/** Each customer's first counted day, as exact as `ranges` need it (exact where one of them starts in that month). */
export async function firstDays(db: Db, customerIds: string[], ranges: Range[]): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows = await sql<{ customer_id: string; first_day: string }>`
    with firsts as (select customer_id, first_month from stats_customer_first where customer_id = any(${sql.val(customerIds)}::uuid[]))
    select customer_id::text, first_day::text from (${firstDayOf(edgeMonthsOf(ranges))}) as f`.execute(db);
  return new Map(rows.rows.map((r) => [r.customer_id, String(r.first_day).slice(0, 10)]));
}

/**
 * Active and new customers per key for several ranges in one statement. `keyExpr` is a
 * key expression over the source row (alias s, as in the report); `linesOnly` reads the
 * lines for the whole of every range, month by month (a product or category filter: the
 * monthly customer table has no product). Returns, per range, the counts per key and over all keys.
 */
export async function customerCounts(
  db: Db,
  asked: Range[],
  keyExpr: string,
  f: Filters,
  opts: { linesOnly: boolean; keyOfCustomer?: string },
): Promise<{ byKey: Map<string | null, CustomerCounts>; total: CustomerCounts }[]> {
  // A year compared with the year before, buckets beside their neighbours: each distinct range is counted once.
  const ranges = [...new Map(asked.map((r) => [`${r.from}|${r.to}`, r])).values()];
  const empty = () => ranges.map(() => ({ byKey: new Map<string | null, CustomerCounts>(), total: { active: 0, fresh: 0 } }));
  if (!ranges.length) return [];
  const slots = slotsOf(ranges, opts.linesOnly);
  const width = slots.months.length + slots.pieces.length;
  // Up to 62 slots (every standard report) a mask is a bigint, whose operations cost far less than a bit string's; wider questions use bit(n).
  const narrow = width <= 62;
  const zeroBits = '0'.repeat(width);
  const bits = sql.raw(`bit(${width})`);
  const zeroMask = narrow ? sql`0::bigint` : sql`${zeroBits}::${bits}`;
  const slotMask = (slot: RawBuilder<unknown>) => (narrow ? sql`(1::bigint << ${slot})` : sql`set_bit(${zeroBits}::${bits}, ${slot}, 1)`);
  const parts: RawBuilder<unknown>[] = [];
  if (slots.months.length && narrow) {
    // One row a year: its 12-month mask shifted onto the month slots (slot 0 = the first month asked), months outside cut off.
    const first = slots.months[0]!;
    const firstYear = Number(first.slice(0, 4));
    const lastYear = Number(slots.months[slots.months.length - 1]!.slice(0, 4));
    const shift = sql`(12 * (y.year - ${sql.lit(firstYear)}) - ${sql.lit(Number(first.slice(5, 7)) - 1)})`;
    const span = sql.lit(((1n << BigInt(slots.months.length)) - 1n).toString());
    parts.push(sql`select y.mask, y.owner_id, y.department_id, y.region_id, null::uuid as product_id, y.customer_id from (
        select (case when ${shift} >= 0 then y.months::bigint << ${shift} else y.months::bigint >> -${shift} end) & ${span}::bigint as mask,
               y.owner_id, y.department_id, y.region_id, y.customer_id
          from stats_customer_year y where y.year between ${sql.lit(firstYear)} and ${sql.lit(lastYear)} and y.months <> 0) as y
       where y.mask <> 0`);
  } else if (slots.months.length) {
    parts.push(sql`select ${slotMask(sql`(array_position(${sql.val(slots.months)}::date[], m.month) - 1)::int`)} as mask, m.owner_id, m.department_id, m.region_id, null::uuid as product_id, m.customer_id
      from stats_sales_month_customer m where m.month = any(${sql.val(slots.months)}::date[]) and m.lines > 0`);
  }
  slots.pieces.forEach((p, i) => parts.push(linePiece(slotMask(sql.lit(slots.months.length + i)), p)));
  // A period's start in the middle of a month: a customer whose first month is that one needs their first day.
  const edgeMonths = edgeMonthsOf(ranges);
  const masks = ranges.map((_, i) => {
    if (narrow) return sql`${slots.of[i]!.reduce((m, s) => m | (1n << BigInt(s)), 0n).toString()}::bigint`;
    const chars = zeroBits.split('');
    for (const s of slots.of[i]!) chars[s] = '1';
    return sql`${chars.join('')}::${bits}`;
  });
  const rangeRows = sql.join(ranges.map((r, i) => sql`(${sql.lit(i)}, ${masks[i]}, ${r.from}::date)`));
  // The key of a customer attribute (segment) is looked up once per customer, after the masks are built.
  const innerKey = opts.keyOfCustomer ? `'-'` : keyExpr;
  const oneKey = opts.keyOfCustomer ? undefined : /^'([^']*)'$/.exec(keyExpr)?.[1];
  const outerKey = opts.keyOfCustomer ?? 'g0.k';
  // Nobody whose first month is before the earliest range's can be new in any of them: only the
  // customers who started since are looked up (a handful), not every customer counted.
  const earliestMonth = monthStart(ranges.map((r) => r.from).sort()[0]!);
  // Groups of alike customers meeting the ranges: "a" groups count the active ones, "n" groups (with a first day) the new ones.
  const meet = (groups: RawBuilder<unknown>, keyed: boolean) => sql`
    select r.p, ${sql.raw(keyed ? 'x.k' : 'null')} as k, ${sql.lit(keyed ? 0 : 1)} as is_total, coalesce(sum(x.n) filter (where x.kind = 'a'), 0)::int as active,
           coalesce(sum(x.n) filter (where x.kind = 'n' and x.first_day >= r.from_day), 0)::int as fresh
      from (${groups}) as x join r on (x.mask & r.mask) <> ${zeroMask}
     group by r.p${sql.raw(keyed ? ', x.k' : '')}`;
  const rows = await sql<{ p: number; k: string | null; is_total: number; active: number; fresh: number }>`
    with g0 as materialized (
      select ${sql.raw(innerKey)} as k, s.customer_id, bit_or(s.mask) as mask
        from (${sql.join(parts, sql` union all `)}) as s (mask, owner_id, department_id, region_id, product_id, customer_id)
       where ${whereOf(f)}
       group by 1, 2
    ), g as ${sql.raw(opts.keyOfCustomer ? 'materialized' : 'not materialized')} (select ${sql.raw(outerKey)} as k, g0.customer_id, g0.mask from g0),
    -- One key: g0 is already one row per customer.
    per_customer as ${sql.raw(oneKey ? 'not materialized (select g.customer_id, g.mask from g)' : 'materialized (select g.customer_id, bit_or(g.mask) as mask from g group by g.customer_id)')},
    new_firsts as (select customer_id, first_month from stats_customer_first where first_month >= ${earliestMonth}::date),
    new_days as materialized (${firstDayOf(edgeMonths, 'new_firsts')}),
    r (p, mask, from_day) as (values ${rangeRows})
    -- Customers with the same key and mask (and first day, for the new ones) count alike: each such group meets the
    -- ranges once (most customers buy every month, so a few hundred groups stand for thousands).
    -- (key, customer) is unique in g: plain counts per key; the totals over each customer's masks together (distinct customers).
    ${
      oneKey
        ? sql``
        : sql`${meet(
            sql`select 'a' as kind, g.k, g.mask, null::date as first_day, count(*)::int as n from g group by 2, 3
                union all
                select 'n', g.k, g.mask, d.first_day, count(*)::int from new_days d join g on g.customer_id = d.customer_id group by 2, 3, 4`,
            true,
          )}
    union all`
    }
    ${meet(
      sql`select 'a' as kind, c.mask, null::date as first_day, count(*)::int as n from per_customer c group by 2
          union all
          select 'n', c.mask, d.first_day, count(*)::int from new_days d join per_customer c on c.customer_id = d.customer_id group by 2, 3`,
      false,
    )}`.execute(db);
  const out = empty();
  for (const row of rows.rows) {
    const counts = { active: Number(row.active), fresh: Number(row.fresh) };
    const target = out[Number(row.p)]!;
    if (Number(row.is_total) === 1) target.total = counts;
    else target.byKey.set(row.k === null ? null : String(row.k), counts);
  }
  // One key for every row (no breakdown, time buckets): its counts are the totals.
  if (oneKey) for (const target of out) target.byKey.set(oneKey, target.total);
  return asked.map((r) => out[ranges.findIndex((u) => u.from === r.from && u.to === r.to)]!);
}
