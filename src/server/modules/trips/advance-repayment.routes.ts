import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams } from '../../platform/schema/common.schema';
import { advanceAccountDto, createRepaymentBody, recordedRepaymentDto } from './advance-repayment.schema';
import { getAdvanceAccount, recordRepayment } from './advance-repayment.service';

/** A trip's advance account and the traveller's repayments of an unused advance (registered by trips.routes.ts). */
export function advanceRepaymentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['trips'];
  r.get(
    '/api/v1/trips/:id/repayments',
    { schema: { tags, summary: "A trip's advance: paid, cleared by claims, repaid, outstanding; and its repayments", params: idParams, response: { 200: advanceAccountDto } } },
    async (req) => getAdvanceAccount(ctx.db(), actorOf(req), req.params.id),
  );
  r.post(
    '/api/v1/trips/:id/repayments',
    {
      schema: {
        tags,
        summary: 'Record the traveller repaying unused advance (posts Dr bank/cash, Cr 1221); send an Idempotency-Key',
        params: idParams,
        body: createRepaymentBody,
        response: { 201: recordedRepaymentDto },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return recordRepayment(ctx.db(), actorOf(req), req.params.id, req.body);
    },
  );
}
