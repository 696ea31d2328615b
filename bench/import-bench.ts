/**
 * The import benchmark (issue 4, item 11): imports N flat order lines end to end —
 * parse, validate, map, write (customers, products, regions, orders, lines) — on
 * PGlite and on PostgreSQL, and in the same run times the engine's raw COPY of the
 * same CSV into a plain table as the baseline. Each engine runs in a child process
 * of its own, so that its peak RSS is its own.
 *
 *   npm run bench:import                      # 1,000,000 lines, both engines
 *   npm run bench:import -- --lines 200000 --engines pglite
 *   BENCH_KEEP=1 npm run bench:import -- --engines postgres   (keeps the PostgreSQL database, for looking into plans)
 *   BENCH_DATABASE_URL=postgres://… npm run bench:import   (default: TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
 *   npm run bench:import -- --floor off        (skips the floor: the imported lines written again into fresh tables, see FLOORS)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect, type DbHandle } from '../src/server/db/connect';
import { migrate } from '../src/server/db/migrate';
import { importFromPath } from '../src/server/modules/imports/imports.service';
import { suggestMapping } from '../src/server/modules/imports/imports.schema';
import { createUser } from '../src/server/modules/users/users.service';
import { configurePasswordHashing } from '../src/server/platform/auth/passwords';
import { BENCH_HEADERS, repEmail, writeOrderLines } from './generate-order-lines';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};

interface EngineResult {
  engine: string;
  lines: number;
  copySeconds: number;
  importSeconds: number;
  /** CPU seconds (this process + the PostgreSQL backends of the bench database, when local): a shared machine's load moves them far less than wall time. */
  copyCpuSeconds: number | null;
  importCpuSeconds: number | null;
  peakRssMb: number;
  created: Record<string, number>;
  /** The write alone (see FLOORS): seconds to insert the imported lines, already resolved, into fresh tables shaped like sales_order_lines. */
  floors?: { name: string; seconds: number; cpuSeconds: number | null }[];
}

/**
 * The floor under any importer that keeps the order lines' integrity: the lines this run
 * imported, already parsed, checked and resolved, inserted with one `INSERT … SELECT`
 * into a fresh, empty table shaped like sales_order_lines — plain (its identity column only), then with its keys,
 * checks and indexes (`like … including all`), then with its two foreign keys as well.
 * Fresh and empty, so cheaper than the real table (ten million rows, summary triggers):
 * if the last one is slower than 40 % of the raw COPY rate, no import that writes the
 * real table row by row can reach the goal on this engine (docs/benchmarks.md).
 */
type Raw = Parameters<Parameters<DbHandle['withRaw']>[0]>[0];

/**
 * The partition-style build (session 8): what writing each batch into a bare table of its
 * own would cost at best — the rows into a plain table, then sales_order_lines' keys,
 * checks and indexes built in bulk (a sort per index instead of a tree insert per row)
 * and its foreign keys added with one set-based validation each, as `ALTER TABLE …
 * ATTACH PARTITION` would. Read from the catalog, so it follows the real table.
 */
