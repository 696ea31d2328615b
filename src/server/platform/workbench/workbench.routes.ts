import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { line } from '../schema/common.schema';
import { globalSearch, loadWorkbench } from './workbench.registry';

const item = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable().optional(),
  link: z.string().nullable().optional(),
  date: z.string().nullable().optional(),
  severity: z.enum(['info', 'warning', 'danger']).optional(),
  meta: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export function workbenchRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: 'What needs me today, from every module',
        response: { 200: z.object({ sections: z.array(z.object({ key: z.string(), count: z.number().int(), items: z.array(item), link: z.string().optional(), error: z.boolean().optional() })) }) },
      },
    },
    async (req) => ({ sections: await loadWorkbench(ctx.db(), actorOf(req)) }),
  );
  r.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['workbench'],
        summary: 'Global search over people and records the caller may see',
        querystring: z.object({ q: line(100).pipe(z.string().min(1, 'is required')), kinds: line(200).optional(), limit: z.coerce.number().int().min(1).max(20).default(5) }).strict(),
        response: { 200: z.object({ items: z.array(z.object({ kind: z.string(), id: z.string(), title: z.string(), subtitle: z.string().nullable().optional(), link: z.string() })) }) },
      },
    },
    async (req) => ({ items: await globalSearch(ctx.db(), actorOf(req), req.query.q, req.query.limit, req.query.kinds?.split(',')) }),
  );
}
