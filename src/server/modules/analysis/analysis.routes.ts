import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { pageOf } from '../../platform/schema/common.schema';
import { abcQuery, abcResult, dormancyQuery, dormancyResult, exportMembersQuery, lifecycleQuery, lifecycleResult, memberDto, membersQuery, rfmQuery, rfmResult } from './analysis.schema';
import { abcAnalysis, dormancyAnalysis, exportMembers, lifecycleAnalysis, listMembers, rfmAnalysis } from './analysis.service';

export function analysisRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analysis'];
  const base = '/api/v1/analysis/customers';

  r.get(`${base}/rfm`, { schema: { tags, summary: 'RFM scores and segments: customers and net sales per segment, the R × FM grid, per group of a dimension', querystring: rfmQuery, response: { 200: rfmResult } } }, async (req) =>
    rfmAnalysis(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/abc`, { schema: { tags, summary: 'ABC / Pareto: customers ranked by net sales, classes A (80 %), B (15 %), C', querystring: abcQuery, response: { 200: abcResult } } }, async (req) =>
    abcAnalysis(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/lifecycle`, { schema: { tags, summary: 'New vs returning customers per month, with their net sales', querystring: lifecycleQuery, response: { 200: lifecycleResult } } }, async (req) =>
    lifecycleAnalysis(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/dormancy`, { schema: { tags, summary: 'Dormant and churn-risk customers: counts, recency buckets, per group', querystring: dormancyQuery, response: { 200: dormancyResult } } }, async (req) =>
    dormancyAnalysis(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/members`, { schema: { tags, summary: 'The customers of one segment, class, month or risk, by net sales: keyset pages', querystring: membersQuery, response: { 200: pageOf(memberDto) } } }, async (req) =>
    listMembers(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/members/export`, { schema: { tags, summary: 'The same customer list as CSV or XLSX, headers in the caller’s language', querystring: exportMembersQuery } }, async (req, reply) => {
    const file = await exportMembers(ctx.db(), actorOf(req), req.query);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });
}
