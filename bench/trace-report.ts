/**
 * Where one report's time goes, statement by statement, on a kept PGlite directory or
 * PostgreSQL database (BENCH_KEEP=1 of the reports benchmark): wraps the engine's query to time every statement,
 * asks the report `--warmup` times (default 60: past V8's compilation of the database's
 * WebAssembly), then 10 times, and prints the wall time per request and each statement's
 * mean, dearest first.
 *
 *   npx tsx bench/trace-report.ts --pglite /tmp/salesdesk-reports-bench-XXXX/db --groupBy rep --from 2026-07-01 --to 2026-09-30 [--extra top=100] [--warmup 60]
 *   npx tsx bench/trace-report.ts --postgres postgres://postgres@127.0.0.1:5432/salesdesk_reports_bench_123 --groupBy product [--user email]
 *
 * On PostgreSQL statements that run at once (the report's parallel questions) each count their own wall time.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { connect } from '../src/server/db/connect';
const arg = (n: string, d: string) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1]! : d; };
let trace: { ms: number; sql: string }[] | undefined;
for (const proto of [PGlite.prototype, pg.Client.prototype] as any[]) {
  const orig = proto.query;
  proto.query = function (text: unknown, ...rest: unknown[]) {
    const t = performance.now();
    const result = orig.call(this, text, ...rest);
    const sqlText = typeof text === 'string' ? text : String((text as { text?: string })?.text ?? '');
    if (result && typeof result.then === 'function') result.then(() => trace?.push({ ms: performance.now() - t, sql: sqlText.replace(/\s+/g, ' ').slice(0, 140) }), () => undefined);
    return result;
  };
}
const handle = await connect(arg('postgres', '') ? { databaseUrl: arg('postgres', '') } : { pgliteDir: arg('pglite', '') });
const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, { webDist: '/nonexistent' });
const app = await buildApp({ handle, config, logger: false });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: arg('user', 'admin@bench.test'), password: 'bench-password-long-enough' } });
const cookie = `sd_session=${login.cookies.find((c) => c.name === 'sd_session')!.value}`;
const path = `/api/v1/statistics/sales?from=${arg('from', '2025-01-01')}&to=${arg('to', '2025-12-31')}&groupBy=${arg('groupBy', 'product')}${arg('extra', '') ? `&${arg('extra', '')}` : ''}`;
for (let i = 0; i < Number(arg('warmup', '60')); i++) await app.inject({ method: 'GET', url: path, headers: { cookie } });
const agg = new Map<string, number>();
const runs = 10;
let wall = 0;
for (let i = 0; i < runs; i++) {
  trace = [];
  const t = performance.now();
  await app.inject({ method: 'GET', url: path, headers: { cookie } });
  wall += performance.now() - t;
  for (const q of trace) agg.set(q.sql, (agg.get(q.sql) ?? 0) + q.ms);
}
console.log('wall per request', (wall / runs).toFixed(1));
for (const [s, ms] of [...agg].sort((a, b) => b[1] - a[1])) console.log((ms / runs).toFixed(2).padStart(8), s);
await app.close(); await handle.close();
