import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { salesReportDto, salesReportQuery } from './statistics.schema';
import { salesReport } from './statistics.service';

export function statisticsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statistics'];
  r.get(
    '/api/v1/statistics/sales',
    {
      schema: {
        tags,
        summary: 'Sales indicators for a date range, by rep, department, region, product, category, customer or time bucket, with the previous period, last year, growth, share and rank',
        querystring: salesReportQuery,
        response: { 200: salesReportDto },
      },
    },
    async (req) => salesReport(ctx.db(), actorOf(req), req.query),
  );
}
