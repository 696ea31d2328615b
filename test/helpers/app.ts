import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import { createDepartment } from '../../src/server/modules/departments/departments.service';
import { createUser } from '../../src/server/modules/users/users.service';
import type { Role } from '../../src/server/platform/access/roles';
import { configurePasswordHashing } from '../../src/server/platform/auth/passwords';
import { createTestDatabase, type TestDatabase } from './db';

export const TEST_PASSWORD = 'test-password-long-enough';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The real app (no web assets) on a fresh test database. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' }, { webDist: '/nonexistent', ...overrides });
  configurePasswordHashing(config.argon2MemoryKib);
  const app = await buildApp({ handle: db.handle, config, logger: false });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** A signed-in user for route tests: cookie and CSRF token applied to every request. */
export interface Session {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

/** A raw sign-in attempt; `ip` sets the caller's address (the login throttle counts per IP). */
export function postLogin(app: FastifyInstance, email: string, password: string, ip?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, ...(ip && { remoteAddress: ip }) });
}

export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD, ip?: string): Promise<Session> {
  const res = await postLogin(app, email, password, ip);
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'sd_session');
  if (!setCookie) throw new Error('no session cookie');
  const body = res.json();
  const cookie = `sd_session=${setCookie.value}`;
  return {
    userId: body.user.id,
    email,
    cookie,
    csrf: body.csrfToken,
    request(opts) {
      return app.inject({ ...opts, headers: { cookie, 'x-csrf-token': body.csrfToken, ...(opts.headers ?? {}) } });
    },
  };
}

let counter = 0;
/** Creates a department (or uses the given one) and a user with the given roles, directly through the service. */
export async function makeUser(
  t: TestApp,
  roles: Role[],
  opts: { departmentId?: string | null; managerId?: string | null; email?: string; name?: string } = {},
): Promise<{ id: string; email: string }> {
  counter++;
  const email = opts.email ?? `${roles.join('-')}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.example`;
  const user = await createUser(t.db.handle.db, { label: 'test' }, {
    email,
    displayName: opts.name ?? `${roles.join('/')} ${counter}`,
    password: TEST_PASSWORD,
    roles,
    departmentId: opts.departmentId ?? null,
    managerId: opts.managerId ?? null,
  });
  return { id: user.id, email };
}

export async function makeDepartment(t: TestApp, name: string, parentId: string | null = null): Promise<string> {
  const dep = await createDepartment(t.db.handle.db, { label: 'test' }, { name, parentId });
  return dep.id;
}

/** A second app on the same database with other settings (short session timeouts, Secure cookies…). */
export async function buildAppOn(t: TestApp, overrides: Partial<Config>): Promise<FastifyInstance> {
  const app = await buildApp({ handle: t.db.handle, config: { ...t.config, ...overrides }, logger: false });
  await app.ready();
  return app;
}

/** A script's view of the API: `Authorization: Bearer <token>`, no cookie, no CSRF token. */
export interface TokenClient {
  token: string;
  tokenId: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export function bearer(app: FastifyInstance, token: string, tokenId = ''): TokenClient {
  return {
    token,
    tokenId,
    request(opts) {
      return app.inject({ ...opts, headers: { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) } });
    },
  };
}

/** Creates a personal API token for the signed-in user through the API. */
export async function createToken(app: FastifyInstance, s: Session, name = 'test token'): Promise<TokenClient> {
  const res = await s.request({ method: 'POST', url: '/api/v1/me/tokens', payload: { name } });
  if (res.statusCode !== 201) throw new Error(`token creation failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return bearer(app, body.token, body.apiToken.id);
}
