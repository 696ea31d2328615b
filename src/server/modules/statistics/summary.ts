/**
 * The sales summary tables (migration 0011, docs/statistics.md): kept exact by statement
 * triggers in the same transaction as the rows they sum. These two functions are the
 * safety net the issue asks for: `verify` recomputes every summary from the base rows
 * inside a transaction it rolls back and reports each difference; `rebuild` rewrites
 * them (after a restore from an older backup, or if verify ever finds a drift).
 */
import type { DbHandle, RawSql } from '../../db/connect';
import { defineQueue, defineSchedule } from '../../platform/jobs/jobs.registry';
import { SUMMARY_TIDY_QUEUE } from './statistics.schema';

export const SUMMARY_TABLES = {
  stats_sales_day: ['day', 'owner_id', 'department_id', 'region_id'],
  stats_sales_month: ['month', 'owner_id', 'department_id', 'region_id'],
  stats_sales_month_product: ['month', 'product_id', 'department_id'],
  // Kept from the monthly product table by its own triggers (migration 0023): a rebuild of that table rebuilds it.
  stats_sales_quarter_product: ['quarter', 'product_id', 'department_id'],
  stats_sales_month_customer: ['month', 'customer_id', 'owner_id', 'department_id', 'region_id'],
  // Kept from the monthly customer table by the same triggers as the two below (migrations 0024, 0025).
  stats_sales_quarter_customer: ['quarter', 'customer_id', 'owner_id', 'department_id', 'region_id'],
  // Kept from the monthly customer table by its own triggers (migration 0024): months active per year, first month per customer.
  stats_customer_year: ['year', 'customer_id', 'owner_id', 'department_id', 'region_id'],
  stats_customer_first: ['customer_id'],
} as const;

export interface SummaryDifference {
  table: keyof typeof SUMMARY_TABLES;
  /** The row as stored ("stored") or as recomputed from the base rows ("expected"). */
  side: 'stored' | 'expected';
  row: Record<string, unknown>;
}

