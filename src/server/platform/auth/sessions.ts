import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { Actor, SystemContext } from '../access/actor';
import { recordAudit } from '../audit/audit.service';
import { loadActor } from './actor-loader';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { releaseAfterSuccess, reserveLoginAttempt } from './throttle';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

/** Refresh last_seen_at at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  actor: Actor;
}

/**
 * Signs a user in: throttled per account and IP before the hasher runs, the same
 * answer for an unknown email as for a wrong password, a fresh session id each time.
 */
export async function login(
  db: Kysely<Database>,
  policy: SessionPolicy,
  input: { email: string; password: string },
  ctx: SystemContext & { userAgent?: string },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const decision = await reserveLoginAttempt(db, email, ctx.ip);
  if (!decision.allowed) {
    await recordAudit(db, ctx, { action: 'auth.login_throttled', entityType: 'user', after: { email } });
    throw new AppError('too_many_requests', 'Too many sign-in attempts; wait and try again', {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'is_active'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .executeTakeFirst();
  let ok = false;
  if (user?.password_hash) ok = await verifyPassword(user.password_hash, input.password);
  else await burnPasswordCheck(input.password);
  if (!ok || !user || !user.is_active) {
    await recordAudit(db, ctx, {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { email, reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'disabled' },
    });
    throw new AppError('invalid_credentials', 'Email or password is wrong');
  }
  await releaseAfterSuccess(db, email, ctx.ip);
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const now = Date.now();
  const actor = (await loadActor(db, user.id, { ip: ctx.ip, requestId: ctx.requestId, sessionId: sha256(sessionToken) }))!;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sha256(sessionToken),
        user_id: user.id,
        csrf_token: csrfToken,
        expires_at: new Date(now + policy.absoluteMs),
        ip: ctx.ip ?? null,
        user_agent: ctx.userAgent?.slice(0, 500) ?? null,
      })
      .execute();
    await trx.updateTable('users').set({ last_login_at: new Date(now) }).where('id', '=', user.id).execute();
    await recordAudit(trx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
  });
  return { sessionToken, csrfToken, actor };
}

export interface SessionInfo {
  actor: Actor;
  csrfToken: string;
}

/** Resolves a session cookie; an idle, expired, revoked session or a disabled user gives undefined. */
export async function authenticateSession(
  db: Kysely<Database>,
  policy: SessionPolicy,
  sessionToken: string,
  ctx: { ip?: string; requestId?: string },
): Promise<SessionInfo | undefined> {
  const idHash = sha256(sessionToken);
  const session = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!session || session.revoked_at) return undefined;
  const now = Date.now();
  if (session.expires_at.getTime() <= now) return undefined;
  if (new Date(session.last_seen_at).getTime() + policy.idleMs <= now) return undefined;
  const actor = await loadActor(db, session.user_id, { sessionId: idHash, ...ctx });
  if (!actor) return undefined;
  if (now - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: new Date(now) }).where('id_hash', '=', idHash).execute();
  }
  return { actor, csrfToken: session.csrf_token };
}

export async function logout(db: Kysely<Database>, actor: Actor): Promise<void> {
  if (!actor.sessionId) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('sessions').set({ revoked_at: new Date() }).where('id_hash', '=', actor.sessionId!).execute();
    await recordAudit(trx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
  });
}

/** Ends every session of a user (password change, account disabled); optionally keeps the one in use. */
export async function revokeUserSessions(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  exceptSessionId?: string,
): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptSessionId) q = q.where('id_hash', '!=', exceptSessionId);
  // API tokens are separate credentials (like a personal access token) and survive a password
  // change; a disabled account stops them too, because loadActor refuses inactive users.
  await q.execute();
}
