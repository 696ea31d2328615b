import crypto from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Actor } from '../../src/server/platform/access/actor';
import type { Role } from '../../src/server/platform/access/roles';
import { loadActor } from '../../src/server/platform/auth/actor-loader';
import { TEST_PASSWORD, createToken, makeDepartment, makeUser, signIn, type Session, type TestApp } from '../helpers/app';
import { rawQuery } from '../helpers/sql';

/**
 * The access matrix: every endpoint × every role (and an anonymous caller), with
 * the status each must get. A module adds its rows in its own `<module>.rows.ts`
 * and lists the file in ./index.ts; the runner in test/platform/access-matrix.test.ts
 * plays every row for every caller, and fails when a documented endpoint has no row.
 *
 * Statuses: 401 anonymous, 403 a role that lacks the action, 404 a record the
 * caller may not see (written to the audit log as access.denied), 2xx allowed.
 * The same rows give the bad-input and CSRF tests a valid request per endpoint
 * (the admin's), so a new endpoint is covered there too once it has its row.
 */
export const ACTORS = ['anonymous', 'admin', 'manager', 'assistant', 'rep', 'finance', 'viewer'] as const;
export type Who = (typeof ACTORS)[number];
export type SignedIn = Exclude<Who, 'anonymous'>;

export interface MatrixUser {
  id: string;
  email: string;
}

export interface MatrixContext {
  t: TestApp;
  /** One user per role; all but admin work in ctx.salesDepartmentId. `rep` is rep A. */
  users: Record<SignedIn, MatrixUser> & { repB: MatrixUser };
  sessions: Record<SignedIn, Session> & { repB: Session };
  /** The same people as service-layer actors, for fixtures made through the real services. */
  actors: Record<SignedIn, Actor> & { repB: Actor };
  /** Records a module's setup made for its rows (keyed by the module). */
  data: Record<string, unknown>;
  /** What a module's setup started and must stop at the end (a mail server…). */
  cleanups: (() => Promise<void>)[];
  /** The department the role users belong to, and a second one (HQ, the admin's). */
  salesDepartmentId: string;
  otherDepartmentId: string;
  /** A user no caller is; writes (update, reset password) act on it. */
  target: MatrixUser;
  /** An API token of rep B: nobody else may see or revoke it. */
  repBToken: { id: string; token: string };
  /** A fresh API token of the caller (to be revoked by a row). */
  newTokenId(who: SignedIn): Promise<string>;
  /** The current version of a row, for optimistic-concurrency bodies. */
  version(table: string, id: string): Promise<number>;
  /** A unique string for names and emails. */
  unique(prefix: string): string;
}

export interface MatrixRow {
  /** Shown in the test name. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template this row exercises, e.g. /api/v1/users/{id}. */
  route: string;
  /** The URL to call; defaults to `route` (which then must have no {params}). */
  url?: (ctx: MatrixContext, who: Who) => string | Promise<string>;
  /** A valid JSON body for this caller; called anew for each request, after url() (which it receives). */
  body?: (ctx: MatrixContext, who: Who, url: string) => unknown | Promise<unknown>;
  /** A body that is not JSON (a multipart upload): the payload and its headers. */
  rawBody?: (ctx: MatrixContext, who: Who, url: string) => { payload: string | Buffer; headers: Record<string, string> } | Promise<{ payload: string | Buffer; headers: Record<string, string> }>;
  /** The status each caller must get. */
  expect: Record<Who, number>;
  /** Sign in anew before the request (for rows that end the session, like logout). */
  freshSession?: boolean;
  /** A 404 here means the record does not exist, not that it is hidden: no access.denied entry expected. */
  notFoundMeansMissing?: boolean;
  /** More assertions after every caller ran. */
  after?: (ctx: MatrixContext) => Promise<void>;
}

/** `{ anonymous: 401, every role: status }` with overrides: the usual shape of a row. */
export function statuses(everyone: number, overrides: Partial<Record<Who, number>> = {}): Record<Who, number> {
  return { anonymous: 401, admin: everyone, manager: everyone, assistant: everyone, rep: everyone, finance: everyone, viewer: everyone, ...overrides };
}

/** Allowed for the listed roles (with their status), 403 for the other roles, 401 anonymous. */
export function onlyFor(allowed: Partial<Record<SignedIn, number>>): Record<Who, number> {
  return statuses(403, allowed);
}

export const rowKey = (row: Pick<MatrixRow, 'method' | 'route'>) => `${row.method} ${row.route}`;

/** A module's share of the matrix: fixtures made once, then its rows. */
export interface MatrixModule {
  name: string;
  setup?: (ctx: MatrixContext) => Promise<void>;
  rows: MatrixRow[];
}

