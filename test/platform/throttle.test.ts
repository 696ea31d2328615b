import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { passwordVerificationCount } from '../../src/server/platform/auth/passwords';
import { ACCOUNT_LIMIT, IP_LIMIT } from '../../src/server/platform/auth/throttle';
import { TEST_PASSWORD, createTestApp, makeUser, postLogin, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/** Fires `total` requests, `chunk` at a time concurrently. */
async function burst(total: number, chunk: number, send: (i: number) => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse[]> {
  const out: LightMyRequestResponse[] = [];
  for (let start = 0; start < total; start += chunk) {
    const n = Math.min(chunk, total - start);
    out.push(...(await Promise.all(Array.from({ length: n }, (_, k) => send(start + k)))));
  }
  return out;
}

describe('login throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('lets a burst of 1,000 wrong passwords on one account reach the hasher at most 10 times', async () => {
    const victim = await makeUser(t, ['admin']);
    const hashedBefore = passwordVerificationCount();
    const results = await burst(1000, 100, (i) => postLogin(t.app, victim.email, `wrong-password-${i}`, '10.2.0.1'));
    const hashed = passwordVerificationCount() - hashedBefore;

    expect(hashed).toBeGreaterThan(0);
    expect(hashed).toBeLessThanOrEqual(10);
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.statusCode, (byStatus.get(r.statusCode) ?? 0) + 1);
    expect([...byStatus.keys()].sort()).toEqual([401, 429]);
    expect(byStatus.get(401)).toBe(hashed);
    expect(byStatus.get(429)).toBeGreaterThanOrEqual(990);
    for (const r of results.filter((x) => x.statusCode === 429)) {
      expect(r.json().code).toBe('too_many_requests');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.headers['set-cookie']).toBeUndefined();
    }

    // The right password is refused too while the account is throttled, from any address…
    const blocked = await postLogin(t.app, victim.email, TEST_PASSWORD, '10.2.0.99');
    expect(blocked.statusCode).toBe(429);
    // …and works again once the window has passed.
    await rawQuery(t.db.handle, `update login_throttle set window_started_at = now() - interval '16 minutes'`);
    expect((await postLogin(t.app, victim.email, TEST_PASSWORD, '10.2.0.99')).statusCode).toBe(200);
  });

  it('limits one IP address across many accounts', async () => {
    const real = await makeUser(t, ['rep']);
    const ip = '10.2.0.2';
    const hashedBefore = passwordVerificationCount();
    const tries = await burst(IP_LIMIT + 20, 10, (i) => postLogin(t.app, `someone-${i}@test.example`, 'not-the-password', ip));
    const hashed = passwordVerificationCount() - hashedBefore;
    expect(tries.filter((r) => r.statusCode === 401)).toHaveLength(IP_LIMIT);
    expect(tries.filter((r) => r.statusCode === 429)).toHaveLength(20);
    expect(hashed).toBeLessThanOrEqual(IP_LIMIT);

    // A fresh account from the same address is refused before its password is checked…
    const fromSameIp = await postLogin(t.app, real.email, TEST_PASSWORD, ip);
    expect(fromSameIp.statusCode).toBe(429);
    expect(Number(fromSameIp.headers['retry-after'])).toBeGreaterThan(0);
    // …while the same account from another address signs in.
    expect((await postLogin(t.app, real.email, TEST_PASSWORD, '10.2.0.3')).statusCode).toBe(200);
  });

  it('resets the account counter after a correct sign-in', async () => {
    const u = await makeUser(t, ['rep']);
    const ip = '10.2.0.4';
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) expect((await postLogin(t.app, u.email, 'wrong-password-x', ip)).statusCode).toBe(401);
    expect((await postLogin(t.app, u.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
    // A full allowance again: ACCOUNT_LIMIT wrong attempts are checked, the next one is throttled.
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await postLogin(t.app, u.email, 'wrong-password-y', ip)).statusCode).toBe(401);
    expect((await postLogin(t.app, u.email, 'wrong-password-z', ip)).statusCode).toBe(429);
  });

  it('counts the account regardless of the email case', async () => {
    const u = await makeUser(t, ['viewer']);
    const variants = [u.email, u.email.toUpperCase(), ` ${u.email} `];
    const results = await burst(ACCOUNT_LIMIT + 3, 1, (i) => postLogin(t.app, variants[i % variants.length], 'wrong-password-q', `10.2.1.${i}`));
    expect(results.slice(0, ACCOUNT_LIMIT).map((r) => r.statusCode)).toEqual(Array(ACCOUNT_LIMIT).fill(401));
    expect(results.slice(ACCOUNT_LIMIT).map((r) => r.statusCode)).toEqual([429, 429, 429]);
  });

  it('writes failed and throttled sign-ins to the audit log, without the password', async () => {
    const rows = await rawQuery<{ action: string; n: number }>(
      t.db.handle,
      `select action, count(*)::int as n from audit_log where action in ('auth.login_failed', 'auth.login_throttled') group by action`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(counts['auth.login_failed']).toBeGreaterThan(10);
    expect(counts['auth.login_throttled']).toBeGreaterThan(990);
    const leaked = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from audit_log where coalesce(after::text, '') like '%wrong-password%'`);
    expect(leaked[0].n).toBe(0);
  });
});
