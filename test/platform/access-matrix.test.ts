import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatrixWorld, disposeMatrixWorld, matrixExemptions, matrixRows } from '../access/index';
import { rowKey, runRow, type MatrixContext } from '../access/matrix';
import { createTestApp, makeUser, signIn, type TestApp } from '../helpers/app';
import { genericRequest, listOperations } from '../helpers/openapi';
import { rawQuery } from '../helpers/sql';

describe('access matrix: every role against every endpoint', () => {
  let t: TestApp;
  let ctx: MatrixContext;
  beforeAll(async () => {
    t = await createTestApp();
    ctx = await createMatrixWorld(t);
  });
  afterAll(async () => {
    await disposeMatrixWorld(ctx);
    await t?.close();
  });

  it('has a row for every documented endpoint, and every row names a documented endpoint', async () => {
    const documented = new Set((await listOperations(t.app)).map((o) => o.key));
    const covered = new Set(matrixRows.map(rowKey));
    const missing = [...documented].filter((k) => !covered.has(k) && !(k in matrixExemptions));
    const unknown = [...covered].filter((k) => !documented.has(k));
    expect(missing, 'endpoints without a row in test/access/*.rows.ts').toEqual([]);
    expect(unknown, 'rows for endpoints that do not exist').toEqual([]);
  });

  it('refuses an anonymous caller (401) on every documented endpoint but sign-in, sign-out and setup', async () => {
    const PUBLIC = new Set(['GET /api/v1/setup', 'POST /api/v1/setup', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
    const failures: string[] = [];
    for (const op of await listOperations(t.app)) {
      if (PUBLIC.has(op.key)) continue;
      const g = genericRequest(op);
      const res = await t.app.inject({ method: op.method, url: g.url, ...(g.body && { payload: g.body }) });
      if (res.statusCode !== 401 || res.json().code !== 'unauthenticated') failures.push(`${op.key}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  for (const row of matrixRows) {
    it(`${row.method} ${row.route}: ${row.name}`, async () => {
      await runRow(ctx, row);
    });
  }

  it('writes what a denial was about to the audit log', async () => {
    const forbidden = await ctx.sessions.viewer.request({ url: '/api/v1/audit' });
    expect(forbidden.statusCode).toBe(403);
    const [entry] = await rawQuery<{ actor_id: string; entity_type: string; entity_id: string; after: { method: string } }>(
      t.db.handle,
      `select actor_id, entity_type, entity_id, after from audit_log where action = 'access.denied' order by seq desc limit 1`,
    );
    expect(entry).toMatchObject({ actor_id: ctx.users.viewer.id, entity_type: 'route', entity_id: '/api/v1/audit', after: { method: 'GET' } });

    const hidden = await ctx.sessions.rep.request({ method: 'DELETE', url: `/api/v1/me/tokens/${ctx.repBToken.id}` });
    expect(hidden.statusCode).toBe(404);
    const [denial] = await rawQuery<{ actor_id: string; entity_type: string; entity_id: string }>(
      t.db.handle,
      `select actor_id, entity_type, entity_id from audit_log where action = 'access.denied' order by seq desc limit 1`,
    );
    expect(denial).toEqual({ actor_id: ctx.users.rep.id, entity_type: 'api_token', entity_id: ctx.repBToken.id });
  });

  it('answers a hidden record exactly like a missing one', async () => {
    const hidden = await ctx.sessions.rep.request({ method: 'DELETE', url: `/api/v1/me/tokens/${ctx.repBToken.id}` });
    const missing = await ctx.sessions.rep.request({ method: 'DELETE', url: '/api/v1/me/tokens/00000000-0000-4000-8000-000000000000' });
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const shape = (b: Record<string, unknown>) => ({ status: b.status, code: b.code, title: b.title, type: b.type });
    expect(shape(hidden.json())).toEqual(shape(missing.json()));
  });

  it('gives a user with several roles the union of their permissions', async () => {
    const both = await makeUser(t, ['rep', 'manager'], { departmentId: ctx.salesDepartmentId });
    const s = await signIn(t.app, both.email);
    expect((await s.request({ url: '/api/v1/roles' })).statusCode).toBe(200);
    expect((await s.request({ url: '/api/v1/audit' })).statusCode).toBe(403);
  });

  it('applies a role change to the next request of a signed-in user', async () => {
    const u = await makeUser(t, ['viewer'], { departmentId: ctx.salesDepartmentId });
    const s = await signIn(t.app, u.email);
    expect((await s.request({ url: '/api/v1/audit' })).statusCode).toBe(403);
    const version = await ctx.version('users', u.id);
    const promote = await ctx.sessions.admin.request({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { roles: ['admin'], version } });
    expect(promote.statusCode).toBe(200);
    expect((await s.request({ url: '/api/v1/audit' })).statusCode).toBe(200);
    const demote = await ctx.sessions.admin.request({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { roles: ['viewer'], version: version + 1 } });
    expect(demote.statusCode).toBe(200);
    expect((await s.request({ url: '/api/v1/audit' })).statusCode).toBe(403);
  });
});
