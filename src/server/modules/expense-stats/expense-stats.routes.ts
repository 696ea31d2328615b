import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { budgetDto, budgetQuery, expenseExportQuery, expenseOverviewDto as overviewDto, expenseOverviewQuery } from './expense-stats.schema';
import { budgetVersusActual, expenseOverview, exportExpenses } from './expense-stats.service';

export function expenseStatsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['expense statistics'];
  const base = '/api/v1/expense-stats';
  r.get(`${base}/overview`, { schema: { tags, summary: 'Expenses by category, person, department, trip, customer and period (a rep: their own)', querystring: expenseOverviewQuery, response: { 200: overviewDto } } }, async (req) =>
    expenseOverview(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/budget`, { schema: { tags, summary: 'Budget versus actual per trip and per traveller', querystring: budgetQuery, response: { 200: budgetDto } } }, async (req) =>
    budgetVersusActual(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/export`, { schema: { tags, summary: 'The expense statistics as a formatted XLSX workbook in the reader’s language', querystring: expenseExportQuery } }, async (req, reply) => {
    const f = await exportExpenses(ctx.db(), actorOf(req), req.query);
    return reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);
  });
}
