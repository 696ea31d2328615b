import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { idParams, pageOf } from '../../platform/schema/common.schema';
import { archiveAddress, archiveContact, createAddress, createContact, exportContacts, listAddresses, listAllContacts, listContacts, updateAddress, updateContact } from './customers.contacts';
import type { ExportFile } from './customers.export';
import {
  addressDto,
  billingCheckQuery,
  billingCompleteness,
  contactDto,
  createAddressBody,
  createContactBody,
  createCustomerBody,
  customerArchivedQuery,
  customerDto,
  customerEventDto,
  customerOverview,
  customerWriteResult,
  duplicatesQuery,
  duplicatesResult,
  exportContactsQuery,
  exportCustomersQuery,
  handoverBody,
  listContactsQuery,
  listCustomersQuery,
  mergeBody,
  mergeResult,
  timelineQuery,
  updateAddressBody,
  updateContactBody,
  updateCustomerBody,
  versionBody,
} from './customers.schema';
import {
  checkDuplicates,
  createCustomer,
  exportCustomers,
  getBillingCompleteness,
  getCustomer,
  getCustomerOverview,
  getCustomerTimeline,
  handoverCustomer,
  listCustomers,
  mergeCustomers,
  setCustomerArchived,
  updateCustomer,
} from './customers.service';

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

