/**
 * Where one report's time goes: CPU time of this process (the API) and of the PostgreSQL
 * backend that answered (pool of one, so one backend), over N runs of one report, on a
 * database the reports benchmark kept (BENCH_KEEP=1). Wall time on a loaded machine says
 * little; CPU time does not depend on what else runs.
 *
 *   npx tsx bench/profile-report.ts --db salesdesk_reports_bench_123 --groupBy product --from 2025-01-01 --to 2025-12-31 [--runs 30] [--extra top=100]
 *   npx tsx bench/profile-report.ts --pglite /tmp/salesdesk-reports-bench-XXXX --groupBy customer …   (PGlite: the database is in the process)
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-report.ts …   (a CPU profile of the API side)
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { connect } from '../src/server/db/connect';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = new URL(base);
url.pathname = `/${arg('db', '')}`;
const runs = Number(arg('runs', '30'));
// `--pglite DIR`: a PGlite data directory the benchmark kept; the database runs in this process (its CPU is the API's).
const pgliteDir = arg('pglite', '');
const handle = pgliteDir ? await connect({ pgliteDir }) : await connect({ databaseUrl: url.toString(), poolSize: 1 });
const pid = pgliteDir ? 0 : Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0]!.pid);
/** utime + stime of the backend, in ms (clock ticks of 10 ms). */
const backendMs = () => {
  if (!pid) return 0;
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, { webDist: '/nonexistent' });
const app = await buildApp({ handle, config, logger: process.env.PROFILE_LOG === '1' });
await app.ready();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@bench.test', password: 'bench-password-long-enough' } });
if (login.statusCode !== 200) throw new Error(`sign-in: ${login.statusCode} ${login.body}`);
const cookie = `sd_session=${login.cookies.find((c) => c.name === 'sd_session')!.value}`;
const path = `/api/v1/statistics/sales?from=${arg('from', '2025-01-01')}&to=${arg('to', '2025-12-31')}&groupBy=${arg('groupBy', 'product')}${arg('extra', '') ? `&${arg('extra', '')}` : ''}`;
await app.inject({ method: 'GET', url: path, headers: { cookie } });
const cpu0 = process.cpuUsage();
const b0 = backendMs();
const t0 = performance.now();
for (let i = 0; i < runs; i++) {
  const res = await app.inject({ method: 'GET', url: path, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(res.body);
}
const wall = (performance.now() - t0) / runs;
const cpu = process.cpuUsage(cpu0);
console.log(`${path}: wall ${wall.toFixed(1)} ms, API process CPU ${((cpu.user + cpu.system) / 1000 / runs).toFixed(1)} ms, backend CPU ${((backendMs() - b0) / runs).toFixed(1)} ms per report`);
await app.close();
await handle.close();
