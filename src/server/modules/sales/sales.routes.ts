import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf } from '../../platform/schema/common.schema';
import type { ExportFile } from '../../platform/export/list-export';
import {
  contractDto,
  contractFromNegotiationBody,
  contractTransitionBody,
  createContractBody,
  createNegotiationBody,
  createOrderBody,
  createReturnBody,
  exportContractsQuery,
  exportNegotiationsQuery,
  exportOrdersQuery,
  exportReturnsQuery,
  listContractsQuery,
  listNegotiationsQuery,
  listOrdersQuery,
  listReturnsQuery,
  meetingBody,
  negotiationDto,
  orderDto,
  orderTransitionBody,
  outcomeBody,
  returnDto,
  returnTransitionBody,
  updateContractBody,
  updateNegotiationBody,
  updateOrderBody,
  updateReturnBody,
} from './sales.schema';
import {
  addMeeting,
  contractFromNegotiation,
  createContract,
  createNegotiation,
  createOrder,
  createReturn,
  exportContracts,
  exportNegotiations,
  exportOrders,
  exportReturns,
  getContract,
  getNegotiation,
  getOrder,
  getReturn,
  listContracts,
  listNegotiations,
  listOrders,
  listReturns,
  setOutcome,
  transitionContract,
  transitionOrder,
  transitionReturn,
  updateContract,
  updateNegotiation,
  updateOrder,
  updateReturn,
} from './sales.service';

const sendFile = (reply: FastifyReply, f: ExportFile) =>
  reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);

