import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, okResponse, pageOf } from '../../platform/schema/common.schema';
import { createUserBody, listUsersQuery, resetPasswordBody, updateUserBody, userDto } from './users.schema';
import { createUser, getUser, listUsers, resetPassword, updateUser } from './users.service';

export function usersRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/v1/users', { schema: { tags, summary: 'People directory (keyset paged)', querystring: listUsersQuery, response: { 200: pageOf(userDto) } } }, async (req) =>
    listUsers(ctx.db(), actorOf(req), req.query),
  );
  r.get('/api/v1/users/:id', { schema: { tags, params: idParams, response: { 200: userDto } } }, async (req) => getUser(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/users', { schema: { tags, summary: 'Create a user (admin)', body: createUserBody, response: { 201: userDto } } }, async (req, reply) => {
    reply.code(201);
    return createUser(ctx.db(), actorOf(req), req.body);
  });
  r.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Update, disable or re-role a user (admin); send the version you read', params: idParams, body: updateUserBody, response: { 200: userDto } } },
    async (req) => updateUser(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/users/:id/reset-password',
    { schema: { tags, summary: 'Set a new password for a user (admin); their sessions end', params: idParams, body: resetPasswordBody, response: { 200: okResponse } } },
    async (req) => {
      await resetPassword(ctx.db(), actorOf(req), req.params.id, req.body.password);
      return { ok: true as const };
    },
  );
}
