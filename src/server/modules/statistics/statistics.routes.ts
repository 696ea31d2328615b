import path from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import type { ExportFile } from '../../platform/export/list-export';
import { fileStores } from '../../platform/files/file-store';
import { idParams, okResponse } from '../../platform/schema/common.schema';
import { drillExportQuery, drillPageDto, drillQuery } from './statistics.drill.schema';
import { drillLines, exportDrillLines } from './statistics.drill';
import { createExportBody, exportJobDto, pivotExportQuery, salesExportQuery } from './statistics.export.schema';
import { createExportJob, exportNow, getExportJob, openExportFile, registerStatisticsJobs } from './statistics.export';
import { pivotDto, pivotQuery } from './statistics.pivot.schema';
import { salesPivot } from './statistics.pivot';
import { salesReportDto, salesReportQuery } from './statistics.schema';
import { salesReport } from './statistics.service';
import { createViewBody, listViewsQuery, updateViewBody, viewDto } from './statistics.views.schema';
import { createView, deleteView, getView, listViews, updateView } from './statistics.views';

const sendFile = (reply: FastifyReply, f: ExportFile) =>
  reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);

export function statisticsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statistics'];
  const db = () => ctx.db();
  const stores = fileStores(ctx.config.fileStore, path.join(ctx.config.dataDir, 'files'));
  registerStatisticsJobs(stores);
  r.get(
    '/api/v1/statistics/sales',
    {
      schema: {
        tags,
        summary: 'Sales indicators for a date range, by rep, department, region, product, category, customer, customer level or time bucket, with the previous period, last year, growth, share and rank',
        querystring: salesReportQuery,
        response: { 200: salesReportDto },
      },
      // The schema documents the answer; a breakdown by customer has thousands of rows whose zod check cost more than the
      // report itself, so it is written out as it is (the service's types build it, and test/statistics parses real answers with it).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (req) => salesReport(db(), actorOf(req), req.query),
  );
  r.get(
    '/api/v1/statistics/sales/lines',
    { schema: { tags, summary: 'Drill-down: the order and return lines behind one figure of the sales report (keyset paged), with their sums', querystring: drillQuery, response: { 200: drillPageDto } } },
    async (req) => drillLines(db(), actorOf(req), req.query),
  );
  r.get(
    '/api/v1/statistics/sales/lines/export',
    { schema: { tags, summary: 'The lines behind a figure as CSV or XLSX', querystring: drillExportQuery } },
    async (req, reply) => sendFile(reply, await exportDrillLines(db(), actorOf(req), req.query)),
  );
  r.get(
    '/api/v1/statistics/sales/export',
    { schema: { tags, summary: 'The sales report as XLSX (one sheet per breakdown) or PDF, answered at once', querystring: salesExportQuery } },
    async (req, reply) => {
      const { format, ...params } = req.query;
      return sendFile(reply, await exportNow(db(), actorOf(req), { kind: 'sales', format, params }));
    },
  );
  r.get('/api/v1/statistics/pivot', { schema: { tags, summary: 'Ad-hoc pivot: one measure by a row and a column dimension, with totals', querystring: pivotQuery, response: { 200: pivotDto } } }, async (req) =>
    salesPivot(db(), actorOf(req), req.query),
  );
  r.get('/api/v1/statistics/pivot/export', { schema: { tags, summary: 'The pivot as XLSX or PDF, answered at once', querystring: pivotExportQuery } }, async (req, reply) => {
    const { format, ...params } = req.query;
    return sendFile(reply, await exportNow(db(), actorOf(req), { kind: 'pivot', format, params }));
  });

  r.post('/api/v1/statistics/exports', { schema: { tags, summary: 'Start a background export of a report or pivot (XLSX or PDF)', body: createExportBody, response: { 201: exportJobDto } } }, async (req, reply) => {
    reply.code(201);
    return createExportJob(db(), actorOf(req), req.body);
  });
  r.get('/api/v1/statistics/exports/:id', { schema: { tags, summary: "An export's status and progress (its own user only)", params: idParams, response: { 200: exportJobDto } } }, async (req) =>
    getExportJob(db(), actorOf(req), req.params.id),
  );
  r.get('/api/v1/statistics/exports/:id/download', { schema: { tags, summary: 'The file of a finished export (its own user only)', params: idParams } }, async (req, reply) => {
    const f = await openExportFile(db(), stores, actorOf(req), req.params.id);
    return reply.type(f.mime).header('content-disposition', contentDisposition(f.name, { type: 'attachment' })).header('cache-control', 'private, no-store').send(f.stream);
  });

  r.get('/api/v1/statistics/views', { schema: { tags, summary: 'My saved report views', querystring: listViewsQuery, response: { 200: z.object({ items: z.array(viewDto) }) } } }, async (req) => ({
    items: await listViews(db(), actorOf(req), req.query.kind),
  }));
  r.post('/api/v1/statistics/views', { schema: { tags, summary: 'Save a report view', body: createViewBody, response: { 201: viewDto } } }, async (req, reply) => {
    reply.code(201);
    return createView(db(), actorOf(req), req.body);
  });
  r.get('/api/v1/statistics/views/:id', { schema: { tags, summary: 'One of my saved views', params: idParams, response: { 200: viewDto } } }, async (req) => getView(db(), actorOf(req), req.params.id));
  r.patch('/api/v1/statistics/views/:id', { schema: { tags, summary: 'Rename a saved view or replace its parameters (with the version read)', params: idParams, body: updateViewBody, response: { 200: viewDto } } }, async (req) =>
    updateView(db(), actorOf(req), req.params.id, req.body),
  );
  r.delete('/api/v1/statistics/views/:id', { schema: { tags, summary: 'Delete one of my saved views', params: idParams, response: { 200: okResponse } } }, async (req) => {
    await deleteView(db(), actorOf(req), req.params.id);
    return { ok: true as const };
  });
}