export function salesRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => ctx.db();

  // ------------------------------------------------------------ orders
  let tags = ['sales orders'];
  r.get('/api/v1/sales/orders', { schema: { tags, summary: 'Sales orders of customers I may see', querystring: listOrdersQuery, response: { 200: pageOf(orderDto) } } }, async (req) => listOrders(db(), actorOf(req), req.query));
  r.get('/api/v1/sales/orders/export', { schema: { tags, summary: 'The filtered order list as CSV or XLSX', querystring: exportOrdersQuery } }, async (req, reply) => sendFile(reply, await exportOrders(db(), actorOf(req), req.query)));
  r.get('/api/v1/sales/orders/:id', { schema: { tags, summary: 'An order with its lines', params: idParams, response: { 200: orderDto } } }, async (req) => getOrder(db(), actorOf(req), req.params.id));
  r.post('/api/v1/sales/orders', { schema: { tags, summary: 'Write a draft order', body: createOrderBody, response: { 201: orderDto } } }, async (req, reply) => {
    reply.code(201);
    return createOrder(db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/sales/orders/:id', { schema: { tags, summary: "Change a draft (lines replace the draft's lines), or an open order's notes", params: idParams, body: updateOrderBody, response: { 200: orderDto } } }, async (req) =>
    updateOrder(db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/sales/orders/:id/transition', { schema: { tags, summary: 'Confirm, deliver, close or cancel', params: idParams, body: orderTransitionBody, response: { 200: orderDto } } }, async (req) =>
    transitionOrder(db(), actorOf(req), req.params.id, req.body.to, req.body.version),
  );

  // ------------------------------------------------------------ returns
  tags = ['sales returns'];
  r.get('/api/v1/sales/returns', { schema: { tags, summary: 'Sales returns of customers I may see', querystring: listReturnsQuery, response: { 200: pageOf(returnDto) } } }, async (req) => listReturns(db(), actorOf(req), req.query));
  r.get('/api/v1/sales/returns/export', { schema: { tags, summary: 'The filtered return list as CSV or XLSX', querystring: exportReturnsQuery } }, async (req, reply) => sendFile(reply, await exportReturns(db(), actorOf(req), req.query)));
  r.get('/api/v1/sales/returns/:id', { schema: { tags, params: idParams, response: { 200: returnDto } } }, async (req) => getReturn(db(), actorOf(req), req.params.id));
  r.post('/api/v1/sales/returns', { schema: { tags, summary: 'Write a draft return of order lines', body: createReturnBody, response: { 201: returnDto } } }, async (req, reply) => {
    reply.code(201);
    return createReturn(db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/sales/returns/:id', { schema: { tags, params: idParams, body: updateReturnBody, response: { 200: returnDto } } }, async (req) => updateReturn(db(), actorOf(req), req.params.id, req.body));
  r.post('/api/v1/sales/returns/:id/transition', { schema: { tags, summary: 'Confirm or cancel a draft return', params: idParams, body: returnTransitionBody, response: { 200: returnDto } } }, async (req) =>
    transitionReturn(db(), actorOf(req), req.params.id, req.body.to, req.body.version),
  );

  // ------------------------------------------------------------ contracts
  tags = ['contracts'];
  r.get('/api/v1/sales/contracts', { schema: { tags, summary: 'Contracts of customers I may see', querystring: listContractsQuery, response: { 200: pageOf(contractDto) } } }, async (req) => listContracts(db(), actorOf(req), req.query));
  r.get('/api/v1/sales/contracts/export', { schema: { tags, summary: 'The filtered contract list as CSV or XLSX', querystring: exportContractsQuery } }, async (req, reply) =>
    sendFile(reply, await exportContracts(db(), actorOf(req), req.query)),
  );
  r.get('/api/v1/sales/contracts/:id', { schema: { tags, summary: 'A contract with its linked orders', params: idParams, response: { 200: contractDto } } }, async (req) => getContract(db(), actorOf(req), req.params.id));
  r.post('/api/v1/sales/contracts', { schema: { tags, summary: 'Write a draft contract', body: createContractBody, response: { 201: contractDto } } }, async (req, reply) => {
    reply.code(201);
    return createContract(db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/sales/contracts/:id', { schema: { tags, params: idParams, body: updateContractBody, response: { 200: contractDto } } }, async (req) => updateContract(db(), actorOf(req), req.params.id, req.body));
  r.post('/api/v1/sales/contracts/:id/transition', { schema: { tags, summary: 'Activate (signed) or terminate', params: idParams, body: contractTransitionBody, response: { 200: contractDto } } }, async (req) =>
    transitionContract(db(), actorOf(req), req.params.id, req.body.to, req.body.version),
  );

  // ------------------------------------------------------------ negotiations
  tags = ['negotiations'];
  r.get('/api/v1/sales/negotiations', { schema: { tags, summary: 'Negotiations with customers I may see', querystring: listNegotiationsQuery, response: { 200: pageOf(negotiationDto) } } }, async (req) =>
    listNegotiations(db(), actorOf(req), req.query),
  );
  r.get('/api/v1/sales/negotiations/export', { schema: { tags, summary: 'The filtered negotiation list as CSV or XLSX', querystring: exportNegotiationsQuery } }, async (req, reply) =>
    sendFile(reply, await exportNegotiations(db(), actorOf(req), req.query)),
  );
  r.get('/api/v1/sales/negotiations/:id', { schema: { tags, summary: 'A negotiation with participants and meeting notes', params: idParams, response: { 200: negotiationDto } } }, async (req) =>
    getNegotiation(db(), actorOf(req), req.params.id),
  );
  r.post('/api/v1/sales/negotiations', { schema: { tags, body: createNegotiationBody, response: { 201: negotiationDto } } }, async (req, reply) => {
    reply.code(201);
    return createNegotiation(db(), actorOf(req), req.body);
  });
  r.patch('/api/v1/sales/negotiations/:id', { schema: { tags, params: idParams, body: updateNegotiationBody, response: { 200: negotiationDto } } }, async (req) =>
    updateNegotiation(db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/sales/negotiations/:id/meetings', { schema: { tags, summary: 'Add meeting notes', params: idParams, body: meetingBody, response: { 201: negotiationDto } } }, async (req, reply) => {
    reply.code(201);
    return addMeeting(db(), actorOf(req), req.params.id, req.body);
  });
  r.post('/api/v1/sales/negotiations/:id/outcome', { schema: { tags, summary: 'Won or lost (lost needs a reason)', params: idParams, body: outcomeBody, response: { 200: negotiationDto } } }, async (req) =>
    setOutcome(db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/sales/negotiations/:id/contract', { schema: { tags, summary: 'A won negotiation leads to a draft contract, prefilled and linked', params: idParams, body: contractFromNegotiationBody, response: { 201: contractDto } } }, async (req, reply) => {
    reply.code(201);
    return contractFromNegotiation(db(), actorOf(req), req.params.id, req.body.version);
  });
}
