import type { InjectOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createMatrixWorld, disposeMatrixWorld, matrixRows } from '../access/index';
import { requestFor, rowKey, type MatrixRow } from '../access/matrix';
import { createTestApp, createToken, signIn } from '../helpers/app';
import { genericRequest, isStream, listOperations, type Operation } from '../helpers/openapi';
import { databaseState, rawQuery } from '../helpers/sql';

/**
 * CSRF: every cookie-authenticated write needs the session's x-csrf-token; a
 * script with an API token needs none. And no GET changes anything.
 */
const t = await createTestApp();
const ctx = await createMatrixWorld(t);
const operations = await listOperations(t.app);
afterAll(async () => {
  await disposeMatrixWorld(ctx);
  await t.close();
});

/** Writes that a browser may send without a CSRF token: signing in and first-run setup (no session to protect yet). */
const CSRF_EXEMPT = new Set(['POST /api/v1/auth/login', 'POST /api/v1/setup']);
const writes = operations.filter((o) => o.method !== 'GET');
const reads = operations.filter((o) => o.method === 'GET' && !isStream(o));

function adminRow(op: Operation): MatrixRow | undefined {
  return matrixRows.find((r) => rowKey(r) === op.key && r.expect.admin < 400) ?? matrixRows.find((r) => rowKey(r) === op.key);
}

/** The admin's request from the matrix; an endpoint without a row yet gets a generic one (CSRF is checked before validation). */
async function adminRequest(op: Operation): Promise<InjectOptions> {
  const row = adminRow(op);
  if (row) return requestFor(ctx, row, 'admin');
  const g = genericRequest(op);
  return { method: op.method, url: g.url, ...(g.body && { payload: g.body }) };
}

describe('CSRF on cookie-authenticated writes', () => {
  it('covers every write endpoint but sign-in and setup', () => {
    expect(writes.filter((o) => !CSRF_EXEMPT.has(o.key)).length).toBeGreaterThanOrEqual(10);
  });

  for (const op of writes.filter((o) => !CSRF_EXEMPT.has(o.key))) {
    it(`${op.key}: refused without the right x-csrf-token, and nothing written`, async () => {
      const admin = ctx.sessions.admin;
      const variants: [string, Record<string, string>][] = [
        ['no token', { cookie: admin.cookie }],
        ['an empty token', { cookie: admin.cookie, 'x-csrf-token': '' }],
        ['a wrong token', { cookie: admin.cookie, 'x-csrf-token': admin.csrf.slice(0, -2) + 'xx' }],
        ["another session's token", { cookie: admin.cookie, 'x-csrf-token': ctx.sessions.viewer.csrf }],
        ['the session id as token', { cookie: admin.cookie, 'x-csrf-token': admin.cookie.split('=')[1] }],
      ];
      const requests: InjectOptions[] = [];
      for (const _ of variants) requests.push(await adminRequest(op));
      const before = await databaseState(t.db.handle);
      for (const [i, [label, headers]] of variants.entries()) {
        const res = await t.app.inject({ ...requests[i], headers: { ...(requests[i].headers as Record<string, string>), ...headers } });
        expect(res.statusCode, `${label}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('csrf_failed');
      }
      expect(await databaseState(t.db.handle)).toEqual(before);
      // The session itself is unharmed.
      expect((await admin.request({ url: '/api/v1/me' })).statusCode).toBe(200);
    });
  }

  it('lets sign-in through with a stale cookie and no CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: ctx.sessions.viewer.cookie },
      payload: { email: ctx.users.viewer.email, password: 'test-password-long-enough' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('needs no CSRF token with an API token (no ambient credential), on every write endpoint', async () => {
    const token = await createToken(t.app, ctx.sessions.admin, 'csrf-free script');
    const failures: string[] = [];
    for (const op of writes) {
      const row = adminRow(op);
      if (!row) continue; // no known outcome to compare with yet
      const res = await token.request(await requestFor(ctx, row, 'admin'));
      if (res.statusCode !== row.expect.admin) failures.push(`${op.key}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // A token is not a cookie: a cookie's CSRF token does not turn a bad Bearer token into a session.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { authorization: 'Bearer sdk_not-a-real-token', cookie: ctx.sessions.admin.cookie, 'x-csrf-token': ctx.sessions.admin.csrf },
      payload: { name: 'Forged' },
    });
    expect(forged.statusCode).toBe(401);
  });
});

describe('no state change through GET', () => {
  it('reads every documented GET endpoint without writing anything', async () => {
    // Whatever the row set-up needs (none for reads today) is prepared before the snapshot.
    const admin = await signIn(t.app, ctx.users.admin.email);
    const requests: [Operation, InjectOptions][] = [];
    for (const op of reads) requests.push([op, await adminRequest(op)]);
    const before = await databaseState(t.db.handle);
    const [{ seq: lastSeq }] = await rawQuery<{ seq: number }>(t.db.handle, 'select coalesce(max(seq), 0)::int as seq from audit_log');
    for (const [op, opts] of requests) {
      // With a matrix row the read must succeed; a generic request (made-up ids) may be refused, but never a 5xx.
      const limit = adminRow(op) ? 300 : 500;
      const res = await admin.request(opts);
      expect(res.statusCode, `${op.key} ${res.body.slice(0, 200)}`).toBeLessThan(limit);
      const head = await admin.request({ ...opts, method: 'HEAD' });
      expect(head.statusCode, `HEAD ${op.path}`).toBeLessThan(limit);
    }
    // Nothing changes but the audit log, and that only records reads that are audited on purpose
    // (file downloads, exports, and every view of an archived document: issue 6's access history).
    const { audit_log: _a, ...rest } = await databaseState(t.db.handle);
    const { audit_log: _b, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    const logged = await rawQuery<{ action: string }>(t.db.handle, 'select distinct action from audit_log where seq > $1', [lastSeq]);
    for (const { action } of logged) expect(action).toMatch(/\.(download|preview|export)$|^archive_document\.view$/);
  });

  it('has no GET on a write-only path (logout, password, reset, revoke): 404, and nothing happens', async () => {
    const s = await signIn(t.app, ctx.users.manager.email);
    const readable = new Set(reads.map((o) => o.path));
    const writeOnly = [...new Set(writes.map((o) => o.path))].filter((p) => !readable.has(p));
    expect(writeOnly).toEqual(expect.arrayContaining(['/api/v1/auth/logout', '/api/v1/me/password']));
    const tokenId = await ctx.newTokenId('manager');
    const before = await databaseState(t.db.handle);
    for (const path of writeOnly) {
      const url = path.replace('{id}', path.includes('tokens') ? tokenId : ctx.target.id);
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await s.request({ method, url });
        // 404/405; or a 400 when a GET route with a parameter claims the segment (GET /imports/{id} for /imports/suggest-mapping).
        expect([400, 404, 405], `${method} ${url}`).toContain(res.statusCode);
      }
    }
    expect(await databaseState(t.db.handle)).toEqual(before);
    expect((await s.request({ url: '/api/v1/me' })).statusCode).toBe(200);
  });

  it('answers an unknown method on a known path without acting on it', async () => {
    const admin = await signIn(t.app, ctx.users.admin.email);
    const before = await databaseState(t.db.handle);
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await admin.request({ method, url: `/api/v1/users/${ctx.target.id}`, payload: {} });
      expect([404, 405]).toContain(res.statusCode);
    }
    expect(await databaseState(t.db.handle)).toEqual(before);
  });
});
