import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { notFound } from '../../http/app-error';
import { actorOf } from '../../http/auth';
import { requirePermission } from '../access/guard';
import { recordAudit } from '../audit/audit.service';
import { keysetPage } from '../pagination';
import { idParams, pageOf } from '../schema/common.schema';

const jobDto = z.object({
  id: z.string(),
  queue: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  payload: z.unknown(),
});

/** Admin view of the job queue: failed jobs to retry or cancel, and what is scheduled. */
export function jobsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];

  r.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Jobs by status (admin)',
        querystring: z.object({ status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']).default('failed'), limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() }).strict(),
        response: { 200: pageOf(jobDto) },
      },
    },
    async (req) => {
      requirePermission(actorOf(req), 'jobs:manage');
      const q = ctx.db().selectFrom('jobs').selectAll().where('status', '=', req.query.status);
      const page = await keysetPage(q, { sortRef: 'created_at', idRef: 'id', direction: 'desc', page: req.query, timestampSort: true, idOf: (j) => j.id });
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((j) => ({
          id: j.id,
          queue: j.queue,
          status: j.status,
          attempts: j.attempts,
          maxAttempts: j.max_attempts,
          runAt: new Date(j.run_at).toISOString(),
          lastError: j.last_error,
          createdAt: new Date(j.created_at).toISOString(),
          finishedAt: j.finished_at?.toISOString() ?? null,
          payload: j.payload,
        })),
      };
    },
  );

  const act = (action: 'retry' | 'cancel') =>
    r.post(`/api/v1/jobs/:id/${action}`, { schema: { tags, params: idParams, response: { 200: z.object({ id: z.string(), status: z.string() }) } } }, async (req) => {
      const actor = actorOf(req);
      requirePermission(actor, 'jobs:manage');
      return ctx.db().transaction().execute(async (trx) => {
        const job = await trx.selectFrom('jobs').select(['id', 'status']).where('id', '=', req.params.id).forUpdate().executeTakeFirst();
        if (!job) throw notFound('job', req.params.id);
        const allowed = action === 'retry' ? ['failed', 'cancelled'] : ['queued', 'failed'];
        if (!allowed.includes(job.status)) return { id: job.id, status: job.status };
        const status = action === 'retry' ? 'queued' : 'cancelled';
        await trx
          .updateTable('jobs')
          .set(action === 'retry' ? { status, attempts: 0, run_at: new Date(), finished_at: null } : { status, finished_at: new Date() })
          .where('id', '=', job.id)
          .execute();
        await recordAudit(trx, actor, { action: `job.${action}`, entityType: 'job', entityId: job.id, before: { status: job.status }, after: { status } });
        return { id: job.id, status };
      });
    });
  act('retry');
  act('cancel');

  r.get(
    '/api/v1/jobs/schedules',
    { schema: { tags, response: { 200: z.object({ items: z.array(z.object({ name: z.string(), cron: z.string(), timeZone: z.string(), nextRunAt: z.string(), lastRunAt: z.string().nullable() })) }) } } },
    async (req) => {
      requirePermission(actorOf(req), 'jobs:manage');
      const rows = await ctx.db().selectFrom('job_schedules').selectAll().orderBy('name').execute();
      return { items: rows.map((s) => ({ name: s.name, cron: s.cron, timeZone: s.time_zone, nextRunAt: s.next_run_at.toISOString(), lastRunAt: s.last_run_at?.toISOString() ?? null })) };
    },
  );
}
