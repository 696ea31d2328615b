import { expect } from 'vitest';
import { TEST_PASSWORD, bearer } from '../helpers/app';
import { onlyFor, statuses, type MatrixRow } from './matrix';

/** Platform endpoints: sign-in, me, tokens, users, departments, roles, audit, settings, setup. */
export const platformRows: MatrixRow[] = [
  // Sign-in and first run are public.
  { name: 'setup status', method: 'GET', route: '/api/v1/setup', expect: statuses(200, { anonymous: 200 }) },
  {
    name: 'setup once set up',
    method: 'POST',
    route: '/api/v1/setup',
    body: (ctx) => ({
      settings: { companyName: 'Takeover Ltd', currency: 'CNY', timeZone: 'Asia/Shanghai', defaultLocale: 'en', fiscalYearStartMonth: 1 },
      admin: { email: `${ctx.unique('takeover')}@test.example`, displayName: 'Not Me', password: 'a long enough password 1' },
    }),
    expect: statuses(409, { anonymous: 409 }),
  },
  {
    name: 'sign in',
    method: 'POST',
    route: '/api/v1/auth/login',
    body: (ctx) => ({ email: ctx.users.viewer.email, password: TEST_PASSWORD }),
    expect: statuses(200, { anonymous: 200 }),
  },
  { name: 'sign out', method: 'POST', route: '/api/v1/auth/logout', freshSession: true, expect: statuses(200, { anonymous: 200 }) },

  // The caller's own account.
  { name: 'who am I', method: 'GET', route: '/api/v1/me', expect: statuses(200) },
  { name: 'own language', method: 'PATCH', route: '/api/v1/me', body: () => ({ locale: 'en' }), expect: statuses(200) },
  {
    name: 'own password',
    method: 'POST',
    route: '/api/v1/me/password',
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
    expect: statuses(200),
  },
  { name: 'own API tokens', method: 'GET', route: '/api/v1/me/tokens', expect: statuses(200) },
  { name: 'create an API token', method: 'POST', route: '/api/v1/me/tokens', body: (ctx) => ({ name: ctx.unique('script') }), expect: statuses(201) },
  {
    name: 'revoke my own API token',
    method: 'DELETE',
    route: '/api/v1/me/tokens/{id}',
    url: async (ctx, who) => `/api/v1/me/tokens/${who === 'anonymous' ? ctx.repBToken.id : await ctx.newTokenId(who)}`,
    expect: statuses(200),
  },
  {
    name: "revoke rep B's API token (someone else's)",
    method: 'DELETE',
    route: '/api/v1/me/tokens/{id}',
    url: (ctx) => `/api/v1/me/tokens/${ctx.repBToken.id}`,
    expect: statuses(404),
    after: async (ctx) => {
      const b = bearer(ctx.t.app, ctx.repBToken.token);
      const res = await b.request({ url: '/api/v1/me' });
      expect(res.statusCode, "rep B's token must still work").toBe(200);
      const list = await ctx.sessions.rep.request({ url: '/api/v1/me/tokens' });
      expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(ctx.repBToken.id);
    },
  },

  // People.
  { name: 'list users', method: 'GET', route: '/api/v1/users', expect: statuses(200) },
  { name: 'user detail', method: 'GET', route: '/api/v1/users/{id}', url: (ctx) => `/api/v1/users/${ctx.target.id}`, expect: statuses(200) },
  {
    name: 'create a user',
    method: 'POST',
    route: '/api/v1/users',
    body: (ctx) => ({
      email: `${ctx.unique('new-user')}@test.example`,
      displayName: 'New Colleague',
      password: 'a long enough password 2',
      roles: ['rep'],
      departmentId: ctx.salesDepartmentId,
    }),
    expect: onlyFor({ admin: 201 }),
  },
  {
    name: 'update a user',
    method: 'PATCH',
    route: '/api/v1/users/{id}',
    url: (ctx) => `/api/v1/users/${ctx.target.id}`,
    body: async (ctx) => ({ title: 'Senior Sales Representative', version: await ctx.version('users', ctx.target.id) }),
    expect: onlyFor({ admin: 200 }),
  },
  {
    name: "reset a user's password",
    method: 'POST',
    route: '/api/v1/users/{id}/reset-password',
    url: (ctx) => `/api/v1/users/${ctx.target.id}/reset-password`,
    body: () => ({ password: 'a fresh reset password 3' }),
    expect: onlyFor({ admin: 200 }),
  },

  // Organisation.
  { name: 'list departments', method: 'GET', route: '/api/v1/departments', expect: statuses(200) },
  {
    name: 'department detail',
    method: 'GET',
    route: '/api/v1/departments/{id}',
    url: (ctx) => `/api/v1/departments/${ctx.otherDepartmentId}`,
    expect: statuses(200),
  },
  {
    name: 'create a department',
    method: 'POST',
    route: '/api/v1/departments',
    body: (ctx) => ({ name: ctx.unique('Branch'), parentId: ctx.otherDepartmentId }),
    expect: onlyFor({ admin: 201 }),
  },
  {
    name: 'update a department',
    method: 'PATCH',
    route: '/api/v1/departments/{id}',
    url: (ctx) => `/api/v1/departments/${ctx.otherDepartmentId}`,
    body: async (ctx) => ({ name: 'Head Office', version: await ctx.version('departments', ctx.otherDepartmentId) }),
    expect: onlyFor({ admin: 200 }),
  },

  // Administration.
  { name: 'roles and permissions', method: 'GET', route: '/api/v1/roles', expect: onlyFor({ admin: 200, manager: 200 }) },
  { name: 'audit log', method: 'GET', route: '/api/v1/audit', expect: onlyFor({ admin: 200 }) },
  { name: 'company settings', method: 'GET', route: '/api/v1/settings', expect: statuses(200) },
  {
    name: 'replace company settings',
    method: 'PUT',
    route: '/api/v1/settings',
    body: () => ({ companyName: 'Salesdesk Test Co.', currency: 'CNY', timeZone: 'Asia/Shanghai', defaultLocale: 'zh-CN', fiscalYearStartMonth: 1 }),
    expect: onlyFor({ admin: 200 }),
  },
];
