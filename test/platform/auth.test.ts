import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_PASSWORD,
  buildAppOn,
  createTestApp,
  createToken,
  makeUser,
  postLogin,
  signIn,
  type Session,
  type TestApp,
} from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const withoutRequestId = (body: Record<string, unknown>) => {
  const { requestId: _ignored, ...rest } = body;
  return rest;
};

describe('sign-in, sessions and passwords', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    const a = await makeUser(t, ['admin']);
    admin = await signIn(t.app, a.email);
  });
  afterAll(async () => t?.close());

  async function me(s: { cookie: string }, app = t.app) {
    return app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
  }

  async function versionOf(userId: string): Promise<number> {
    const [row] = await rawQuery<{ version: number }>(t.db.handle, 'select version from users where id = $1', [userId]);
    return row.version;
  }

  it('sets an HttpOnly, SameSite=Lax session cookie, returns a CSRF token and stores only a hash of the session id', async () => {
    const u = await makeUser(t, ['rep']);
    const res = await postLogin(t.app, u.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^sd_session=[^;]{32,};/);
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(header).toMatch(/;\s*SameSite=Lax/i);
    expect(header).toMatch(/;\s*Path=\//i);
    expect(header).not.toMatch(/;\s*Secure/i); // plain http here
    const body = res.json();
    expect(body.user.email).toBe(u.email);
    expect(typeof body.csrfToken).toBe('string');
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(20);
    expect(res.body).not.toContain('$argon2');

    const value = res.cookies.find((c) => c.name === 'sd_session')!.value;
    const rows = await rawQuery<{ id_hash: string }>(t.db.handle, 'select id_hash from sessions where user_id = $1', [u.id]);
    expect(rows).toEqual([{ id_hash: sha256(value) }]);
    expect(JSON.stringify(await rawQuery(t.db.handle, 'select * from sessions'))).not.toContain(value);
  });

  it('marks the cookie Secure when configured for HTTPS', async () => {
    const secureApp = await buildAppOn(t, { cookieSecure: true });
    try {
      const u = await makeUser(t, ['viewer']);
      const res = await postLogin(secureApp, u.email, TEST_PASSWORD);
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    } finally {
      await secureApp.close();
    }
  });

  it('answers an unknown email exactly like a wrong password (and like a disabled account)', async () => {
    const u = await makeUser(t, ['rep']);
    const unknown = await postLogin(t.app, 'nobody-here@test.example', 'some-wrong-password', '10.1.0.1');
    const wrong = await postLogin(t.app, u.email, 'some-wrong-password', '10.1.0.1');
    for (const res of [unknown, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.json().code).toBe('invalid_credentials');
    }
    expect(withoutRequestId(unknown.json())).toEqual(withoutRequestId(wrong.json()));

    const version = await versionOf(u.id);
    const off = await admin.request({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { isActive: false, version } });
    expect(off.statusCode).toBe(200);
    const disabled = await postLogin(t.app, u.email, TEST_PASSWORD, '10.1.0.1');
    expect(disabled.statusCode).toBe(401);
    expect(withoutRequestId(disabled.json())).toEqual(withoutRequestId(wrong.json()));
  });

  it('gives a new session id at every sign-in, also when the browser already had one', async () => {
    const u = await makeUser(t, ['assistant']);
    const first = await signIn(t.app, u.email);
    const second = await signIn(t.app, u.email);
    expect(second.cookie).not.toBe(first.cookie);
    expect(second.csrf).not.toBe(first.csrf);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie },
      payload: { email: u.email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
    const fresh = again.cookies.find((c) => c.name === 'sd_session')!.value;
    expect(`sd_session=${fresh}`).not.toBe(first.cookie);
    expect((await me({ cookie: `sd_session=${fresh}` })).statusCode).toBe(200);
  });

  it('ends the session at logout', async () => {
    const u = await makeUser(t, ['finance']);
    const s = await signIn(t.app, u.email);
    expect((await me(s)).statusCode).toBe(200);
    const out = await s.request({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^sd_session=;/);
    const after = await me(s);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    const [row] = await rawQuery<{ revoked_at: Date | null }>(t.db.handle, 'select revoked_at from sessions where id_hash = $1', [
      sha256(s.cookie.slice('sd_session='.length)),
    ]);
    expect(row.revoked_at).not.toBeNull();
    const [audit] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where action = 'auth.logout' and actor_id = $1`, [u.id]);
    expect(audit.n).toBe(1);
  });

  it('ends a session that stayed idle too long (configured idle timeout)', async () => {
    const shortIdle = await buildAppOn(t, { sessionIdleMs: 1500 });
    try {
      const u = await makeUser(t, ['rep']);
      const s = await signIn(shortIdle, u.email);
      expect((await me(s, shortIdle)).statusCode).toBe(200);
      await sleep(1700);
      expect((await me(s, shortIdle)).statusCode).toBe(401);
    } finally {
      await shortIdle.close();
    }
  });

  it('slides the idle timeout with activity and ends it after the idle period (default 120 min)', async () => {
    const u = await makeUser(t, ['rep']);
    const s = await signIn(t.app, u.email);
    const idHash = sha256(s.cookie.slice('sd_session='.length));
    await rawQuery(t.db.handle, `update sessions set last_seen_at = now() - interval '119 minutes' where id_hash = $1`, [idHash]);
    expect((await me(s)).statusCode).toBe(200);
    const [row] = await rawQuery<{ idle_s: number }>(t.db.handle, `select extract(epoch from now() - last_seen_at)::int as idle_s from sessions where id_hash = $1`, [idHash]);
    expect(row.idle_s).toBeLessThan(60); // the request counted as activity
    await rawQuery(t.db.handle, `update sessions set last_seen_at = now() - interval '121 minutes' where id_hash = $1`, [idHash]);
    expect((await me(s)).statusCode).toBe(401);
  });

  it('ends a session at its absolute timeout even when it is in use', async () => {
    const shortLife = await buildAppOn(t, { sessionAbsoluteMs: 1500 });
    try {
      const u = await makeUser(t, ['rep']);
      const s = await signIn(shortLife, u.email);
      await sleep(800);
      expect((await me(s, shortLife)).statusCode).toBe(200);
      await sleep(900);
      expect((await me(s, shortLife)).statusCode).toBe(401);
    } finally {
      await shortLife.close();
    }
    // And with the default policy, a session past its expiry is refused though it was active a second ago.
    const u2 = await makeUser(t, ['rep']);
    const s2 = await signIn(t.app, u2.email);
    await rawQuery(t.db.handle, `update sessions set expires_at = now() - interval '1 second', last_seen_at = now() where user_id = $1`, [u2.id]);
    expect((await me(s2)).statusCode).toBe(401);
  });

  it('ends the other sessions on a password change and keeps the current one', async () => {
    const u = await makeUser(t, ['manager']);
    const current = await signIn(t.app, u.email);
    const other = await signIn(t.app, u.email);
    const newPassword = 'a brand new passphrase 2026';

    const wrong = await current.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: 'not-my-password', newPassword } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toContain('currentPassword');
    expect((await me(other)).statusCode).toBe(200);

    const ok = await current.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword } });
    expect(ok.statusCode).toBe(200);
    expect((await me(current)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await postLogin(t.app, u.email, TEST_PASSWORD, '10.1.0.2')).statusCode).toBe(401);
    expect((await postLogin(t.app, u.email, newPassword)).statusCode).toBe(200);
  });

  it('ends the sessions and stops the API tokens of a disabled user', async () => {
    const u = await makeUser(t, ['rep']);
    const s1 = await signIn(t.app, u.email);
    const s2 = await signIn(t.app, u.email);
    const token = await createToken(t.app, s1);
    expect((await token.request({ url: '/api/v1/me' })).statusCode).toBe(200);

    const res = await admin.request({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { isActive: false, version: await versionOf(u.id) } });
    expect(res.statusCode).toBe(200);
    expect(res.json().isActive).toBe(false);
    expect((await me(s1)).statusCode).toBe(401);
    expect((await me(s2)).statusCode).toBe(401);
    const viaToken = await token.request({ url: '/api/v1/me' });
    expect(viaToken.statusCode).toBe(401);
    expect(viaToken.json().code).toBe('unauthenticated');
    const open = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from sessions where user_id = $1 and revoked_at is null', [u.id]);
    expect(open[0].n).toBe(0);
  });

  it('ends every session of a user whose password an admin resets', async () => {
    const u = await makeUser(t, ['assistant']);
    const s1 = await signIn(t.app, u.email);
    const s2 = await signIn(t.app, u.email);
    const newPassword = 'reset by the admin 4711';
    const res = await admin.request({ method: 'POST', url: `/api/v1/users/${u.id}/reset-password`, payload: { password: newPassword } });
    expect(res.statusCode).toBe(200);
    expect((await me(s1)).statusCode).toBe(401);
    expect((await me(s2)).statusCode).toBe(401);
    expect((await me(admin)).statusCode).toBe(200);
    expect((await postLogin(t.app, u.email, newPassword)).statusCode).toBe(200);
  });

  describe('password policy', () => {
    const cases: { name: string; email?: string; password: string; code: string }[] = [
      { name: 'too short', password: 'short-pw', code: 'too_short' },
      { name: 'one of the most common passwords', password: 'password123', code: 'too_common' },
      { name: 'one repeated character', password: 'aaaaaaaaaaaaaa', code: 'too_common' },
      { name: 'containing the email name', email: 'margaret.hale@test.example', password: 'Margaret.Hale-1854!', code: 'contains_email' },
      { name: 'longer than the cap', password: 'x1'.repeat(129), code: 'too_long' },
    ];

    it.each(cases)('refuses a new user password that is $name (400, field "password")', async ({ email, password, code }) => {
      const before = await rowCounts(t.db.handle, ['users', 'audit_log']);
      const res = await admin.request({
        method: 'POST',
        url: '/api/v1/users',
        payload: { email: email ?? `policy-${crypto.randomUUID()}@test.example`, displayName: 'Policy Case', password, roles: ['rep'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'password', code })]);
      expect(await rowCounts(t.db.handle, ['users', 'audit_log'])).toEqual(before);
    });

    it('applies the same policy to a password change (field "newPassword") and an admin reset (field "password")', async () => {
      const u = await makeUser(t, ['rep'], { email: 'jonathan.swift@test.example' });
      const s = await signIn(t.app, u.email);
      const own = await s.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'password123' } });
      expect(own.statusCode).toBe(400);
      expect(own.json().errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'too_common' })]);
      const mine = await s.request({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'i-am-jonathan.swift' } });
      expect(mine.json().errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'contains_email' })]);
      const reset = await admin.request({ method: 'POST', url: `/api/v1/users/${u.id}/reset-password`, payload: { password: 'short' } });
      expect(reset.statusCode).toBe(400);
      expect(reset.json().errors).toEqual([expect.objectContaining({ field: 'password', code: 'too_short' })]);
      // Nothing changed: the old password still works and the session is alive.
      expect((await me(s)).statusCode).toBe(200);
      expect((await postLogin(t.app, u.email, TEST_PASSWORD)).statusCode).toBe(200);
    });

    it('accepts long passphrases (128 and 256 characters, and non-ASCII) and checks every character', async () => {
      const p128 = Array.from({ length: 128 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789 -'[(i * 7) % 38]).join('');
      const p256 = crypto.randomBytes(192).toString('base64').slice(0, 256);
      const pZh = '我们的销售部门在上海，电话号码是 021-5555-0199，请勿外传';
      expect(p128).toHaveLength(128);
      expect(p256).toHaveLength(256);
      for (const password of [p128, p256, pZh]) {
        const email = `long-${crypto.randomUUID()}@test.example`;
        const res = await admin.request({ method: 'POST', url: '/api/v1/users', payload: { email, displayName: 'Long Passphrase', password, roles: ['viewer'] } });
        expect(res.statusCode).toBe(201);
        expect((await postLogin(t.app, email, password)).statusCode).toBe(200);
        // A difference in the last character is a wrong password: nothing is truncated.
        const almost = password.slice(0, -1) + (password.endsWith('x') ? 'y' : 'x');
        expect((await postLogin(t.app, email, almost, '10.1.0.3')).statusCode).toBe(401);
      }
    });
  });

  it('stores argon2id hashes with m=19456 KiB, t=2, p=1 and a per-user salt', async () => {
    const rows = await rawQuery<{ password_hash: string }>(t.db.handle, 'select password_hash from users where password_hash is not null');
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/);
    const salts = rows.map((r) => r.password_hash.split('$')[4]);
    expect(new Set(salts).size).toBe(salts.length);
  });
});
