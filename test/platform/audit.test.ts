import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/server/db/connect';
import { hashEntry, verifyAuditChain } from '../../src/server/platform/audit/audit.service';
import { TEST_PASSWORD, createTestApp, createToken, makeUser, postLogin, signIn, type Session, type TestApp } from '../helpers/app';
import { runCli, tempDir } from '../helpers/cli';
import { rawQuery, tamperWithAuditLog } from '../helpers/sql';

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  request_id: string | null;
  prev_hash: string | null;
  hash: string;
}

const COLUMNS = ['at', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'before', 'after', 'ip', 'request_id', 'prev_hash', 'hash'] as const;

describe('audit log', () => {
  let t: TestApp;
  let admin: Session;
  let adminId: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const a = await makeUser(t, ['admin']);
    adminId = a.id;
    admin = await signIn(t.app, a.email);
    secrets.push(TEST_PASSWORD, admin.cookie.split('=')[1], admin.csrf);
  });
  afterAll(async () => t?.close());

  const entries = async (where: string, params: unknown[] = []) =>
    rawQuery<AuditRow>(t.db.handle, `select * from audit_log where ${where} order by seq`, params);

  it('records a create and an update with actor, entity, before and after, request id and address', async () => {
    const password = 'first password of Lin 1';
    secrets.push(password);
    const created = await admin.request({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'lin.audit@test.example', displayName: 'Lin Audit', password, roles: ['rep'], title: 'Rep' },
    });
    expect(created.statusCode).toBe(201);
    const userId = created.json().id;
    const [create] = await entries(`action = 'user.create' and entity_id = $1`, [userId]);
    expect(create).toMatchObject({ actor_id: adminId, actor_label: admin.email, entity_type: 'user', before: null, ip: '127.0.0.1' });
    expect(create.request_id).toBe(created.headers['x-request-id']);
    expect(create.after).toMatchObject({ email: 'lin.audit@test.example', displayName: 'Lin Audit', roles: ['rep'], title: 'Rep' });
    expect(Date.now() - new Date(create.at).getTime()).toBeLessThan(60_000);

    const updated = await admin.request({ method: 'PATCH', url: `/api/v1/users/${userId}`, payload: { title: 'Senior Rep', version: 1 } });
    expect(updated.statusCode).toBe(200);
    const [update] = await entries(`action = 'user.update' and entity_id = $1`, [userId]);
    expect(update.actor_id).toBe(adminId);
    expect(update.before).toMatchObject({ title: 'Rep', version: 1 });
    expect(update.after).toMatchObject({ title: 'Senior Rep', version: 2 });

    const dep = await admin.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Audit Dept', code: 'AUD' } });
    expect(dep.statusCode).toBe(201);
    const depId = dep.json().id;
    await admin.request({ method: 'PATCH', url: `/api/v1/departments/${depId}`, payload: { isArchived: true, version: 1 } });
    const depEntries = await entries(`entity_type = 'department' and entity_id = $1`, [depId]);
    expect(depEntries.map((e) => e.action)).toEqual(['department.create', 'department.update']);
    expect(depEntries[1].before).toMatchObject({ isArchived: false });
    expect(depEntries[1].after).toMatchObject({ isArchived: true });

    const settings = await admin.request({
      method: 'PUT',
      url: '/api/v1/settings',
      payload: { companyName: 'Audited Co.', currency: 'USD', timeZone: 'Asia/Shanghai', defaultLocale: 'en', fiscalYearStartMonth: 4 },
    });
    expect(settings.statusCode).toBe(200);
    const [s] = await rawQuery<AuditRow>(t.db.handle, `select * from audit_log where action = 'settings.update' order by seq desc limit 1`);
    expect(s.after).toMatchObject({ companyName: 'Audited Co.', currency: 'USD' });
  });

  it('records sign-ins, failed sign-ins (with the reason) and sign-outs', async () => {
    const u = await makeUser(t, ['rep']);
    const s = await signIn(t.app, u.email);
    secrets.push(s.cookie.split('=')[1], s.csrf);
    expect((await postLogin(t.app, u.email, 'wrong password here', '10.3.0.1')).statusCode).toBe(401);
    expect((await postLogin(t.app, 'ghost@test.example', 'wrong password here', '10.3.0.1')).statusCode).toBe(401);
    await s.request({ method: 'POST', url: '/api/v1/auth/logout' });

    const [login] = await entries(`action = 'auth.login' and actor_id = $1`, [u.id]);
    expect(login).toMatchObject({ entity_type: 'user', entity_id: u.id, actor_label: u.email });
    const failed = await entries(`action = 'auth.login_failed' and ip = '10.3.0.1'`);
    expect(failed.map((f) => [f.actor_id, f.entity_id, f.after?.reason])).toEqual([
      [null, u.id, 'wrong_password'],
      [null, null, 'unknown_email'],
    ]);
    expect(failed[1].after?.email).toBe('ghost@test.example');
    const [logout] = await entries(`action = 'auth.logout' and actor_id = $1`, [u.id]);
    expect(logout.entity_id).toBe(u.id);
  });

  it('records denied access', async () => {
    const v = await makeUser(t, ['viewer']);
    const s = await signIn(t.app, v.email);
    expect((await s.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Nope' } })).statusCode).toBe(403);
    const [denied] = await entries(`action = 'access.denied' and actor_id = $1`, [v.id]);
    expect(denied).toMatchObject({ entity_type: 'route', entity_id: '/api/v1/departments', after: { method: 'POST', detail: { permission: 'departments:manage' } } });
  });

  it('never contains a password, a hash, a session id, a CSRF token or an API token', async () => {
    const u = await makeUser(t, ['rep']);
    const s = await signIn(t.app, u.email);
    const token = await createToken(t.app, s, 'audited token');
    const newPassword = 'my changed password 77';
    const resetPassword = 'reset by admin password 88';
    secrets.push(token.token, s.cookie.split('=')[1], s.csrf, newPassword, resetPassword);
    expect((await s.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword } })).statusCode).toBe(200);
    expect((await admin.request({ method: 'POST', url: `/api/v1/users/${u.id}/reset-password`, payload: { password: resetPassword } })).statusCode).toBe(200);
    await token.request({ method: 'DELETE', url: `/api/v1/me/tokens/${token.tokenId}` });

    const all = await entries('true');
    const text = JSON.stringify(all);
    expect(all.map((e) => e.action)).toEqual(expect.arrayContaining(['user.change_password', 'user.reset_password', 'api_token.create', 'api_token.revoke']));
    expect(text).not.toContain('$argon2');
    for (const secret of secrets) expect(text, `secret ${secret.slice(0, 6)}…`).not.toContain(secret);
    const hashes = await rawQuery<{ password_hash: string }>(t.db.handle, 'select password_hash from users');
    for (const h of hashes) expect(text).not.toContain(h.password_hash.split('$').pop()!);
    const tokenHashes = await rawQuery<{ token_hash: string }>(t.db.handle, 'select token_hash from api_tokens');
    for (const h of tokenHashes) expect(text).not.toContain(h.token_hash);

    // The admin page shows the same entries, filtered, and no secret either.
    const page = await admin.request({ url: `/api/v1/audit?entityType=user&entityId=${u.id}&limit=100` });
    expect(page.statusCode).toBe(200);
    const actions = page.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'auth.login', 'user.change_password', 'user.reset_password']));
    for (const secret of secrets) expect(page.body).not.toContain(secret);
    const byActor = await admin.request({ url: `/api/v1/audit?actorId=${adminId}&action=user.` });
    expect(byActor.json().items.length).toBeGreaterThan(0);
    for (const i of byActor.json().items) {
      expect(i.actorId).toBe(adminId);
      expect(i.action.startsWith('user.')).toBe(true);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const [{ n: before }] = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from audit_log');
    for (const statement of [`update audit_log set action = 'forged' where seq = 1`, 'delete from audit_log where seq = 1', 'delete from audit_log', 'truncate audit_log']) {
      await expect(rawQuery(t.db.handle, statement), statement).rejects.toThrow(/append-only/);
    }
    const [{ n: after }] = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from audit_log');
    expect(after).toBe(before);
    const [first] = await entries('seq = 1');
    expect(first.action).not.toBe('forged');
  });

  describe('hash chain', () => {
    let middle: AuditRow;
    let next: AuditRow;
    beforeAll(async () => {
      const all = await entries('true');
      expect(all.length).toBeGreaterThan(10);
      middle = all[Math.floor(all.length / 2)];
      next = all[Math.floor(all.length / 2) + 1];
    });

    /** Puts the two rows back exactly as they were. */
    async function restore(rows: AuditRow[]) {
      await tamperWithAuditLog(
        t.db.handle,
        rows.map((r) => ({
          text: `update audit_log set ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')} where seq = $1`,
          params: [r.seq, ...COLUMNS.map((c) => (c === 'before' || c === 'after' ? (r[c] === null ? null : JSON.stringify(r[c])) : r[c]))],
        })),
      );
      expect((await verifyAuditChain(t.db.handle.db)).ok).toBe(true);
    }

    it('verifies a clean log, also across batch boundaries', async () => {
      const [{ n }] = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from audit_log');
      expect(await verifyAuditChain(t.db.handle.db)).toEqual({ ok: true, checked: n, problems: [] });
      expect(await verifyAuditChain(t.db.handle.db, 3)).toEqual({ ok: true, checked: n, problems: [] });
    });

    it('detects a changed entry', async () => {
      await tamperWithAuditLog(t.db.handle, [{ text: `update audit_log set after = '{"title":"forged"}' where seq = $1`, params: [middle.seq] }]);
      const result = await verifyAuditChain(t.db.handle.db, 4);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([{ seq: middle.seq, problem: 'hash_mismatch' }]);
      await restore([middle]);
    });

    it('detects a changed entry whose own hash was recomputed (the next link breaks)', async () => {
      const forged = { ...middle, actor_label: 'someone-else@test.example' };
      const newHash = hashEntry({
        at: new Date(forged.at).toISOString(),
        actor_id: forged.actor_id,
        actor_label: forged.actor_label,
        action: forged.action,
        entity_type: forged.entity_type,
        entity_id: forged.entity_id,
        before: forged.before,
        after: forged.after,
        ip: forged.ip,
        request_id: forged.request_id,
        prev_hash: forged.prev_hash,
      });
      await tamperWithAuditLog(t.db.handle, [{ text: 'update audit_log set actor_label = $2, hash = $3 where seq = $1', params: [middle.seq, forged.actor_label, newHash] }]);
      const result = await verifyAuditChain(t.db.handle.db);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([{ seq: next.seq, problem: 'chain_broken' }]);
      await restore([middle]);
    });

    it('detects a removed entry', async () => {
      await tamperWithAuditLog(t.db.handle, [{ text: 'delete from audit_log where seq = $1', params: [middle.seq] }]);
      const result = await verifyAuditChain(t.db.handle.db);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([{ seq: next.seq, problem: 'chain_broken' }]);
      await tamperWithAuditLog(t.db.handle, [
        {
          text: `insert into audit_log (seq, ${COLUMNS.join(', ')}) overriding system value values ($1, ${COLUMNS.map((_, i) => `$${i + 2}`).join(', ')})`,
          params: [middle.seq, ...COLUMNS.map((c) => (c === 'before' || c === 'after' ? (middle[c] === null ? null : JSON.stringify(middle[c])) : middle[c]))],
        },
      ]);
      expect((await verifyAuditChain(t.db.handle.db)).ok).toBe(true);
    });

    it('detects two entries swapped', async () => {
      const swap = (target: AuditRow, source: AuditRow) => ({
        text: `update audit_log set ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')} where seq = $1`,
        params: [target.seq, ...COLUMNS.map((c) => (c === 'before' || c === 'after' ? (source[c] === null ? null : JSON.stringify(source[c])) : source[c]))],
      });
      await tamperWithAuditLog(t.db.handle, [swap(middle, next), swap(next, middle)]);
      const result = await verifyAuditChain(t.db.handle.db);
      expect(result.ok).toBe(false);
      expect(result.problems.map((p) => p.seq)).toContain(middle.seq);
      expect(result.problems.every((p) => p.problem === 'chain_broken')).toBe(true);
      await restore([middle, next]);
    });

    it('keeps appending to an intact chain after the checks', async () => {
      await admin.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'After Tampering Tests' } });
      expect((await verifyAuditChain(t.db.handle.db)).ok).toBe(true);
    });
  });
});

