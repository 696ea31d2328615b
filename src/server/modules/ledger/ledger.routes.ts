import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import type { ExportFile } from '../../platform/export/list-export';
import { idParams, okResponse, pageOf } from '../../platform/schema/common.schema';
import {
  accountDto,
  closePeriodBody,
  createAccountBody,
  createEntryBody,
  employeeLedgerQuery,
  employeeParams,
  entryDto,
  entrySummaryDto,
  generalLedgerExportQuery,
  generalLedgerQuery,
  ledgerDto,
  listAccountsQuery,
  listEntriesQuery,
  listPeriodsQuery,
  monthParam,
  periodDto,
  reopenPeriodBody,
  reverseEntryBody,
  subsidiaryQuery,
  trialBalanceDto,
  trialBalanceExportQuery,
  trialBalanceQuery,
  updateAccountBody,
  updateEntryBody,
  versionBody,
} from './ledger.schema';
import {
  closePeriod,
  createAccount,
  createEntry,
  deleteAccount,
  deleteEntry,
  employeeLedger,
  exportGeneralLedger,
  exportTrialBalance,
  generalLedger,
  getAccount,
  getEntry,
  listAccounts,
  listEntries,
  listPeriods,
  postEntry,
  reopenPeriod,
  reverseEntry,
  subsidiaryLedger,
  trialBalance,
  updateAccount,
  updateEntry,
} from './ledger.service';

const sendFile = (reply: FastifyReply, f: ExportFile) =>
  reply.type(f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: 'attachment' })).header('cache-control', 'no-store').send(f.body);

