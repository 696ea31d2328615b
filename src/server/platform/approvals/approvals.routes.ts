import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, line, okResponse } from '../schema/common.schema';
import { actionBody, approvalEventDto, approvalRequestDto, commentBody, delegationBody, flowSchema, flowStepDto } from './approvals.schema';
import { actOnRequest, createDelegation, documentHistory, getApprovalRequest, inbox, listDelegations, listFlows, mySubmissions, revokeDelegation, saveFlow } from './approvals.service';

const inboxItem = z.object({
  requestId: z.string(),
  docType: z.string(),
  docId: z.string(),
  title: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  submitterName: z.string(),
  submittedAt: z.string(),
  step: z.number().int(),
  onBehalfOf: z.string().nullable(),
  link: z.string().nullable(),
});
const submissionItem = z.object({
  requestId: z.string(),
  docType: z.string(),
  docId: z.string(),
  title: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  status: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  link: z.string().nullable(),
});
const flowDto = z.object({ docType: z.string(), steps: z.array(flowStepDto), version: z.number().int(), isDefault: z.boolean() });
const delegationDto = z.object({ id: z.string(), userId: z.string(), userName: z.string(), delegateId: z.string(), delegateName: z.string(), startsOn: z.string(), endsOn: z.string(), revokedAt: z.string().nullable() });

export function approvalsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['approvals'];

  r.get('/api/v1/approvals/inbox', { schema: { tags, summary: 'My approvals: what waits for my decision', response: { 200: z.object({ items: z.array(inboxItem), count: z.number().int() }) } } }, async (req) => {
    const items = await inbox(ctx.db(), actorOf(req));
    return { items, count: items.length };
  });
  r.get('/api/v1/approvals/submitted', { schema: { tags, summary: 'Requests I submitted', response: { 200: z.object({ items: z.array(submissionItem) }) } } }, async (req) => ({
    items: await mySubmissions(ctx.db(), actorOf(req)),
  }));
  r.get('/api/v1/approvals/requests/:id', { schema: { tags, params: idParams, response: { 200: approvalRequestDto } } }, async (req) => getApprovalRequest(ctx.db(), actorOf(req), req.params.id));
  r.get(
    '/api/v1/approvals/history',
    { schema: { tags, summary: "A document's approval history", querystring: z.object({ docType: line(50), docId: line(100) }).strict(), response: { 200: z.object({ items: z.array(approvalEventDto) }) } } },
    async (req) => ({ items: await documentHistory(ctx.db(), actorOf(req), req.query.docType, req.query.docId) }),
  );
  for (const action of ['approve', 'reject', 'return', 'withdraw'] as const) {
    r.post(`/api/v1/approvals/requests/:id/${action}`, { schema: { tags, params: idParams, body: actionBody, response: { 200: approvalRequestDto } } }, async (req) =>
      actOnRequest(ctx.db(), actorOf(req), req.params.id, action, req.body),
    );
  }
  r.post('/api/v1/approvals/requests/:id/comment', { schema: { tags, params: idParams, body: commentBody, response: { 200: approvalRequestDto } } }, async (req) =>
    actOnRequest(ctx.db(), actorOf(req), req.params.id, 'comment', req.body),
  );

  r.get('/api/v1/approvals/flows', { schema: { tags, summary: 'Approval flows per document type (admin)', response: { 200: z.object({ items: z.array(flowDto) }) } } }, async (req) => ({
    items: await listFlows(ctx.db(), actorOf(req)),
  }));
  r.put(
    '/api/v1/approvals/flows/:docType',
    { schema: { tags, params: z.object({ docType: line(50) }).strict(), body: flowSchema, response: { 200: flowDto } } },
    async (req) => saveFlow(ctx.db(), actorOf(req), req.params.docType, req.body.steps, req.body.version),
  );

  r.get('/api/v1/approvals/delegations', { schema: { tags, summary: 'Delegations I gave or received', response: { 200: z.object({ items: z.array(delegationDto) }) } } }, async (req) => ({
    items: await listDelegations(ctx.db(), actorOf(req)),
  }));
  r.post('/api/v1/approvals/delegations', { schema: { tags, body: delegationBody, response: { 201: z.object({ id: z.string() }) } } }, async (req, reply) => {
    reply.code(201);
    return { id: await createDelegation(ctx.db(), actorOf(req), req.body) };
  });
  r.delete('/api/v1/approvals/delegations/:id', { schema: { tags, params: idParams, response: { 200: okResponse } } }, async (req) => {
    await revokeDelegation(ctx.db(), actorOf(req), req.params.id);
    return { ok: true as const };
  });
}