describe('salesdesk setup --demo and audit verify (the CLI, on a PGlite data directory)', { timeout: 400_000 }, () => {
  const dir = tempDir('audit-cli');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on an intact log and 1 after an entry was changed', async () => {
    const env = { DATA_DIR: dir };
    // Set up in the terminal, with the demo: its records (approvals, tasks…) are audited too.
    const setup = await runCli(['setup', '--email', 'root@cli.test', '--name', 'CLI Admin', '--password', 'cli admin password 1', '--company', 'CLI Co', '--demo'], env);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('Demo data loaded');

    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Audit log intact: \d+ entries verified/);
    // The demo's three years of orders went through the statistics' summary triggers exactly.
    const stats = await runCli(['stats', 'verify'], env);
    expect(stats.code, stats.stdout + stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/Summaries exact \(stats_sales_day [1-9]\d*,/);

    // Tamper as a superuser would, in this process, after the CLI has exited and released DATA_DIR.
    const handle = await connect({ pgliteDir: path.join(dir, 'db') });
    try {
      await tamperWithAuditLog(handle, [{ text: `update audit_log set actor_label = 'mallory' where seq = (select min(seq) from audit_log)` }]);
    } finally {
      await handle.close();
    }

    const bad = await runCli(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/content changed/);
    expect(bad.stdout).toMatch(/NOT intact/);
  });
});