export function ledgerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => ctx.db();
  const base = '/api/v1/ledger';

  // ------------------------------------------------------------ chart of accounts
  let tags = ['ledger accounts'];
  r.get(`${base}/accounts`, { schema: { tags, summary: 'The chart of accounts as flat rows (parentId makes the tree)', querystring: listAccountsQuery, response: { 200: z.object({ items: z.array(accountDto) }) } } }, async (req) => ({
    items: await listAccounts(db(), actorOf(req), req.query),
  }));
  r.get(`${base}/accounts/:id`, { schema: { tags, params: idParams, response: { 200: accountDto } } }, async (req) => getAccount(db(), actorOf(req), req.params.id));
  r.post(`${base}/accounts`, { schema: { tags, summary: 'Add an account to the chart', body: createAccountBody, response: { 201: accountDto } } }, async (req, reply) => {
    reply.code(201);
    return createAccount(db(), actorOf(req), req.body);
  });
  r.patch(`${base}/accounts/:id`, { schema: { tags, summary: 'Rename, regroup or (de)activate an account', params: idParams, body: updateAccountBody, response: { 200: accountDto } } }, async (req) =>
    updateAccount(db(), actorOf(req), req.params.id, req.body),
  );
  r.delete(`${base}/accounts/:id`, { schema: { tags, summary: 'Delete an account that has never had a line', params: idParams, body: versionBody, response: { 200: okResponse } } }, async (req) => {
    await deleteAccount(db(), actorOf(req), req.params.id, req.body.version);
    return { ok: true as const };
  });

  // ------------------------------------------------------------ journal entries
  tags = ['ledger entries'];
  r.get(`${base}/entries`, { schema: { tags, summary: 'Journal entries, newest first', querystring: listEntriesQuery, response: { 200: pageOf(entrySummaryDto) } } }, async (req) => listEntries(db(), actorOf(req), req.query));
  r.get(`${base}/entries/:id`, { schema: { tags, summary: 'An entry with its lines', params: idParams, response: { 200: entryDto } } }, async (req) => getEntry(db(), actorOf(req), req.params.id));
  r.post(`${base}/entries`, { schema: { tags, summary: 'A manual entry with its reason: a draft, or posted at once with post=true', body: createEntryBody, response: { 201: entryDto } } }, async (req, reply) => {
    reply.code(201);
    return createEntry(db(), actorOf(req), req.body);
  });
  r.patch(`${base}/entries/:id`, { schema: { tags, summary: "Change a draft (lines replace the draft's lines)", params: idParams, body: updateEntryBody, response: { 200: entryDto } } }, async (req) =>
    updateEntry(db(), actorOf(req), req.params.id, req.body),
  );
  r.delete(`${base}/entries/:id`, { schema: { tags, summary: 'Delete a draft', params: idParams, body: versionBody, response: { 200: okResponse } } }, async (req) => {
    await deleteEntry(db(), actorOf(req), req.params.id, req.body.version);
    return { ok: true as const };
  });
  r.post(`${base}/entries/:id/post`, { schema: { tags, summary: 'Post a draft: numbered, then immutable', params: idParams, body: versionBody, response: { 200: entryDto } } }, async (req) =>
    postEntry(db(), actorOf(req), req.params.id, req.body.version),
  );
  r.post(`${base}/entries/:id/reverse`, { schema: { tags, summary: 'Create and post the reversing entry of a posted entry', params: idParams, body: reverseEntryBody, response: { 201: entryDto } } }, async (req, reply) => {
    reply.code(201);
    return reverseEntry(db(), actorOf(req), req.params.id, req.body);
  });

  // ------------------------------------------------------------ periods
  tags = ['ledger periods'];
  r.get(`${base}/periods`, { schema: { tags, summary: 'The months of a year, open or closed', querystring: listPeriodsQuery, response: { 200: z.object({ items: z.array(periodDto) }) } } }, async (req) => ({
    items: await listPeriods(db(), actorOf(req), req.query.year),
  }));
  r.post(`${base}/periods/:month/close`, { schema: { tags, summary: 'Close a month: no posting dated in it', params: monthParam, body: closePeriodBody, response: { 200: periodDto } } }, async (req) =>
    closePeriod(db(), actorOf(req), req.params.month),
  );
  r.post(`${base}/periods/:month/reopen`, { schema: { tags, summary: 'Reopen a closed month, with a reason', params: monthParam, body: reopenPeriodBody, response: { 200: periodDto } } }, async (req) =>
    reopenPeriod(db(), actorOf(req), req.params.month, req.body.reason),
  );

  // ------------------------------------------------------------ reports
  tags = ['ledger reports'];
  r.get(`${base}/reports/general-ledger`, { schema: { tags, summary: 'General ledger of an account: opening, movements (keyset paged), closing', querystring: generalLedgerQuery, response: { 200: ledgerDto } } }, async (req) =>
    generalLedger(db(), actorOf(req), req.query),
  );
  r.get(`${base}/reports/general-ledger/export`, { schema: { tags, summary: 'The general ledger as CSV or XLSX', querystring: generalLedgerExportQuery } }, async (req, reply) =>
    sendFile(reply, await exportGeneralLedger(db(), actorOf(req), req.query)),
  );
  r.get(`${base}/reports/subsidiary`, { schema: { tags, summary: 'Subsidiary ledger by department, expense type, customer or trip', querystring: subsidiaryQuery, response: { 200: ledgerDto } } }, async (req) =>
    subsidiaryLedger(db(), actorOf(req), req.query),
  );
  r.get(`${base}/reports/employees/:employeeId`, { schema: { tags, summary: "An employee's subsidiary ledger (everyone may read their own)", params: employeeParams, querystring: employeeLedgerQuery, response: { 200: ledgerDto } } }, async (req) =>
    employeeLedger(db(), actorOf(req), req.params.employeeId, req.query),
  );
  r.get(`${base}/reports/trial-balance`, { schema: { tags, summary: 'Trial balance over a date range', querystring: trialBalanceQuery, response: { 200: trialBalanceDto } } }, async (req) => trialBalance(db(), actorOf(req), req.query));
  r.get(`${base}/reports/trial-balance/export`, { schema: { tags, summary: 'The trial balance as CSV or XLSX', querystring: trialBalanceExportQuery } }, async (req, reply) =>
    sendFile(reply, await exportTrialBalance(db(), actorOf(req), req.query)),
  );
}
