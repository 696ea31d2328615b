import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createToken, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery, rowCounts } from '../helpers/sql';

const key = (label: string) => `${label}-${crypto.randomUUID()}`;

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let admin: Session;
  let admin2: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t.app, (await makeUser(t, ['admin'])).email);
    admin2 = await signIn(t.app, (await makeUser(t, ['admin'])).email);
  });
  afterAll(async () => t?.close());

  const newUser = (email: string) => ({ email, displayName: 'Idempotent Person', password: 'a long enough password 5', roles: ['rep'] });
  const countUsers = async (email: string) =>
    (await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from users where email = $1', [email]))[0].n;

  it('replays the first answer (status, body, idempotent-replayed header) and creates one record', async () => {
    const k = key('create-user');
    const email = `idem-${crypto.randomUUID()}@test.example`;
    const auditBefore = (await rowCounts(t.db.handle, ['audit_log'])).audit_log;
    const first = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(email) });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      const replay = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(email) });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers['content-type']).toBe(first.headers['content-type']);
      expect(replay.json()).toEqual(first.json());
    }
    expect(await countUsers(email)).toBe(1);
    const auditAfter = (await rowCounts(t.db.handle, ['audit_log'])).audit_log;
    expect(auditAfter - auditBefore).toBe(1); // one user.create, nothing for the replays
  });

  it('replays the same way for the same user through an API token', async () => {
    const k = key('via-token');
    const first = await admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name: 'Idempotent Branch' } });
    expect(first.statusCode).toBe(201);
    const token = await createToken(t.app, admin);
    const replay = await token.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name: 'Idempotent Branch' } });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
  });

  it('refuses the same key with a different body or on another endpoint (422), writing nothing', async () => {
    const k = key('reuse');
    const email = `idem-${crypto.randomUUID()}@test.example`;
    expect((await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(email) })).statusCode).toBe(201);
    const before = await rowCounts(t.db.handle, ['users', 'departments', 'audit_log']);
    const other = `idem-${crypto.randomUUID()}@test.example`;
    const changed = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(other) });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().code).toBe('idempotency_key_reused');
    const elsewhere = await admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name: 'Elsewhere' } });
    expect(elsewhere.statusCode).toBe(422);
    expect(await rowCounts(t.db.handle, ['users', 'departments', 'audit_log'])).toEqual(before);
    expect(await countUsers(other)).toBe(0);
  });

  it('keeps keys per user: another user with the same key gets their own result', async () => {
    const k = key('per-user');
    const a = await admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name: 'Per-user Branch' } });
    const b = await admin2.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name: 'Per-user Branch' } });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('creates exactly one record when identical requests arrive at once', async () => {
    const k = key('concurrent');
    const name = `Concurrent Branch ${crypto.randomUUID().slice(0, 8)}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () => admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name } })),
    );
    const statuses = results.map((r) => r.statusCode);
    for (const s of statuses) expect([201, 409]).toContain(s);
    const fresh = results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined);
    expect(fresh).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('idempotency_in_progress');
    for (const r of results.filter((x) => x.headers['idempotent-replayed'] === 'true')) expect(r.json().id).toBe(fresh[0].json().id);
    const [n] = await rawQuery<{ n: number }>(t.db.handle, 'select count(*)::int as n from departments where name = $1', [name]);
    expect(n.n).toBe(1);
    // Once the first has finished, a retry is a replay.
    const later = await admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': k }, payload: { name } });
    expect(later.statusCode).toBe(201);
    expect(later.headers['idempotent-replayed']).toBe('true');
  });

  it('replays a refusal too, so a retry cannot turn into a different outcome', async () => {
    const k = key('duplicate');
    const email = `idem-${crypto.randomUUID()}@test.example`;
    expect((await admin.request({ method: 'POST', url: '/api/v1/users', payload: newUser(email) })).statusCode).toBe(201);
    const dup = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(email) });
    expect(dup.statusCode).toBe(409);
    const again = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'idempotency-key': k }, payload: newUser(email) });
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().code).toBe('duplicate');
  });

  it('refuses a malformed key with 400 naming the header, writing nothing', async () => {
    const before = await rowCounts(t.db.handle, ['departments', 'audit_log', 'idempotency_keys']);
    for (const bad of ['short', 'has spaces in it', 'ünïcödé-key-123', 'x'.repeat(201), 'semi;colon;key', '']) {
      const res = await admin.request({ method: 'POST', url: '/api/v1/departments', headers: { 'idempotency-key': bad }, payload: { name: 'Never' } });
      expect(res.statusCode, JSON.stringify(bad.slice(0, 20))).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('Idempotency-Key');
    }
    expect(await rowCounts(t.db.handle, ['departments', 'audit_log', 'idempotency_keys'])).toEqual(before);
  });
});
