import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, signIn, type TestApp } from '../helpers/app';

describe('platform smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('answers health, signs in and tells who I am', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t.app, admin.email);
    const me = await s.request({ url: '/api/v1/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(admin.email);
    expect(me.json().permissions).toContain('users:manage');
  });
});
