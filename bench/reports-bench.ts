/**
 * The reports benchmark (issue 5, item 7). Generates N order lines (default 10,000,000:
 * 3 years, 5,000 customers, 50 reps in 5 teams, 8 regions, 500 products in 20 categories,
 * about 4 lines an order, 1 order in 200 with a return), then times each standard report
 * through the API (`GET /api/v1/statistics/sales`, with its previous period and same
 * period last year) — as the admin, and two of them as Team 1's manager (department
 * scope) — and, in the same run, the same figures computed by a plain GROUP BY
 * over the lines. Each engine runs in a child process of its own.
 *
 *   npm run bench:reports                              # 10,000,000 lines, both engines
 *   npm run bench:reports -- --lines 1000000 --engines postgres --runs 15
 *   BENCH_DATABASE_URL=postgres://… npm run bench:reports
 *   BENCH_KEEP=1 npm run bench:reports -- --engines postgres          (keeps the database and names it)
 *   npm run bench:reports -- --engines postgres --reuse salesdesk_reports_bench_123   (times again on a kept database, after migrating it)
 *   npm run bench:reports -- --engines pglite --reuse /tmp/salesdesk-reports-bench-XXXX       (the same with a kept PGlite data directory)
 *   npm run bench:reports -- --plain-runs 1            (the plain query once per report: minutes a run on PGlite at ten million lines)
 *   npm run bench:reports -- --warmup 0                (no warm-up rounds before the timed runs: a cold start; default 10 rounds)
 *
 * The data is written with SQL (generate_series) with triggers off and the summaries
 * rebuilt once (`rebuildSummaries`, as `salesdesk stats rebuild` does: then tidied), because loading is not what is measured here; the
 * import benchmark measures loading. Every report's API total is checked against the
 * plain query's: a fast wrong answer fails the run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { connect, type DbHandle } from '../src/server/db/connect';
import { migrate } from '../src/server/db/migrate';
import { rebuildSummaries } from '../src/server/modules/statistics/summary';
import { createDepartment } from '../src/server/modules/departments/departments.service';
import { createUser } from '../src/server/modules/users/users.service';
import { configurePasswordHashing } from '../src/server/platform/auth/passwords';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};

const FIRST_DAY = '2023-11-01';
const DAYS = 1096; // 2023-11-01 … 2026-10-31: three whole years of months
const PASSWORD = 'bench-password-long-enough';

/** Rounds of every report before any is timed (see runEngine). */
const warmupRounds = Number(arg('warmup', '10'));

/** How often the plain GROUP BY runs (its median is the baseline); `--plain-runs 1` where one run takes minutes (PGlite at ten million lines). */
const plainRuns = (runs: number) => Number(arg('plain-runs', String(Math.max(3, Math.ceil(runs / 5)))));