/** The people, sessions and records every row can refer to. */
export async function createMatrixContext(t: TestApp): Promise<MatrixContext> {
  const otherDepartmentId = await makeDepartment(t, 'HQ (matrix)');
  const salesDepartmentId = await makeDepartment(t, 'Sales (matrix)', otherDepartmentId);
  const admin = await makeUser(t, ['admin'], { departmentId: otherDepartmentId });
  const manager = await makeUser(t, ['manager'], { departmentId: salesDepartmentId });
  const roleUser = (role: Role, name?: string) => makeUser(t, [role], { departmentId: salesDepartmentId, managerId: manager.id, name });
  const [assistant, rep, repB, finance, viewer, target] = [
    await roleUser('assistant'),
    await roleUser('rep', 'Rep A'),
    await roleUser('rep', 'Rep B'),
    await roleUser('finance'),
    await roleUser('viewer'),
    await roleUser('rep', 'Target'),
  ];
  const users = { admin, manager, assistant, rep, finance, viewer, repB };
  const sessions = {} as MatrixContext['sessions'];
  for (const [who, u] of Object.entries(users)) sessions[who as SignedIn] = await signIn(t.app, u.email);
  const b = await createToken(t.app, sessions.repB, 'rep B script');
  const actors = {} as MatrixContext['actors'];
  for (const [who, u] of Object.entries(users)) actors[who as SignedIn] = (await loadActor(t.db.handle.db, u.id, { ip: '127.0.0.1' }))!;
  let n = 0;
  return {
    t,
    users,
    sessions,
    actors,
    data: {},
    cleanups: [],
    salesDepartmentId,
    otherDepartmentId,
    target,
    repBToken: { id: b.tokenId, token: b.token },
    async newTokenId(who) {
      return (await createToken(t.app, sessions[who], `matrix ${who}`)).tokenId;
    },
    async version(table, id) {
      const [row] = await rawQuery<{ version: number }>(t.db.handle, `select version from "${table}" where id = $1`, [id]);
      if (!row) throw new Error(`no ${table} row ${id}`);
      return row.version;
    },
    unique(prefix) {
      n++;
      return `${prefix}-${n}-${crypto.randomBytes(3).toString('hex')}`;
    },
  };
}

/** Builds the request a row makes for a caller. */
export async function requestFor(ctx: MatrixContext, row: MatrixRow, who: Who): Promise<InjectOptions> {
  const url = row.url ? await row.url(ctx, who) : row.route;
  if (/\{\w+\}/.test(url)) throw new Error(`row "${row.name}" needs a url() to fill ${row.route}`);
  const opts: InjectOptions = { method: row.method, url };
  if (row.body) opts.payload = (await row.body(ctx, who, url)) as InjectOptions['payload'];
  if (row.rawBody) {
    const raw = await row.rawBody(ctx, who, url);
    opts.payload = raw.payload;
    opts.headers = raw.headers;
  }
  return opts;
}

/** Runs every module's fixtures once, in order. */
export async function setupModules(ctx: MatrixContext, modules: MatrixModule[]): Promise<void> {
  for (const m of modules) await m.setup?.(ctx);
}

/** Sends a row's request as a caller: a signed-in browser (cookie + CSRF token) or nobody. */
export async function send(ctx: MatrixContext, row: MatrixRow, who: Who): Promise<LightMyRequestResponse> {
  const opts = await requestFor(ctx, row, who);
  if (who === 'anonymous') return ctx.t.app.inject(opts);
  const session = row.freshSession ? await signIn(ctx.t.app, ctx.users[who].email, TEST_PASSWORD) : ctx.sessions[who];
  return session.request(opts);
}

async function deniedCount(ctx: MatrixContext, userId: string): Promise<number> {
  const [r] = await rawQuery<{ n: number }>(ctx.t.db.handle, `select count(*)::int as n from audit_log where action = 'access.denied' and actor_id = $1`, [userId]);
  return r.n;
}

/** Plays one row for every caller and checks statuses, problem bodies and the audit of denials. */
export async function runRow(ctx: MatrixContext, row: MatrixRow): Promise<void> {
  const failures: string[] = [];
  for (const who of ACTORS) {
    const userId = who === 'anonymous' ? undefined : ctx.users[who].id;
    const deniedBefore = userId ? await deniedCount(ctx, userId) : 0;
    const res = await send(ctx, row, who);
    const want = row.expect[who];
    if (res.statusCode !== want) {
      failures.push(`${who}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 300)}`);
      continue;
    }
    if (want >= 400) {
      const body = res.json();
      const code = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[want as 401 | 403 | 404];
      if (code && body.code !== code) failures.push(`${who}: expected code ${code}, got ${body.code}`);
    }
    if (userId && (want === 403 || (want === 404 && !row.notFoundMeansMissing))) {
      const deniedAfter = await deniedCount(ctx, userId);
      if (deniedAfter !== deniedBefore + 1) failures.push(`${who}: a ${want} must write one access.denied audit entry, found ${deniedAfter - deniedBefore}`);
    }
  }
  expect(failures, `${row.method} ${row.route} (${row.name})`).toEqual([]);
  await row.after?.(ctx);
}
