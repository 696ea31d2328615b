import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, createToken, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, tablesContaining } from '../helpers/sql';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

describe('personal API tokens', () => {
  let t: TestApp;
  let repA: Session;
  let repB: Session;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    const [a, b, ad] = [await makeUser(t, ['rep']), await makeUser(t, ['rep']), await makeUser(t, ['admin'])];
    repA = await signIn(t.app, a.email);
    repB = await signIn(t.app, b.email);
    admin = await signIn(t.app, ad.email);
  });
  afterAll(async () => t?.close());

  it('shows the secret once and keeps only its hash', async () => {
    const res = await repA.request({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'nightly export' } });
    expect(res.statusCode).toBe(201);
    const { token, apiToken } = res.json();
    expect(token).toMatch(/^sdk_[A-Za-z0-9_-]{40,}$/);
    expect(apiToken).toMatchObject({ name: 'nightly export', prefix: token.slice(0, 10), revokedAt: null, lastUsedAt: null, expiresAt: null });

    const list = await repA.request({ url: '/api/v1/me/tokens' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(apiToken.id);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(sha256(token));

    const [row] = await rawQuery<{ token_hash: string }>(t.db.handle, 'select token_hash from api_tokens where id = $1', [apiToken.id]);
    expect(row.token_hash).toBe(sha256(token));
    expect(await tablesContaining(t.db.handle, token)).toEqual([]);
    expect(await tablesContaining(t.db.handle, token.slice(10))).toEqual([]);
  });

  it('signs a script in with Authorization: Bearer, with its owner’s rights and no CSRF token', async () => {
    const token = await createToken(t.app, repA, 'script');
    const me = await token.request({ url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(repA.userId);
    expect(me.json().csrfToken).toBeNull();
    expect(me.headers['set-cookie']).toBeUndefined();
    expect((await token.request({ url: '/api/v1/audit' })).statusCode).toBe(403);
    const write = await token.request({ method: 'PATCH', url: '/api/v1/me', payload: { locale: 'zh-CN' } });
    expect(write.statusCode).toBe(200);
    const [row] = await rawQuery<{ last_used_at: Date | null }>(t.db.handle, 'select last_used_at from api_tokens where id = $1', [token.tokenId]);
    expect(row.last_used_at).not.toBeNull();
  });

  it('refuses a revoked token', async () => {
    const token = await createToken(t.app, repA, 'to revoke');
    expect((await token.request({ url: '/api/v1/me' })).statusCode).toBe(200);
    const revoke = await repA.request({ method: 'DELETE', url: `/api/v1/me/tokens/${token.tokenId}` });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const after = await token.request({ url: '/api/v1/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
    // Revoking twice keeps the first revocation time.
    const again = await repA.request({ method: 'DELETE', url: `/api/v1/me/tokens/${token.tokenId}` });
    expect(again.statusCode).toBe(200);
    expect(again.json().revokedAt).toBe(revoke.json().revokedAt);
  });

  it('refuses an expired token', async () => {
    const res = await repA.request({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'short-lived', expiresInDays: 1 } });
    expect(res.statusCode).toBe(201);
    const expiresAt = new Date(res.json().apiToken.expiresAt).getTime();
    expect(Math.abs(expiresAt - (Date.now() + 86_400_000))).toBeLessThan(60_000);
    const token = bearer(t.app, res.json().token);
    expect((await token.request({ url: '/api/v1/me' })).statusCode).toBe(200);
    await rawQuery(t.db.handle, `update api_tokens set expires_at = now() - interval '1 second' where id = $1`, [res.json().apiToken.id]);
    expect((await token.request({ url: '/api/v1/me' })).statusCode).toBe(401);
  });

  it('refuses made-up and malformed tokens', async () => {
    for (const value of ['sdk_' + crypto.randomBytes(32).toString('base64url'), 'not-a-token', 'sdk_', '', ' ', 'sdk_' + 'x'.repeat(5000)]) {
      const res = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${value}` } });
      expect(res.statusCode, JSON.stringify(value.slice(0, 20))).toBe(401);
    }
    const basic = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.statusCode).toBe(401);
  });

  it("keeps each user's tokens to themselves: rep A cannot see or revoke rep B's token", async () => {
    const bToken = await createToken(t.app, repB, 'B only');
    const aList = await repA.request({ url: '/api/v1/me/tokens' });
    expect(aList.json().items.map((i: { id: string }) => i.id)).not.toContain(bToken.tokenId);
    for (const s of [repA, admin]) {
      const res = await s.request({ method: 'DELETE', url: `/api/v1/me/tokens/${bToken.tokenId}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    const [row] = await rawQuery<{ revoked_at: Date | null }>(t.db.handle, 'select revoked_at from api_tokens where id = $1', [bToken.tokenId]);
    expect(row.revoked_at).toBeNull();
    expect((await bToken.request({ url: '/api/v1/me' })).statusCode).toBe(200);
  });

  it('does not keep the secret anywhere when the token was created with an Idempotency-Key', async () => {
    const key = `token-${crypto.randomUUID()}`;
    const first = await repA.request({ method: 'POST', url: '/api/v1/me/tokens', headers: { 'idempotency-key': key }, payload: { name: 'retried script' } });
    expect(first.statusCode).toBe(201);
    const { token, apiToken } = first.json();
    expect(await tablesContaining(t.db.handle, token)).toEqual([]);
    // A retry still creates nothing new and tells which token was made, but the secret was shown once.
    const replay = await repA.request({ method: 'POST', url: '/api/v1/me/tokens', headers: { 'idempotency-key': key }, payload: { name: 'retried script' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().apiToken).toEqual(apiToken);
    expect(replay.body).not.toContain(token);
    const [n] = await rawQuery<{ n: number }>(t.db.handle, `select count(*)::int as n from api_tokens where name = 'retried script'`);
    expect(n.n).toBe(1);
    expect((await bearer(t.app, token).request({ url: '/api/v1/me' })).statusCode).toBe(200);
  });
});