/** The standard reports: what the report page, the dashboard and the department report ask. */
const REPORTS: { name: string; from: string; to: string; groupBy: string; previous: [string, string]; lastYear: [string, string]; top?: number; asManager?: boolean; asRep?: boolean }[] = [
  { name: 'month, total', from: '2026-10-01', to: '2026-10-31', groupBy: 'none', previous: ['2026-09-01', '2026-09-30'], lastYear: ['2025-10-01', '2025-10-31'] },
  { name: 'quarter by rep', from: '2026-07-01', to: '2026-09-30', groupBy: 'rep', previous: ['2026-04-01', '2026-06-30'], lastYear: ['2025-07-01', '2025-09-30'] },
  { name: 'quarter by team', from: '2026-07-01', to: '2026-09-30', groupBy: 'department', previous: ['2026-04-01', '2026-06-30'], lastYear: ['2025-07-01', '2025-09-30'] },
  { name: 'quarter by region', from: '2026-07-01', to: '2026-09-30', groupBy: 'region', previous: ['2026-04-01', '2026-06-30'], lastYear: ['2025-07-01', '2025-09-30'] },
  { name: 'year by month', from: '2025-01-01', to: '2025-12-31', groupBy: 'month', previous: ['2024-01-01', '2024-12-31'], lastYear: ['2024-01-01', '2024-12-31'] },
  { name: 'year by product', from: '2025-01-01', to: '2025-12-31', groupBy: 'product', previous: ['2024-01-01', '2024-12-31'], lastYear: ['2024-01-01', '2024-12-31'], top: 100 },
  { name: 'year by category', from: '2025-01-01', to: '2025-12-31', groupBy: 'category', previous: ['2024-01-01', '2024-12-31'], lastYear: ['2024-01-01', '2024-12-31'] },
  // Products and customers as the report page asks them: the top 100 and one row for the rest (every row: "All rows" or the export).
  { name: 'quarter by customer', from: '2026-07-01', to: '2026-09-30', groupBy: 'customer', previous: ['2026-04-01', '2026-06-30'], lastYear: ['2025-07-01', '2025-09-30'], top: 100 },
  // As a leader who is not an admin sees them: Team 1's manager (department scope: the team's records and their own). Products
  // are summed per department, so a manager's product figures add their own lines filed elsewhere, read from the lines.
  { name: 'year by product, team manager', from: '2025-01-01', to: '2025-12-31', groupBy: 'product', previous: ['2024-01-01', '2024-12-31'], lastYear: ['2024-01-01', '2024-12-31'], top: 100, asManager: true },
  { name: 'quarter by customer, team manager', from: '2026-07-01', to: '2026-09-30', groupBy: 'customer', previous: ['2026-04-01', '2026-06-30'], lastYear: ['2025-07-01', '2025-09-30'], top: 100, asManager: true },
  // As a rep sees their own: the product table has no reps, so a rep's product figures come from their lines.
  { name: "year by product, a rep's own", from: '2025-01-01', to: '2025-12-31', groupBy: 'product', previous: ['2024-01-01', '2024-12-31'], lastYear: ['2024-01-01', '2024-12-31'], top: 100, asRep: true },
];

/** Team 1's manager (added to kept databases written before it existed). */
const MANAGER = 'manager1@bench.test';
/** A rep of Team 1 (own scope). */
const REP = 'rep1@bench.test';

/** The dimension each breakdown groups the plain query by. */
const PLAIN_DIMENSION: Record<string, string> = {
  none: `'all'`,
  rep: 'owner_id::text',
  department: 'department_id::text',
  region: 'region_id::text',
  month: `to_char(d, 'YYYY-MM')`,
  product: 'product_id::text',
  category: 'category_id::text',
  customer: 'customer_id::text',
};

/**
 * The same figures from the lines, as anyone would first write them: counted lines by
 * order date and confirmed returns by return date, summed per group for the period, the
 * period before and the same period last year in one scan each.
 */
function plainQuery(r: (typeof REPORTS)[number]): string {
  const dim = PLAIN_DIMENSION[r.groupBy]!;
  const lo = [r.from, r.previous[0], r.lastYear[0]].sort()[0];
  const hi = [r.to, r.previous[1], r.lastYear[1]].sort().at(-1);
  const period = (col: string) => `case when ${col} between '${r.from}' and '${r.to}' then 'c' when ${col} between '${r.previous[0]}' and '${r.previous[1]}' then 'p' else 'y' end`;
  // A period that is both "previous" and "last year" (a year compared with the year before) counts in both.
  const yearToo = r.previous[0] === r.lastYear[0];
  // The manager's records: Team 1's and their own (they own none here).
  const scope = (alias: string) =>
    r.asManager
      ? `and (${alias}.department_id = (select id from departments where code = 'T1') or ${alias}.owner_id = (select id from users where email = '${MANAGER}'))`
      : r.asRep
        ? `and ${alias}.owner_id = (select id from users where email = '${REP}')`
        : '';
  return `
    with moves as (
      select l.order_date as d, l.owner_id, l.department_id, l.region_id, l.product_id, p.category_id, l.customer_id, l.order_id,
             l.net_amount as net, 0::bigint as ret, l.cost_amount as cost
        from sales_order_lines l join sales_orders o on o.id = l.order_id join products p on p.id = l.product_id
       where o.status in ('confirmed', 'delivered', 'closed') and l.order_date between '${lo}' and '${hi}' ${scope('l')}
      union all
      select r.return_date, r.owner_id, r.department_id, r.region_id, l.product_id, p.category_id, r.customer_id, null,
             0, rl.net_amount, null
        from sales_return_lines rl join sales_returns r on r.id = rl.return_id join sales_order_lines l on l.id = rl.order_line_id join products p on p.id = l.product_id
       where r.status = 'confirmed' and r.return_date between '${lo}' and '${hi}' ${scope('r')}
    ), tagged as (
      select ${period('d')} as period, * from moves
       where d between '${r.from}' and '${r.to}' or d between '${r.previous[0]}' and '${r.previous[1]}' or d between '${r.lastYear[0]}' and '${r.lastYear[1]}'
      ${yearToo ? `union all select 'y', * from moves where d between '${r.lastYear[0]}' and '${r.lastYear[1]}'` : ''}
    )
    select period, ${dim} as k, count(distinct order_id) as orders, sum(net) - sum(ret) as net_sales, sum(cost) as cost
      from tagged group by period, k`;
}

