import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Actor } from '../platform/access/actor';
import { authenticateSession, type SessionPolicy } from '../platform/auth/sessions';
import { authenticateApiToken } from '../platform/auth/tokens';
import { AppError } from './app-error';

export const SESSION_COOKIE = 'sd_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    csrfToken?: string;
    authVia?: 'session' | 'token';
  }
  interface FastifyContextConfig {
    /** 'public' routes need no sign-in; everything else under /api does. */
    access?: 'public';
    /** Routes that may be called with a cookie but no CSRF token (sign-in itself). */
    csrfExempt?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function timingSafeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export function sessionPolicy(config: Config): SessionPolicy {
  return { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs };
}

/**
 * Resolves who is calling (session cookie or `Authorization: Bearer sdk_…`), then
 * enforces sign-in on /api routes that are not public and CSRF on every
 * cookie-authenticated write. Token calls carry no ambient credential, so they
 * need no CSRF token.
 */
export function registerAuth(app: FastifyInstance, getDb: () => Kysely<Database>, config: Config) {
  const policy = sessionPolicy(config);
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const ctx = { ip: request.ip, requestId: request.id };
    const authz = request.headers.authorization;
    if (authz?.startsWith('Bearer ')) {
      const actor = await authenticateApiToken(getDb(), authz.slice(7).trim(), ctx);
      if (!actor) throw new AppError('unauthenticated', 'The API token is not valid');
      request.actor = actor;
      request.authVia = 'token';
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (cookie) {
        const session = await authenticateSession(getDb(), policy, cookie, ctx);
        if (session) {
          request.actor = session.actor;
          request.csrfToken = session.csrfToken;
          request.authVia = 'session';
        }
      }
    }
    const config = request.routeOptions.config ?? {};
    const isApi = request.url.startsWith('/api/v1/');
    if (isApi && config.access !== 'public' && !request.actor) {
      throw new AppError('unauthenticated', 'Sign in first');
    }
    if (request.authVia === 'session' && !SAFE_METHODS.has(request.method) && !config.csrfExempt) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !request.csrfToken || !timingSafeEqual(sent, request.csrfToken)) {
        throw new AppError('csrf_failed', 'The CSRF token is missing or wrong; reload the page');
      }
    }
  });
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, config: Config) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure || request.protocol === 'https',
    maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** For route handlers: the signed-in actor (the preHandler guarantees it on non-public routes). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first');
  return request.actor;
}
