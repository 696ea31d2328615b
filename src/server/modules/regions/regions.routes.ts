import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams } from '../../platform/schema/common.schema';
import { createRegionBody, listRegionsQuery, regionDto, setRegionRepsBody, updateRegionBody } from './regions.schema';
import { createRegion, getRegion, listRegions, setRegionReps, updateRegion } from './regions.service';

export function regionsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['regions'];
  r.get(
    '/api/v1/regions',
    { schema: { tags, summary: 'The territory tree as flat rows with their reps (parentId makes the tree)', querystring: listRegionsQuery, response: { 200: z.object({ items: z.array(regionDto) }) } } },
    async (req) => ({ items: await listRegions(ctx.db(), actorOf(req), req.query) }),
  );
  r.get('/api/v1/regions/:id', { schema: { tags, params: idParams, response: { 200: regionDto } } }, async (req) => getRegion(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/regions', { schema: { tags, body: createRegionBody, response: { 201: regionDto } } }, async (req, reply) => {
    reply.code(201);
    return createRegion(ctx.db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/regions/:id', { schema: { tags, summary: 'Rename, move (parentId) or archive a region', params: idParams, body: updateRegionBody, response: { 200: regionDto } } }, async (req) =>
    updateRegion(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.put('/api/v1/regions/:id/reps', { schema: { tags, summary: 'Set the reps who cover a region (the whole set)', params: idParams, body: setRegionRepsBody, response: { 200: regionDto } } }, async (req) =>
    setRegionReps(ctx.db(), actorOf(req), req.params.id, req.body),
  );
}
