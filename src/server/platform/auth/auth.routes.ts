import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf, clearSessionCookie, sessionPolicy, setSessionCookie } from '../../http/auth';
import { changeOwnPasswordBody, updateMeBody } from '../../modules/users/users.schema';
import { changeOwnPassword, findUser, updateMe } from '../../modules/users/users.service';
import { idParams, okResponse } from '../schema/common.schema';
import { getCompanySettings } from '../settings/settings.service';
import type { Actor } from '../access/actor';
import { apiTokenDto, createTokenBody, loginBody, meDto } from './auth.schema';
import { login, logout } from './sessions';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens';

export function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;

  async function me(actor: Actor, csrfToken: string | null) {
    const user = (await findUser(db(), actor.userId))!;
    return { user, permissions: [...actor.permissions].sort(), csrfToken, company: await getCompanySettings(db()) };
  }

  r.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: loginBody, response: { 200: meDto } },
      config: { access: 'public', csrfExempt: true },
    },
    async (request, reply) => {
      const result = await login(db(), sessionPolicy(ctx.config), request.body, {
        label: request.body.email,
        ip: request.ip,
        requestId: request.id,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, request, result.sessionToken, ctx.config);
      return me(result.actor, result.csrfToken);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 200: okResponse } }, config: { access: 'public' } },
    async (request, reply) => {
      if (request.actor) await logout(db(), request.actor);
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  r.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'Who am I: user, permissions, CSRF token, company settings', response: { 200: meDto } } }, async (request) =>
    me(actorOf(request), request.csrfToken ?? null),
  );

  r.patch('/api/v1/me', { schema: { tags: ['auth'], summary: 'Change own language or name', body: updateMeBody, response: { 200: meDto } } }, async (request) => {
    await updateMe(db(), actorOf(request), request.body);
    const actor = { ...actorOf(request), ...(request.body.locale && { locale: request.body.locale }) };
    return me(actor, request.csrfToken ?? null);
  });

  r.post(
    '/api/v1/me/password',
    { schema: { tags: ['auth'], summary: 'Change own password; other sessions end', body: changeOwnPasswordBody, response: { 200: okResponse } } },
    async (request) => {
      await changeOwnPassword(db(), actorOf(request), request.body.currentPassword, request.body.newPassword);
      return { ok: true as const };
    },
  );

  r.get('/api/v1/me/tokens', { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: z.object({ items: z.array(apiTokenDto) }) } } }, async (request) => ({
    items: await listApiTokens(db(), actorOf(request)),
  }));

  r.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (the secret is shown once)',
        body: createTokenBody,
        response: { 201: z.object({ token: z.string(), apiToken: apiTokenDto }) },
      },
      // A retry with the same Idempotency-Key gets the token's details but not the secret again: it is never stored.
      config: { idempotencyOmit: ['token'] },
    },
    async (request, reply) => {
      reply.code(201);
      return createApiToken(db(), actorOf(request), request.body);
    },
  );

  r.delete(
    '/api/v1/me/tokens/:id',
    { schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: idParams, response: { 200: apiTokenDto } } },
    async (request) => revokeApiToken(db(), actorOf(request), request.params.id),
  );
}
