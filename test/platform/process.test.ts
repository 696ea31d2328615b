import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type DbHandle } from '../../src/server/db/connect';
import { listMigrationFiles, migrate } from '../../src/server/db/migrate';
import { DEMO_PASSWORD, demoEmail } from '../../src/server/demo/seed';
import { createThrowawayDatabase, findPostgres } from '../helpers/db';
import { runCli, startServer, stopServer, tempDir, waitForHealthy, type ServerProcess } from '../helpers/cli';
import { rawQuery } from '../helpers/sql';

/** The real `salesdesk` binary as an operator runs it: separate processes, a data directory, signals. */

/** Spawning node + tsx + PGlite is slow on a busy 2-core machine: generous guards, normally a few seconds. */
const SLOW = 180_000;

const ADMIN = { email: 'boss@process.test', password: 'process admin pass 1' };
const started: ServerProcess[] = [];
const dirs: string[] = [];

async function serve(env: Record<string, string>): Promise<ServerProcess> {
  const s = await startServer(env);
  started.push(s);
  return s;
}

function newDir(label: string): string {
  const d = tempDir(label);
  dirs.push(d);
  return d;
}

afterAll(async () => {
  for (const s of started) await stopServer(s, 'SIGKILL').catch(() => undefined);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function signInOver(server: ServerProcess, email: string, password: string): Promise<{ status: number; cookie?: string }> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, cookie };
}

async function getJson(server: ServerProcess, url: string, cookie: string) {
  const res = await fetch(`${server.url}${url}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
}

describe('salesdesk serve on a PGlite data directory', { timeout: SLOW }, () => {
  const dir = newDir('serve');
  // The first start also loads the demo (SEED_DEMO on an empty database): one process start fewer.
  const env = { DATA_DIR: dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'true' };
  let first: ServerProcess;
  let cookie: string;

  it('starts, answers /healthz and signs the ADMIN_EMAIL admin in', async () => {
    first = await serve(env);
    await waitForHealthy(first);
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toBeTruthy();
    const login = await signInOver(first, ADMIN.email, ADMIN.password);
    expect(login.status).toBe(200);
    cookie = login.cookie!;
    const me = await getJson(first, '/api/v1/me', cookie);
    expect(me.body.user.roles).toEqual(['admin']);
  });

  it('loads the demo with SEED_DEMO=true on an empty database: the sales department and its 16 people', async () => {
    const deps = await getJson(first, '/api/v1/departments', cookie);
    const sales = deps.body.items.find((d: { code: string | null }) => d.code === 'SALES');
    expect(sales).toBeDefined();
    expect(sales.memberCount).toBe(16);
    const people = await getJson(first, `/api/v1/users?departmentId=${sales.id}&limit=100`, cookie);
    const roles = people.body.items.flatMap((u: { roles: string[] }) => u.roles).sort();
    expect(roles).toEqual(['assistant', 'assistant', 'finance', 'manager', ...Array(12).fill('rep')].sort());
    expect((await signInOver(first, demoEmail('rep07'), DEMO_PASSWORD)).status).toBe(200);
  });

  it('refuses a second server and a CLI command on the same DATA_DIR while it runs', async () => {
    const second = await serve(env);
    const exit = await second.exited;
    expect(exit.code).not.toBe(0);
    expect(second.output()).toContain('Another Salesdesk process');
    expect(second.output()).toContain(`pid ${first.child.pid}`);

    const migrateNow = await runCli(['migrate'], { DATA_DIR: dir });
    expect(migrateNow.code).toBe(1);
    expect(migrateNow.stderr).toContain('Another Salesdesk process');
    // The running server was not disturbed.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
  });

  it('stops with exit code 0 on SIGTERM, releases the directory, and starts again on the same data', async () => {
    const exit = await stopServer(first, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dir, 'salesdesk.pid'))).toBe(false);

    first = await serve(env);
    await waitForHealthy(first);
    const login = await signInOver(first, ADMIN.email, ADMIN.password);
    expect(login.status).toBe(200);
    cookie = login.cookie!;
    const users = await getJson(first, '/api/v1/users?limit=100', cookie);
    // Neither ADMIN_EMAIL nor SEED_DEMO did anything a second time.
    expect(users.body.items).toHaveLength(17);
    expect(users.body.items.filter((u: { roles: string[] }) => u.roles.includes('admin'))).toHaveLength(1);
  });

  it('takes over the directory of a server that was killed, with its data intact', async () => {
    const exit = await stopServer(first, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const next = await serve(env);
    await waitForHealthy(next);
    expect((await signInOver(next, ADMIN.email, ADMIN.password)).status).toBe(200);
    expect((await stopServer(next, 'SIGINT')).code).toBe(0);
  });
});

const pgBase = await findPostgres();

describe.skipIf(!pgBase)('several instances on one PostgreSQL database', { timeout: SLOW }, () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d().catch(() => undefined);
  });

  it('applies each migration once when two instances migrate at the same moment', async () => {
    const tmp = await createThrowawayDatabase(pgBase);
    const handles: DbHandle[] = [await connect({ databaseUrl: tmp.url, poolSize: 2 }), await connect({ databaseUrl: tmp.url, poolSize: 2 })];
    drops.push(async () => {
      for (const h of handles) await h.close();
      await tmp.drop();
    });
    const results = await Promise.all(handles.map((h) => migrate(h)));
    const files = listMigrationFiles().map((f) => f.name);
    expect(results.flatMap((r) => r.applied).sort()).toEqual([...files].sort());
    const rows = await rawQuery<{ name: string; n: number }>(handles[0], 'select name, count(*)::int as n from schema_migrations group by name order by name');
    expect(rows).toEqual(files.map((name) => ({ name, n: 1 })));
    expect((await Promise.all(handles.map((h) => migrate(h)))).map((r) => r.applied)).toEqual([[], []]);
  });

  it('starts two servers at once on one fresh database: both serve, one admin is created', async () => {
    const tmp = await createThrowawayDatabase(pgBase);
    drops.push(tmp.drop);
    const env = { DATABASE_URL: tmp.url, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'true' };
    // Their own data directories: nothing on disk is shared, only the database.
    const [a, b] = await Promise.all([serve({ ...env, DATA_DIR: newDir('pg-a') }), serve({ ...env, DATA_DIR: newDir('pg-b') })]);
    await Promise.all([waitForHealthy(a), waitForHealthy(b)]);
    const login = await signInOver(b, ADMIN.email, ADMIN.password);
    expect(login.status).toBe(200);
    const handle = await connect({ databaseUrl: tmp.url, poolSize: 1 });
    try {
      const [{ admins, users }] = await rawQuery<{ admins: number; users: number }>(
        handle,
        `select (select count(*)::int from user_roles where role = 'admin') as admins, (select count(*)::int from users) as users`,
      );
      expect(admins).toBe(1);
      expect(users).toBe(17);
    } finally {
      await handle.close();
    }
    // A session made on one instance works on the other (sessions live in the database).
    expect((await getJson(a, '/api/v1/me', login.cookie!)).status).toBe(200);
    expect((await stopServer(a)).code).toBe(0);
    expect((await stopServer(b)).code).toBe(0);
  });
});