export function customersRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];
  const base = '/api/v1/customers';

  r.get(base, { schema: { tags, summary: 'Customers the caller may see: filters, sort, keyset pages', querystring: listCustomersQuery, response: { 200: pageOf(customerDto) } } }, async (req) =>
    listCustomers(ctx.db(), actorOf(req), req.query),
  );
  r.get(`${base}/export`, { schema: { tags, summary: 'The filtered customer list as CSV or XLSX, headers in the caller’s language', querystring: exportCustomersQuery } }, async (req, reply) =>
    sendFile(reply, await exportCustomers(ctx.db(), actorOf(req), req.query)),
  );
  r.get(
    `${base}/duplicates`,
    { schema: { tags, summary: 'Possible duplicates of a company being typed in (same credit code or taxpayer id, same or similar name)', querystring: duplicatesQuery, response: { 200: duplicatesResult } } },
    async (req) => checkDuplicates(ctx.db(), actorOf(req), req.query),
  );
  r.post(
    base,
    {
      schema: {
        tags,
        summary: 'File a customer; possible duplicates and a failing credit code come back as warnings (`duplicates: "refuse"` answers 409 instead)',
        body: createCustomerBody,
        response: { 201: customerWriteResult },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createCustomer(ctx.db(), actorOf(req), req.body);
    },
  );
  r.get(`${base}/:id`, { schema: { tags, summary: 'A customer (409 with meta.mergedIntoId when it was merged away)', params: idParams, response: { 200: customerDto } } }, async (req) =>
    getCustomer(ctx.db(), actorOf(req), req.params.id),
  );
  r.patch(`${base}/:id`, { schema: { tags, params: idParams, body: updateCustomerBody, response: { 200: customerWriteResult } } }, async (req) => updateCustomer(ctx.db(), actorOf(req), req.params.id, req.body));
  r.post(`${base}/:id/archive`, { schema: { tags, summary: 'Archive (customers are never deleted)', params: idParams, body: versionBody, response: { 200: customerDto } } }, async (req) =>
    setCustomerArchived(ctx.db(), actorOf(req), req.params.id, req.body.version, true),
  );
  r.post(`${base}/:id/restore`, { schema: { tags, summary: 'Bring an archived customer back', params: idParams, body: versionBody, response: { 200: customerDto } } }, async (req) =>
    setCustomerArchived(ctx.db(), actorOf(req), req.params.id, req.body.version, false),
  );
  r.get(`${base}/:id/billing-check`, { schema: { tags, summary: 'What billing information an invoice of this type still lacks', params: idParams, querystring: billingCheckQuery, response: { 200: billingCompleteness } } }, async (req) =>
    getBillingCompleteness(ctx.db(), actorOf(req), req.params.id, req.query.invoiceType),
  );
  r.post(`${base}/:id/handover`, { schema: { tags, summary: 'Hand the customer to another rep', params: idParams, body: handoverBody, response: { 200: customerDto } } }, async (req) =>
    handoverCustomer(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post(`${base}/:id/merge`, { schema: { tags, summary: 'Merge another customer (mergeId) into this one, moving every record', params: idParams, body: mergeBody, response: { 200: mergeResult } } }, async (req) =>
    mergeCustomers(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.get(`${base}/:id/overview`, { schema: { tags, summary: 'Customer 360: profile, contacts, orders, returns, contracts, negotiations, files, tasks, timeline', params: idParams, response: { 200: customerOverview } } }, async (req) =>
    getCustomerOverview(ctx.db(), actorOf(req), req.params.id),
  );
  r.get(`${base}/:id/timeline`, { schema: { tags, summary: 'The customer’s timeline, newest first', params: idParams, querystring: timelineQuery, response: { 200: pageOf(customerEventDto) } } }, async (req) =>
    getCustomerTimeline(ctx.db(), actorOf(req), req.params.id, req.query),
  );

  // Contacts
  r.get(`${base}/:id/contacts`, { schema: { tags, params: idParams, querystring: customerArchivedQuery, response: { 200: z.object({ items: z.array(contactDto) }) } } }, async (req) => ({
    items: await listContacts(ctx.db(), actorOf(req), req.params.id, req.query.archived),
  }));
  r.post(`${base}/:id/contacts`, { schema: { tags, params: idParams, body: createContactBody, response: { 201: contactDto } } }, async (req, reply) => {
    reply.code(201);
    return createContact(ctx.db(), actorOf(req), req.params.id, req.body);
  });
  r.patch('/api/v1/contacts/:id', { schema: { tags, summary: 'Change a contact (under its customer’s record rules)', params: idParams, body: updateContactBody, response: { 200: contactDto } } }, async (req) =>
    updateContact(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/contacts/:id/archive', { schema: { tags, summary: 'Archive a contact (never deleted)', params: idParams, body: versionBody, response: { 200: contactDto } } }, async (req) =>
    archiveContact(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
  r.get('/api/v1/contacts', { schema: { tags, summary: 'Contacts of every customer the caller may see', querystring: listContactsQuery, response: { 200: pageOf(contactDto) } } }, async (req) =>
    listAllContacts(ctx.db(), actorOf(req), req.query),
  );
  r.get('/api/v1/contacts/export', { schema: { tags, summary: 'The filtered contacts list as CSV or XLSX', querystring: exportContactsQuery } }, async (req, reply) =>
    sendFile(reply, await exportContacts(ctx.db(), actorOf(req), req.query)),
  );

  // Addresses
  r.get(`${base}/:id/addresses`, { schema: { tags, params: idParams, querystring: customerArchivedQuery, response: { 200: z.object({ items: z.array(addressDto) }) } } }, async (req) => ({
    items: await listAddresses(ctx.db(), actorOf(req), req.params.id, req.query.archived),
  }));
  r.post(`${base}/:id/addresses`, { schema: { tags, params: idParams, body: createAddressBody, response: { 201: addressDto } } }, async (req, reply) => {
    reply.code(201);
    return createAddress(ctx.db(), actorOf(req), req.params.id, req.body);
  });
  r.patch('/api/v1/customer-addresses/:id', { schema: { tags, summary: 'Change a customer address', params: idParams, body: updateAddressBody, response: { 200: addressDto } } }, async (req) =>
    updateAddress(ctx.db(), actorOf(req), req.params.id, req.body),
  );
  r.post('/api/v1/customer-addresses/:id/archive', { schema: { tags, summary: 'Archive a customer address (never deleted)', params: idParams, body: versionBody, response: { 200: addressDto } } }, async (req) =>
    archiveAddress(ctx.db(), actorOf(req), req.params.id, req.body.version),
  );
}
