/**
 * Where one report's time goes, statement by statement, on a kept PGlite directory
 * (BENCH_KEEP=1 of the reports benchmark): wraps PGlite's query to time every statement,
 * asks the report `--warmup` times (default 60: past V8's compilation of the database's
 * WebAssembly), then 10 times, and prints the wall time per request and each statement's
 * mean, dearest first.
 *
 *   npx tsx bench/trace-report.ts --pglite /tmp/salesdesk-reports-bench-XXXX/db --groupBy rep --from 2026-07-01 --to 2026-09-30 [--extra top=100] [--warmup 60]
 */
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { connect } from '../src/server/db/connect';
const arg = (n: string, d: string) => { const i = process.argv.indexOf(`--${n}`); return i >= 0 ? process.argv[i + 1]! : d; };
let trace: { ms: number; sql: string }[] | undefined;
const proto: any = PGlite.prototype;
const orig = proto.query;
proto.query = async function (text: string, params: unknown[], opts: unknown) {
  const t = performance.now();
  try { return await orig.call(this, text, params, opts); } finally { trace?.push({ ms: performance.now() - t, sql: text.replace(/\s+/g, ' ').slice(0, 140) }); }
};
const handle = await connect({ pgliteDir: arg('pglite', '') });
const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, { webDist: '/nonexistent' });
const app = await buildApp({ handle, config, logger: false });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@bench.test', password: 'bench-password-long-enough' } });
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
