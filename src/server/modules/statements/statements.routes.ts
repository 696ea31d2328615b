import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { fileStores } from '../../platform/files/file-store';
import { idParams } from '../../platform/schema/common.schema';
import { archiveReportPdf, consolidatePeriod, getReport, listReports } from './statements.report';
import {
  acceptStatementBody,
  boardDto,
  boardQuery,
  calendarDto,
  calendarQuery,
  closePeriodBody,
  consolidateBody,
  departmentReportDto,
  listReportsQuery,
  listStatementsQuery,
  periodRef,
  queryStatementBody,
  reportSummaryDto,
  statementDto,
  statementSettingsSchema,
  statementSummaryDto,
  submitStatementBody,
  updateStatementBody,
} from './statements.schema';
import {
  acceptStatement,
  board,
  calendar,
  closePeriod,
  getStatement,
  listStatements,
  openPeriod,
  queryStatement,
  readStatementSettings,
  submitStatement,
  updateStatement,
  updateStatementSettings,
} from './statements.service';
import { z } from 'zod';

export function statementsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statements'];
  const stores = fileStores(ctx.config.fileStore, path.join(ctx.config.dataDir, 'files'));
  const base = '/api/v1/statements';

  r.get(`${base}`, { schema: { tags, summary: "Statements: a rep's own, a reviewer's department's", querystring: listStatementsQuery, response: { 200: z.object({ items: z.array(statementSummaryDto) }) } } }, async (req) =>
    listStatements(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/board`, { schema: { tags, summary: "The assistant's board of one period: who submitted, who is late, who was reminded", querystring: boardQuery, response: { 200: boardDto } } }, async (req) =>
    board(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/calendar`, { schema: { tags, summary: 'Due dates of a year per period and rep', querystring: calendarQuery, response: { 200: calendarDto } } }, async (req) =>
    calendar(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/settings`, { schema: { tags, summary: 'Due days, reminders and the reconciliation tolerance', response: { 200: statementSettingsSchema } } }, async (req) => readStatementSettings(ctx.db(), actorOf(req)));
  r.put(`${base}/settings`, { schema: { tags, summary: 'Change the due days, reminders and tolerance (admin)', body: statementSettingsSchema, response: { 200: statementSettingsSchema } } }, async (req) =>
    updateStatementSettings(ctx.db(), actorOf(req), req.body),
  );
  r.post(`${base}/periods/open`, { schema: { tags, summary: "Open a period's statements for every rep of the department (the daily job does it when a period ends)", body: periodRef, response: { 200: boardDto } } }, async (req) =>
    openPeriod(ctx.db(), actorOf(req), req.body),
  );
  r.post(`${base}/periods/close`, { schema: { tags, summary: 'Close an ended period with a reason for the missing statements', body: closePeriodBody, response: { 200: boardDto } } }, async (req) =>
    closePeriod(ctx.db(), actorOf(req), req.body),
  );
  r.post(`${base}/periods/consolidate`, { schema: { tags, summary: "Consolidate a period's statements into the next version of the department report", body: consolidateBody, response: { 201: departmentReportDto } } }, async (req, reply) => {
    reply.code(201);
    return consolidatePeriod(ctx.db(), stores, actorOf(req), req.body);
  });
  r.get(`${base}/reports`, { schema: { tags, summary: 'Department reports (every version)', querystring: listReportsQuery, response: { 200: z.object({ items: z.array(reportSummaryDto) }) } } }, async (req) =>
    listReports(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/reports/:id`, { schema: { tags, params: idParams, response: { 200: departmentReportDto } } }, async (req) => getReport(ctx.db(), actorOf(req), req.params.id));
  r.post(`${base}/reports/:id/pdf`, { schema: { tags, summary: 'Write the PDF of a report that has none yet (attached and archived); download it through /api/v1/files/{id}/download', params: idParams, response: { 200: departmentReportDto } } }, async (req) =>
    archiveReportPdf(ctx.db(), stores, actorOf(req), req.params.id),
  );
  r.get(`${base}/:id`, { schema: { tags, params: idParams, response: { 200: statementDto } } }, async (req) => getStatement(ctx.db(), actorOf(req), req.params.id));
  r.patch(`${base}/:id`, { schema: { tags, summary: 'The rep saves reported figures and commentary', params: idParams, body: updateStatementBody, response: { 200: statementDto } } }, async (req) =>
    updateStatement(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/:id/submit`, { schema: { tags, summary: 'The rep submits (or resubmits with an answer)', params: idParams, body: submitStatementBody, response: { 200: statementDto } } }, async (req) =>
    submitStatement(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/:id/query`, { schema: { tags, summary: 'Send a handed-in statement back to the rep with a question', params: idParams, body: queryStatementBody, response: { 200: statementDto } } }, async (req) =>
    queryStatement(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/:id/accept`, { schema: { tags, summary: 'Accept a handed-in statement', params: idParams, body: acceptStatementBody, response: { 200: statementDto } } }, async (req) =>
    acceptStatement(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
}