async function buildLikeSalesOrderLines(raw: Raw): Promise<void> {
  const constraints = await raw.query<{ def: string; contype: string }>(
    `select pg_get_constraintdef(oid) as def, contype from pg_constraint where conrelid = 'sales_order_lines'::regclass`,
  );
  const indexes = await raw.query<{ def: string }>(
    `select pg_get_indexdef(i.indexrelid) as def from pg_index i
      where i.indrelid = 'sales_order_lines'::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  // Keys and checks first, then the plain indexes, then the foreign keys.
  for (const c of constraints.rows.filter((r) => r.contype !== 'f')) await raw.exec(`alter table bench_floor add ${c.def}`);
  for (const i of indexes.rows) await raw.exec(i.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, (_m, u) => `CREATE ${u ?? ''}INDEX ON bench_floor`));
  for (const c of constraints.rows.filter((r) => r.contype === 'f')) await raw.exec(`alter table bench_floor add ${c.def}`);
}

const FLOORS: { name: string; ddl: string; build?: (raw: Raw) => Promise<void> }[] = [
  { name: 'plain table', ddl: 'create table bench_floor (like sales_order_lines including identity)' },
  { name: 'keys, checks, indexes', ddl: 'create table bench_floor (like sales_order_lines including all)' },
  {
    name: 'keys, checks, indexes, foreign keys',
    ddl: `create table bench_floor (like sales_order_lines including all);
          alter table bench_floor add foreign key (order_id) references sales_orders (id) deferrable initially immediate,
                                  add foreign key (product_id) references products (id) deferrable initially immediate`,
  },  {
    name: 'plain table, then keys, checks, indexes and foreign keys built in bulk (partition-style)',
    ddl: 'create table bench_floor (like sales_order_lines including identity including defaults)',
    build: buildLikeSalesOrderLines,
  },
];
const FLOOR_COLUMNS = `order_id, line_no, product_id, quantity, unit_price, discount_rate, tax_rate, net_amount, tax_amount, gross_amount,
  cost_amount, order_date, customer_id, owner_id, region_id, department_id, external_line_id`;

const BASELINE_TABLE = `create table bench_raw_copy (
  order_no text, line int, date date, customer_id text, customer_name text, product_code text, product_name text,
  unit text, region text, rep text, qty numeric(18,4), unit_price numeric(18,2), discount text, amount numeric(18,2))`;

/** The CPU seconds (user + system) of a process from /proc, or null when it is gone. */
function procCpu(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks of 10 ms
  } catch {
    return null;
  }
}

/**
 * Measures the CPU seconds spent between start and stop by this process and, for a
 * PostgreSQL server on this machine, by every backend of the bench database (found by
 * their process titles in /proc, sampled every 200 ms, so that a pooled connection closed
 * meanwhile still counts up to its last sample). Null for the server part when no
 * backend is visible (a server elsewhere).
 */
function cpuMeter(database: string | null): { stop: () => number | null } {
  const own = process.cpuUsage();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = () => {
    if (!database) return;
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let cmd: string;
      try {
        cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.startsWith('postgres: ') || !cmd.includes(` ${database} `)) continue;
      const pid = Number(name);
      const cpu = procCpu(pid);
      if (cpu === null) continue;
      // A backend seen at the start counts from there; one that appears later, from its birth.
      if (!first.has(pid)) first.set(pid, started ? 0 : cpu);
      last.set(pid, cpu);
    }
  };
  let started = false;
  sample();
  started = true;
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const u = process.cpuUsage(own);
      let server = 0;
      for (const [pid, cpu] of last) server += cpu - (first.get(pid) ?? 0);
      if (database && last.size === 0) return null;
      return (u.user + u.system) / 1e6 + server;
    },
  };
}

async function runEngine(engine: 'pglite' | 'postgres', file: string, lines: number): Promise<EngineResult> {
  let handle: DbHandle;
  let drop = async () => {};
  let dataDir: string | undefined;
  let dbName: string | null = null;
  if (engine === 'postgres') {
    const base = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `salesdesk_bench_${process.pid}`;
    dbName = name;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    handle = await connect({ databaseUrl: url.toString(), poolSize: 4 });
    drop = async () => {
      if (process.env.BENCH_KEEP === '1') return void process.stderr.write(`kept database ${name}\n`);
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesdesk-bench-'));
    handle = await connect({ pgliteDir: path.join(dataDir, 'db'), acquireTimeoutMs: 600_000 });
  }
  try {
    await migrate(handle);
    configurePasswordHashing(1024);
    for (let i = 0; i < 50; i++) await createUser(handle.db, { label: 'bench' }, { email: repEmail(i), displayName: `Rep ${i + 1}`, password: 'bench-password-long-enough', roles: ['rep'], departmentId: null, managerId: null });

    // Baseline: the engine's own COPY of the same CSV into a plain typed table (no indexes, no checks).
    // Held only for the baseline: the import reads the file from disk, and its peak RSS should not include this copy.
    let data: Buffer | undefined = fs.readFileSync(file);
    await handle.withRaw((raw) => raw.exec(BASELINE_TABLE));
    const copyCpu = cpuMeter(dbName);
    const c0 = performance.now();
    await handle.withRaw((raw) => raw.copyFrom('bench_raw_copy', data!, 'with (format csv, header true)'));
    data = undefined;
    const copySeconds = (performance.now() - c0) / 1000;
    const copyCpuSeconds = copyCpu.stop();
    const copied = await handle.withRaw((raw) => raw.query<{ n: number }>('select count(*)::int as n from bench_raw_copy'));
    if (Number(copied.rows[0].n) !== lines) throw new Error(`baseline copied ${copied.rows[0].n} rows, expected ${lines}`);
    await handle.withRaw((raw) => raw.exec('drop table bench_raw_copy'));

    // The import, end to end from the file on disk.
    const importCpu = cpuMeter(dbName);
    const i0 = performance.now();
    const r = await importFromPath(handle, { label: 'bench' }, { kind: 'orders', path: file, mapping: suggestMapping('orders', BENCH_HEADERS), dryRun: false });
    const importSeconds = (performance.now() - i0) / 1000;
    const importCpuSeconds = importCpu.stop();
    if (r.batch.status !== 'imported' || r.batch.created.lines !== lines) throw new Error(`import ended ${r.batch.status}: ${JSON.stringify(r.batch)} ${JSON.stringify(r.errors.slice(0, 3))}`);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const floors: EngineResult['floors'] = [];
    if (arg('floor', 'on') !== 'off') {
      for (const floor of FLOORS) {
        await handle.withRaw((raw) => raw.exec(`drop table if exists bench_floor; ${floor.ddl}; checkpoint`));
        const cpu = cpuMeter(dbName);
        const f0 = performance.now();
        const written = await handle.withRaw(async (raw) => {
          const w = await raw.query(`insert into bench_floor (${FLOOR_COLUMNS}) select ${FLOOR_COLUMNS} from sales_order_lines`);
          if (floor.build) await floor.build(raw);
          return w;
        });
        floors.push({ name: floor.name, seconds: (performance.now() - f0) / 1000, cpuSeconds: cpu.stop() });
        if (written.rowCount !== lines) throw new Error(`floor wrote ${written.rowCount} rows, expected ${lines}`);
        await handle.withRaw((raw) => raw.exec('drop table bench_floor'));
      }
    }
    return { engine, lines, copySeconds, importSeconds, copyCpuSeconds, importCpuSeconds, peakRssMb, created: r.batch.created, floors };
  } finally {
    await handle.close();
    await drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const lines = Number(arg('lines', '1000000'));
  const file = path.resolve(arg('file', path.join(here, 'data', `order-lines-${lines}.csv`)));
  const child = arg('child', '');
  if (child) {
    const result = await runEngine(child as 'pglite' | 'postgres', file, lines);
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    await writeOrderLines(file, { lines });
    console.log(`generated ${lines} lines → ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const size = fs.statSync(file).size;
  console.log(`file: ${file} (${(size / 1e6).toFixed(1)} MB, ${lines} order lines)`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
  const engines = arg('engines', 'pglite,postgres').split(',');
  const results: EngineResult[] = [];
  for (const engine of engines) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, '--lines', String(lines), '--file', file, '--floor', arg('floor', 'on')], {
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
    const copyRate = lines / res.copySeconds;
    const importRate = lines / res.importSeconds;
    console.log(
      `${engine.padEnd(8)} raw COPY ${res.copySeconds.toFixed(2)} s (${Math.round(copyRate).toLocaleString('en')} rows/s) | import ${res.importSeconds.toFixed(2)} s (${Math.round(importRate).toLocaleString('en')} rows/s) | ${((importRate / copyRate) * 100).toFixed(1)} % of raw COPY | peak RSS ${res.peakRssMb.toFixed(0)} MB | created ${JSON.stringify(res.created)}`,
    );
    if (res.copyCpuSeconds !== null && res.importCpuSeconds !== null) {
      console.log(
        `${''.padEnd(8)} CPU (process + server): raw COPY ${res.copyCpuSeconds.toFixed(2)} s | import ${res.importCpuSeconds.toFixed(2)} s | ${((res.copyCpuSeconds / res.importCpuSeconds) * 100).toFixed(1)} % | load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      );
    }
    for (const f of res.floors ?? []) {
      const cpu = f.cpuSeconds !== null && res.copyCpuSeconds !== null ? ` | CPU ${f.cpuSeconds.toFixed(2)} s, raw COPY's CPU ${((res.copyCpuSeconds / f.cpuSeconds) * 100).toFixed(1)} % of it` : '';
      console.log(`${''.padEnd(8)} floor, the resolved lines into a fresh table (${f.name}): ${f.seconds.toFixed(2)} s, ${((res.copySeconds / f.seconds) * 100).toFixed(1)} % of the raw COPY rate${cpu}`);
      // Design (1) of docs/benchmarks.md puts a COPY of the raw file into a staging table in front of the write; that COPY costs about the baseline itself.
      console.log(`${''.padEnd(8)}   with a raw COPY of the file into staging in front of it: ${(res.copySeconds + f.seconds).toFixed(2)} s, ${((res.copySeconds / (res.copySeconds + f.seconds)) * 100).toFixed(1)} %`);
    }
  }
  fs.mkdirSync(path.join(here, 'data'), { recursive: true });
  fs.writeFileSync(path.join(here, 'data', `results-${lines}.json`), JSON.stringify({ at: new Date().toISOString(), lines, results }, null, 2));
}

await main();