/** Rows whose measures are all zero change no figure (a delete can leave them): both sides ignore them. */
async function nonZeroRows(raw: RawSql, table: string, from: string): Promise<string> {
  const cols = await raw.query<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns where table_name = $1 and table_schema = current_schema() order by ordinal_position`,
    [table],
  );
  const keys = new Set<string>(SUMMARY_TABLES[table as keyof typeof SUMMARY_TABLES]);
  const measures = cols.rows.map((c) => c.column_name).filter((c) => !keys.has(c));
  // A date (a customer's first month) is a measure too: present or not.
  const numeric = new Set(cols.rows.filter((c) => /int|numeric/.test(c.data_type)).map((c) => c.column_name));
  return `select * from ${from} where ${measures.map((m) => (numeric.has(m) ? `${m} <> 0` : `${m} is not null`)).join(' or ')}`;
}

/**
 * Order lines whose copy of their order's header (date, customer, owner, region,
 * department: `syncLineHeaders`) differs from the order. The summaries sum the lines by
 * the lines' own copy and a rep's figures join a line to its order by owner as well
 * (statistics.service.ts, baseRows): a line that disagrees would be counted under the
 * wrong rep or day, or not at all. Rebuilding the summaries does not mend it.
 */
async function linesOffTheirOrders(raw: RawSql, limit: number): Promise<Record<string, unknown>[]> {
  const r = await raw.query<Record<string, unknown>>(
    `select l.id::text as line_id, l.order_id::text as order_id from sales_order_lines l join sales_orders o on o.id = l.order_id
      where (l.order_date, l.customer_id, l.owner_id, l.region_id, l.department_id) is distinct from (o.order_date, o.customer_id, o.owner_id, o.region_id, o.department_id)
      limit ${Number(limit)}`,
  );
  return r.rows;
}

export async function verifySummaries(
  handle: DbHandle,
  limit = 50,
): Promise<{ ok: boolean; differences: SummaryDifference[]; checked: Record<string, number>; linesOffTheirOrders: Record<string, unknown>[] }> {
  return handle.withRaw(async (raw) => {
    const differences: SummaryDifference[] = [];
    const checked: Record<string, number> = {};
    const offLines = await linesOffTheirOrders(raw, limit);
    await raw.query('begin');
    try {
      for (const table of Object.keys(SUMMARY_TABLES)) {
        await raw.query(`create temp table stored_${table} on commit drop as ${await nonZeroRows(raw, table, table)}`);
      }
      await raw.query('select stats_rebuild()');
      for (const table of Object.keys(SUMMARY_TABLES) as (keyof typeof SUMMARY_TABLES)[]) {
        const expected = await nonZeroRows(raw, table, table);
        const stored = `select * from stored_${table}`;
        const extra = await raw.query<Record<string, unknown>>(`${stored} except all (${expected}) limit ${limit}`);
        const missing = await raw.query<Record<string, unknown>>(`(${expected}) except all ${stored} limit ${limit}`);
        for (const row of extra.rows) differences.push({ table, side: 'stored', row });
        for (const row of missing.rows) differences.push({ table, side: 'expected', row });
        checked[table] = Number((await raw.query<{ n: number }>(`select count(*)::int as n from stored_${table}`)).rows[0].n);
      }
    } finally {
      await raw.query('rollback');
    }
    return { ok: differences.length === 0 && offLines.length === 0, differences, checked, linesOffTheirOrders: offLines };
  });
}

/**
 * VACUUM (ANALYZE) of the summary tables: a rebuild deletes and writes every row again and an
 * import rewrites thousands, which leaves dead row versions that every report then reads past,
 * and planner statistics of the old contents. PostgreSQL's autovacuum tidies them in time;
 * PGlite has no autovacuum, so the app does it (measured on ten million lines: quarter by
 * customer on a freshly rebuilt PGlite database took 87 ms, 61–74 ms once tidied;
 * docs/benchmarks.md). Outside any transaction (VACUUM cannot run in one).
 */
export async function tidySummaries(handle: DbHandle): Promise<void> {
  await handle.withRaw((raw) => raw.exec(`vacuum (analyze) ${Object.keys(SUMMARY_TABLES).join(', ')}`));
}


/** On PGlite only: PostgreSQL's autovacuum already does it there, with every instance's changes in view. */
export async function tidySummariesIfEmbedded(handle: DbHandle): Promise<boolean> {
  if (handle.engine !== 'pglite') return false;
  await tidySummaries(handle);
  return true;
}

export async function rebuildSummaries(handle: DbHandle): Promise<Record<string, number>> {
  const counts = await rewriteSummaries(handle);
  // Every row was deleted and written again: tidy at once on both engines rather than leave the first reports to read past them.
  await tidySummaries(handle);
  return counts;
}

async function rewriteSummaries(handle: DbHandle): Promise<Record<string, number>> {
  return handle.withRaw(async (raw) => {
    const counts: Record<string, number> = {};
    await raw.query('begin');
    try {
      // One rebuild at a time across every app instance sharing the database.
      await raw.query(`lock table ${Object.keys(SUMMARY_TABLES).join(', ')} in exclusive mode`);
      await raw.query('select stats_rebuild()');
      for (const table of Object.keys(SUMMARY_TABLES)) counts[table] = Number((await raw.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0].n);
      await raw.query('commit');
    } catch (err) {
      await raw.query('rollback');
      throw err;
    }
    return counts;
  });
}

/** The tidy job: nightly, and queued by each import of orders (imports.service) on PGlite. */
export function registerSummaryJobs(): void {
  defineQueue({ queue: SUMMARY_TIDY_QUEUE, maxAttempts: 2, handler: async (ctx) => void (await tidySummariesIfEmbedded(ctx.handle)) });
  defineSchedule({ name: 'stats-tidy', cron: '40 2 * * *', queue: SUMMARY_TIDY_QUEUE });
}
