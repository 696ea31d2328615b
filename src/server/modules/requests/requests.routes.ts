import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf, version } from '../../platform/schema/common.schema';
import { createGeneralRequestBody, generalRequestDto, listGeneralRequestsQuery, updateGeneralRequestBody } from './requests.schema';
import { createGeneralRequest, getGeneralRequest, listGeneralRequests, submitGeneralRequest, updateGeneralRequest } from './requests.service';

export function requestsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['general requests'];
  r.get('/api/v1/requests', { schema: { tags, summary: 'General requests I may see', querystring: listGeneralRequestsQuery, response: { 200: pageOf(generalRequestDto) } } }, async (req) =>
    listGeneralRequests(ctx.db(), actorOf(req), req.query),
  );
  r.get('/api/v1/requests/:id', { schema: { tags, params: idParams, response: { 200: generalRequestDto } } }, async (req) => getGeneralRequest(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/requests', { schema: { tags, summary: 'Write a general request (draft, or submit: true)', body: createGeneralRequestBody, response: { 201: generalRequestDto } } }, async (req, reply) => {
    reply.code(201);
    return createGeneralRequest(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/requests/:id', { schema: { tags, params: idParams, body: updateGeneralRequestBody, response: { 200: generalRequestDto } } }, async (req) =>
    updateGeneralRequest(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/requests/:id/submit', { schema: { tags, params: idParams, body: z.object({ version }).strict(), response: { 200: generalRequestDto } } }, async (req) =>
    submitGeneralRequest(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
}
