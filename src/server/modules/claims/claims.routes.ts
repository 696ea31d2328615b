import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, okResponse, pageOf } from '../../platform/schema/common.schema';
import {
  calendarDayDto,
  calendarQuery,
  capDto,
  checkParams,
  claimDto,
  claimSummaryDto,
  claimVersionBody,
  createClaimBody,
  dayParams,
  exportClaimsQuery,
  gradeDto,
  listClaimsQuery,
  overrideBody,
  payClaimBody,
  putCalendarDayBody,
  putCapsBody,
  putGradeBody,
  updateClaimBody,
  userParams,
} from './claims.schema';
import { cancelClaim, createClaim, getClaim, listClaims, overrideCheck, recheckClaim, submitClaim, updateClaim } from './claims.service';
import type { ExportFile } from '../../platform/export/list-export';
import { exportClaims } from './claims.export';
import { payClaim } from './payments.service';

const sendFile = (reply: FastifyReply, f: ExportFile) =>
  reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);
import { deleteCalendarDay, listCalendar, listCaps, listGrades, putCalendarDay, replaceCaps, setGrade } from './policy.service';

export function claimsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['expense claims'];
  r.get('/api/v1/claims', { schema: { tags, summary: 'Expense claims I may see', querystring: listClaimsQuery, response: { 200: pageOf(claimSummaryDto) } } }, async (req) => listClaims(ctx.db(), actorOf(req), req.query));
  r.post('/api/v1/claims', { schema: { tags, summary: 'File a claim (draft, or submit: true); checked at once', body: createClaimBody, response: { 200: claimDto, 201: claimDto } } }, async (req, reply) => {
    const { claim, replayed } = await createClaim(ctx.db(), actorOf(req), req.body);
    reply.code(replayed ? 200 : 201);
    return claim;
  });
  r.get('/api/v1/claims/export', { schema: { tags, summary: 'The claims list as CSV or XLSX', querystring: exportClaimsQuery } }, async (req, reply) =>
    sendFile(reply, await exportClaims(ctx.db(), actorOf(req), req.query)),
  );
  r.get('/api/v1/claims/:id', { schema: { tags, params: idParams, response: { 200: claimDto } } }, async (req) => getClaim(ctx.db(), actorOf(req), req.params.id));
  r.patch('/api/v1/claims/:id', { schema: { tags, summary: 'Edit a draft claim (checks run again)', params: idParams, body: updateClaimBody, response: { 200: claimDto } } }, async (req) =>
    updateClaim(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/claims/:id/submit', { schema: { tags, summary: 'Send a draft claim into approval', params: idParams, body: claimVersionBody, response: { 200: claimDto } } }, async (req) =>
    submitClaim(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.post('/api/v1/claims/:id/cancel', { schema: { tags, summary: 'Cancel a draft claim', params: idParams, body: claimVersionBody, response: { 200: claimDto } } }, async (req) =>
    cancelClaim(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.post('/api/v1/claims/:id/recheck', { schema: { tags, summary: 'Run the automatic checks again', params: idParams, response: { 200: claimDto } } }, async (req) => recheckClaim(ctx.db(), actorOf(req), req.params.id));
  r.post('/api/v1/claims/:id/checks/:checkId/override', { schema: { tags, summary: 'Override a finding with a reason (reviewers, approvers)', params: checkParams, body: overrideBody, response: { 200: claimDto } } }, async (req) =>
    overrideCheck(ctx.db(), actorOf(req), req.params.id, req.params.checkId, req.body.reason),
  );
  r.post('/api/v1/claims/:id/pay', { schema: { tags, summary: 'Pay an approved claim net of the trip advance (posts to the ledger)', params: idParams, body: payClaimBody, response: { 200: claimDto } } }, async (req) =>
    payClaim(ctx.db(), actorOf(req), req.params.id, req.body),
  );

  const policy = ['expense policy'];
  r.get('/api/v1/expense-policy/caps', { schema: { tags: policy, summary: 'Caps per grade, city tier and category', response: { 200: z.object({ caps: z.array(capDto) }) } } }, async (req) => ({
    caps: await listCaps(ctx.db(), actorOf(req)),
  }));
  r.put('/api/v1/expense-policy/caps', { schema: { tags: policy, summary: 'Replace the cap table', body: putCapsBody, response: { 200: z.object({ caps: z.array(capDto) }) } } }, async (req) => ({
    caps: await replaceCaps(ctx.db(), actorOf(req), req.body.caps),
  }));
  r.get('/api/v1/expense-policy/grades', { schema: { tags: policy, summary: "Employees' travel grades", response: { 200: z.object({ items: z.array(gradeDto) }) } } }, async (req) => ({
    items: await listGrades(ctx.db(), actorOf(req)),
  }));
  r.put('/api/v1/expense-policy/grades/:userId', { schema: { tags: policy, summary: "Set an employee's travel grade", params: userParams, body: putGradeBody, response: { 200: gradeDto } } }, async (req) =>
    setGrade(ctx.db(), actorOf(req), req.params.userId, req.body.grade),
  );
  r.get('/api/v1/expense-policy/calendar', { schema: { tags: policy, summary: 'Public holidays and adjusted working days of a year', querystring: calendarQuery, response: { 200: z.object({ items: z.array(calendarDayDto) }) } } }, async (req) => ({
    items: await listCalendar(ctx.db(), actorOf(req), req.query.year),
  }));
  r.put('/api/v1/expense-policy/calendar/:day', { schema: { tags: policy, summary: 'Mark a day as a holiday or a working day', params: dayParams, body: putCalendarDayBody, response: { 200: calendarDayDto } } }, async (req) =>
    putCalendarDay(ctx.db(), actorOf(req), req.params.day, req.body),
  );
  r.delete('/api/v1/expense-policy/calendar/:day', { schema: { tags: policy, summary: 'Make a day ordinary again', params: dayParams, response: { 200: okResponse } } }, async (req) => {
    await deleteCalendarDay(ctx.db(), actorOf(req), req.params.day);
    return { ok: true as const };
  });
}