interface Timing {
  name: string;
  apiMs: number[];
  plainMs: number[];
  rows: number;
  apiNet: number;
  plainNet: number;
}

interface EngineResult {
  engine: string;
  lines: number;
  loadSeconds: number;
  rebuildSeconds: number;
  summaryRows: Record<string, number>;
  timings: Timing[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function openEngine(engine: 'pglite' | 'postgres'): Promise<{ handle: DbHandle; cleanup: () => Promise<void> }> {
  if (engine === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const reuse = arg('reuse', '');
    const name = reuse || `salesdesk_reports_bench_${process.pid}`;
    if (!reuse) {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    const handle = await connect({ databaseUrl: url.toString(), poolSize: 4 });
    return {
      handle,
      cleanup: async () => {
        await handle.close();
        if (process.env.BENCH_KEEP === '1' || reuse) return void process.stderr.write(`kept database ${name}\n`);
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const reuse = arg('reuse', '');
  const dataDir = reuse || fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-reports-bench-'));
  const handle = await connect({ pgliteDir: path.join(dataDir, 'db'), acquireTimeoutMs: 3_600_000 });
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      if (process.env.BENCH_KEEP === '1' || reuse) return void process.stderr.write(`kept PGlite data directory ${dataDir}\n`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function addManager(handle: DbHandle): Promise<void> {
  const exists = await sql<{ n: string }>`select count(*) as n from users where email = ${MANAGER}`.execute(handle.db);
  if (Number(exists.rows[0]!.n) > 0) return;
  const team = await sql<{ id: string }>`select id from departments where code = 'T1'`.execute(handle.db);
  configurePasswordHashing(1024);
  await createUser(handle.db, { label: 'bench' }, { email: MANAGER, displayName: 'Manager 1', password: PASSWORD, roles: ['manager'], departmentId: team.rows[0]!.id, managerId: null });
}

/** People through the services (passwords, roles); the bulk rows with SQL. */
async function generate(handle: DbHandle, lines: number): Promise<void> {
  const system = { label: 'bench' };
  configurePasswordHashing(1024);
  await createUser(handle.db, system, { email: 'admin@bench.test', displayName: 'Admin', password: PASSWORD, roles: ['admin'], departmentId: null, managerId: null });
  const teams: string[] = [];
  for (let t = 0; t < 5; t++) teams.push((await createDepartment(handle.db, system, { name: `Team ${t + 1}`, code: `T${t + 1}`, parentId: null })).id);
  for (let i = 0; i < 50; i++) {
    await createUser(handle.db, system, { email: `rep${i + 1}@bench.test`, displayName: `Rep ${i + 1}`, password: PASSWORD, roles: ['rep'], departmentId: teams[i % 5]!, managerId: null });
  }
  await addManager(handle);
  const orders = Math.round(lines / 4); // 1 + (n % 7) lines each: 4 on average
  await handle.db.transaction().execute(async (trx) => {
    // Loading is not what is measured: no per-statement summary triggers, no FK checks; the summaries are rebuilt after.
    await sql`set local session_replication_role = replica`.execute(trx);
    const run = (text: string) => sql.raw(text).execute(trx);
    await run(`create temp table bench_reps on commit drop as
      select row_number() over (order by email) as n, id, department_id from users where email like 'rep%@bench.test'`);
    await run(`insert into regions (code, name) select 'R' || g, 'Region ' || g from generate_series(1, 8) g`);
    await run(`create temp table bench_regions on commit drop as select row_number() over (order by code) as n, id from regions where code like 'R%'`);
    await run(`insert into product_categories (code, name) select 'C' || g, 'Category ' || g from generate_series(1, 20) g`);
    await run(`insert into products (code, name, category_id, list_price, cost, currency)
      select 'P' || g, 'Product ' || g, (select id from product_categories where code = 'C' || (1 + g % 20)), 1000 + (g * 7919) % 99000,
             case when g % 5 = 0 then null else (1000 + (g * 7919) % 99000) * 6 / 10 end, 'CNY'
        from generate_series(1, 500) g`);
    await run(`create temp table bench_products on commit drop as select row_number() over (order by code) as n, id, list_price, cost from products`);
    await run(`insert into customers (code, name, name_key, owner_id, department_id, region_id, status)
      select 'CU' || g, 'Customer ' || g, 'customer' || g, r.id, r.department_id, rg.id, 'active'
        from generate_series(1, 5000) g join bench_reps r on r.n = 1 + g % 50 join bench_regions rg on rg.n = 1 + (g / 50) % 8`);
    await run(`create temp table bench_customers on commit drop as select row_number() over (order by code) as n, id, owner_id, department_id, region_id from customers`);
    // Orders: spread over the days, customers by a multiplicative step; 1 in 25 a draft, 1 in 50 cancelled.
    await run(`create temp table bench_orders on commit drop as
      select g, gen_random_uuid() as id, c.id as customer_id, c.owner_id, c.department_id, c.region_id,
             date '${FIRST_DAY}' + (g % ${DAYS}) as order_date,
             case when g % 50 = 0 then 'cancelled' when g % 25 = 0 then 'draft' else 'confirmed' end as status
        from generate_series(1, ${orders}) g join bench_customers c on c.n = 1 + (g::bigint * 7919) % 5000`);
    await run(`insert into sales_order_lines (order_id, line_no, product_id, quantity, unit_price, discount_rate, tax_rate, net_amount, tax_amount, gross_amount, cost_amount,
                                              order_date, customer_id, owner_id, region_id, department_id)
      select o.id, l, p.id, q, p.list_price, 0, 0.13, q * p.list_price, round(q * p.list_price * 0.13), q * p.list_price + round(q * p.list_price * 0.13), q * p.cost,
             o.order_date, o.customer_id, o.owner_id, o.region_id, o.department_id
        from bench_orders o cross join lateral generate_series(1, 1 + o.g % 7) l
        join bench_products p on p.n = 1 + (o.g * 31 + l * 17) % 500
        cross join lateral (select 1 + (o.g + l) % 9 as q) qty`);
    await run(`insert into sales_orders (id, number, customer_id, owner_id, department_id, region_id, order_date, currency, status, net_total, tax_total, gross_total)
      select o.id, 'SO-B-' || o.g, o.customer_id, o.owner_id, o.department_id, o.region_id, o.order_date, 'CNY', o.status, t.net, t.tax, t.net + t.tax
        from bench_orders o join (select order_id, sum(net_amount) as net, sum(tax_amount) as tax from sales_order_lines group by order_id) t on t.order_id = o.id`);
    // One confirmed order in 200 has its first line partly returned ten days later.
    await run(`create temp table bench_returns on commit drop as
      select o.g, gen_random_uuid() as id, o.id as order_id, o.customer_id, o.owner_id, o.department_id, o.region_id, o.order_date + 10 as return_date,
             l.id as line_id, least(l.quantity, 1) as qty, l.net_amount / l.quantity * least(l.quantity, 1) as net
        from bench_orders o join sales_order_lines l on l.order_id = o.id and l.line_no = 1
       where o.g % 200 = 7 and o.status = 'confirmed'`);
    await run(`insert into sales_returns (id, number, order_id, customer_id, owner_id, department_id, region_id, return_date, reason, status, currency, net_total, tax_total, gross_total)
      select id, 'SR-B-' || g, order_id, customer_id, owner_id, department_id, region_id, return_date, 'bench', 'confirmed', 'CNY', round(net), round(net * 0.13), round(net) + round(net * 0.13) from bench_returns`);
    await run(`insert into sales_return_lines (return_id, order_line_id, quantity, net_amount, tax_amount, gross_amount)
      select id, line_id, qty, round(net), round(net * 0.13), round(net) + round(net * 0.13) from bench_returns`);
  });
}

async function runEngine(engine: 'pglite' | 'postgres', lines: number, runs: number): Promise<EngineResult> {
  const { handle, cleanup } = await openEngine(engine);
  try {
    await migrate(handle);
    const reused = Number((await sql<{ n: string }>`select count(*) as n from users where email = 'admin@bench.test'`.execute(handle.db)).rows[0]!.n) > 0;
    const t0 = performance.now();
    if (!reused) await generate(handle, lines);
    else await addManager(handle);
    const loadSeconds = (performance.now() - t0) / 1000;
    const r0 = performance.now();
    // The app's own rebuild (`salesdesk stats rebuild`): rewrites every summary, then tidies them (VACUUM ANALYZE).
    if (!reused) await rebuildSummaries(handle);
    await sql`analyze`.execute(handle.db);
    const rebuildSeconds = (performance.now() - r0) / 1000;
    const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(handle.db)).rows[0]!.n);
    const summaryRows: Record<string, number> = {};
    for (const t of ['sales_order_lines', 'stats_sales_day', 'stats_sales_month', 'stats_sales_month_product', 'stats_sales_quarter_product', 'stats_sales_month_customer', 'stats_customer_year', 'stats_customer_first']) summaryRows[t] = await count(t);
    process.stderr.write(`${engine}: loaded ${summaryRows.sales_order_lines} lines in ${loadSeconds.toFixed(1)} s, summaries rebuilt in ${rebuildSeconds.toFixed(1)} s\n`);

    const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, { webDist: '/nonexistent' });
    const app = await buildApp({ handle, config, logger: false });
    await app.ready();
    try {
      const signIn = async (email: string) => {
        const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
        return `sd_session=${login.cookies.find((c) => c.name === 'sd_session')!.value}`;
      };
      const admin = await signIn('admin@bench.test');
      const manager = await signIn(MANAGER);
      const rep = await signIn(REP);
      const cookieOf = (report: (typeof REPORTS)[number]) => (report.asManager ? manager : report.asRep ? rep : admin);
      const timings: Timing[] = [];
      const urlOf = (report: (typeof REPORTS)[number]) =>
        `/api/v1/statistics/sales?from=${report.from}&to=${report.to}&groupBy=${report.groupBy}${report.top ? `&top=${report.top}` : ''}`;
      // A server that has been up a while: on PGlite the first few dozen requests run slower while V8
      // compiles the database's WebAssembly to optimized code (seen: 103 ms falling to 61 ms over 80
      // requests of one report). `--warmup N` rounds of every report first (0: time a cold start).
      for (let w = 0; w < warmupRounds; w++) for (const report of REPORTS) await app.inject({ method: 'GET', url: urlOf(report), headers: { cookie: cookieOf(report) } });
      // Every report through the API first, then every plain query: a plain GROUP BY reads the ten million lines
      // through the engine's cache, which a server answering reports does not do between two of them.
      const answered = [];
      for (const report of REPORTS) {
        const url = urlOf(report);
        const apiMs: number[] = [];
        let body: { rows: { current: { netSales: number } }[]; total: { current: { netSales: number } } } | undefined;
        for (let i = 0; i < runs + 1; i++) {
          const s = performance.now();
          const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieOf(report) } });
          const ms = performance.now() - s;
          if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode} ${res.body}`);
          body = res.json();
          if (i > 0) apiMs.push(ms); // the first run warms the caches and plans
        }
        answered.push({ report, apiMs, body: body! });
        process.stderr.write(`${engine}: ${report.name}: API ${median(apiMs).toFixed(1)} ms\n`);
      }
      for (const { report, apiMs, body } of answered) {
        const plainMs: number[] = [];
        let plainNet = 0;
        for (let i = 0; i < plainRuns(runs); i++) {
          const s = performance.now();
          // The plain query runs with PostgreSQL's own JIT and parallel settings (JIT on, parallel_setup_cost 1,000: both help a
          // scan of millions of lines); the app's sessions turn JIT off and keep parallel workers for big scans (connect.ts).
          const res = await handle.db.transaction().execute(async (trx) => {
            if (handle.engine === 'postgres') {
              await sql`set local jit = on`.execute(trx);
              await sql`select set_config('parallel_setup_cost', boot_val, true) from pg_settings where name = 'parallel_setup_cost'`.execute(trx);
            }
            return sql<{ period: string; net_sales: string | number | null }>`${sql.raw(plainQuery(report))}`.execute(trx);
          });
          plainMs.push(performance.now() - s);
          plainNet = res.rows.filter((r) => r.period === 'c').reduce((sum, r) => sum + Number(r.net_sales ?? 0), 0);
        }
        const apiNet = body.total.current.netSales;
        if (apiNet !== plainNet) throw new Error(`${report.name}: the API says ${apiNet}, the lines say ${plainNet}`);
        timings.push({ name: report.name, apiMs, plainMs, rows: body.rows.length, apiNet, plainNet });
        process.stderr.write(`${engine}: ${report.name}: plain ${median(plainMs).toFixed(0)} ms\n`);
      }
      return { engine, lines: summaryRows.sales_order_lines!, loadSeconds, rebuildSeconds, summaryRows, timings };
    } finally {
      await app.close();
    }
  } finally {
    await cleanup();
  }
}

async function main() {
  const lines = Number(arg('lines', '10000000'));
  const runs = Number(arg('runs', '25'));
  const child = arg('child', '');
  if (child) {
    const result = await runEngine(child as 'pglite' | 'postgres', lines, runs);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results: EngineResult[] = [];
  for (const engine of arg('engines', 'pglite,postgres').split(',')) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, '--lines', String(lines), '--runs', String(runs), ...(arg('reuse', '') ? ['--reuse', arg('reuse', '')] : []), '--plain-runs', String(plainRuns(runs))], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) {
      console.error(`${engine}: failed (exit ${r.status})\n${r.stdout}`);
      process.exitCode = 1;
      continue;
    }
    const res = JSON.parse(line.slice(7)) as EngineResult;
    results.push(res);
    console.log(`\n${engine}: ${res.lines.toLocaleString('en')} lines (load ${res.loadSeconds.toFixed(0)} s, summaries rebuilt ${res.rebuildSeconds.toFixed(0)} s); summary rows ${JSON.stringify(res.summaryRows)}`);
    console.log('| report | rows | API median ms | API p90 ms | plain GROUP BY median ms | plain ÷ API |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const t of res.timings) {
      const p90 = [...t.apiMs].sort((a, b) => a - b)[Math.floor(t.apiMs.length * 0.9)]!;
      console.log(`| ${t.name} | ${t.rows} | ${median(t.apiMs).toFixed(1)} | ${p90.toFixed(1)} | ${median(t.plainMs).toFixed(0)} | ${(median(t.plainMs) / median(t.apiMs)).toFixed(0)}× |`);
    }
  }
  fs.mkdirSync(path.join(here, 'data'), { recursive: true });
  fs.writeFileSync(path.join(here, 'data', `reports-${lines}.json`), JSON.stringify({ at: new Date().toISOString(), lines, loadavg: os.loadavg(), results }, null, 2));
}

await main();
