import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf } from '../../platform/schema/common.schema';
import {
  createSupplyItemBody,
  createSupplyRequestBody,
  listMovementsQuery,
  listSupplyItemsQuery,
  listSupplyRequestsQuery,
  movementDto,
  receiptBody,
  supplyItemDto,
  supplyReportDto,
  supplyReportQuery,
  supplyRequestDto,
  supplyRequestSummaryDto,
  updateSupplyItemBody,
  updateSupplyRequestBody,
  versionBody,
} from './supplies.schema';
import {
  createSupplyItem,
  createSupplyRequest,
  getSupplyItem,
  getSupplyRequest,
  issueSupplyRequest,
  listSupplyItems,
  listSupplyMovements,
  listSupplyRequests,
  receiveSupplies,
  submitSupplyRequest,
  supplyCostReport,
  updateSupplyItem,
  updateSupplyRequest,
} from './supplies.service';

export function suppliesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => ctx.db();
  const base = '/api/v1/supplies';

  let tags = ['supplies catalogue'];
  r.get(`${base}/items`, { schema: { tags, summary: 'The supplies catalogue with stock on hand', querystring: listSupplyItemsQuery, response: { 200: z.object({ items: z.array(supplyItemDto) }) } } }, async (req) => ({
    items: await listSupplyItems(db(), actorOf(req), req.query),
  }));
  r.get(`${base}/items/:id`, { schema: { tags, params: idParams, response: { 200: supplyItemDto } } }, async (req) => getSupplyItem(db(), actorOf(req), req.params.id));
  r.post(`${base}/items`, { schema: { tags, summary: 'Add an item to the catalogue', body: createSupplyItemBody, response: { 201: supplyItemDto } } }, async (req, reply) => {
    reply.code(201);
    return createSupplyItem(db(), actorOf(req), req.body);
  });
  r.patch(`${base}/items/:id`, { schema: { tags, summary: 'Rename, reprice or (de)activate an item', params: idParams, body: updateSupplyItemBody, response: { 200: supplyItemDto } } }, async (req) =>
    updateSupplyItem(db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/items/:id/receipts`, { schema: { tags, summary: 'Receive a purchase into stock (posted to the ledger)', params: idParams, body: receiptBody, response: { 201: movementDto } } }, async (req, reply) => {
    reply.code(201);
    return receiveSupplies(db(), actorOf(req), req.params.id, req.body);
  });
  r.get(`${base}/movements`, { schema: { tags, summary: 'Stock movements: receipts and issues, newest first', querystring: listMovementsQuery, response: { 200: pageOf(movementDto) } } }, async (req) =>
    listSupplyMovements(db(), actorOf(req), req.query),
  );

  tags = ['supplies requests'];
  r.get(`${base}/requests`, { schema: { tags, summary: 'Supplies requests I may see', querystring: listSupplyRequestsQuery, response: { 200: pageOf(supplyRequestSummaryDto) } } }, async (req) =>
    listSupplyRequests(db(), actorOf(req), req.query),
  );
  r.get(`${base}/requests/:id`, { schema: { tags, params: idParams, response: { 200: supplyRequestDto } } }, async (req) => getSupplyRequest(db(), actorOf(req), req.params.id));
  r.post(`${base}/requests`, { schema: { tags, summary: 'Request supplies (submitted for approval unless submit=false)', body: createSupplyRequestBody, response: { 201: supplyRequestDto } } }, async (req, reply) => {
    reply.code(201);
    return createSupplyRequest(db(), actorOf(req), req.body);
  });
  r.patch(`${base}/requests/:id`, { schema: { tags, summary: 'Change a draft or returned request', params: idParams, body: updateSupplyRequestBody, response: { 200: supplyRequestDto } } }, async (req) =>
    updateSupplyRequest(db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/requests/:id/submit`, { schema: { tags, summary: 'Send a draft or returned request into approval', params: idParams, body: versionBody, response: { 200: supplyRequestDto } } }, async (req) =>
    submitSupplyRequest(db(), actorOf(req), req.params.id, req.body.version),
  );
  r.post(`${base}/requests/:id/issue`, { schema: { tags, summary: 'Issue an approved request: stock goes down, the cost is booked', params: idParams, body: versionBody, response: { 200: supplyRequestDto } } }, async (req) =>
    issueSupplyRequest(db(), actorOf(req), req.params.id, req.body.version),
  );
  r.get(`${base}/report`, { schema: { tags, summary: 'Cost of issued supplies per person, department and item', querystring: supplyReportQuery, response: { 200: supplyReportDto } } }, async (req) =>
    supplyCostReport(db(), actorOf(req), req.query),
  );
}
