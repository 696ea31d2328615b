import { expect } from 'vitest';
import { createDelegation } from '../../src/server/platform/approvals/approvals.service';
import { rawQuery } from '../helpers/sql';
import { inDays, pendingOf, today } from './fixtures';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';
import { requestsData } from './requests.rows';

/**
 * Approvals. Rep B's requests go to the sales manager (their manager): only the
 * manager decides; the department may read and comment; rep A sees nothing.
 */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
/** Deciding on rep B's request: the manager (the approver) may; readers are refused; rep A does not see it. */
const decideBs = { admin: 403, manager: 200, assistant: 403, rep: 404, finance: 403, viewer: 403 };

/** A fresh pending request of rep B for each call (a decision ends it). */
const freshBs = async (ctx: MatrixContext, action: string) => `/api/v1/approvals/requests/${(await pendingOf(ctx, 'repB')).approvalId}/${action}`;

const delegationOf = (ctx: MatrixContext, who: Exclude<Who, 'anonymous'> | 'repB') =>
  createDelegation(ctx.t.db.handle.db, ctx.actors[who], { delegateId: ctx.target.id, startsOn: today(), endsOn: inDays(7) });

async function flowVersion(ctx: MatrixContext): Promise<number | undefined> {
  const [row] = await rawQuery<{ version: number }>(ctx.t.db.handle, `select version from approval_flows where doc_type = 'general_request'`);
  return row?.version;
}

export const approvalsMatrix: MatrixModule = {
  name: 'approvals',
  async setup(ctx) {
    ctx.data.approvals = { bDelegation: await delegationOf(ctx, 'repB') };
  },
  rows: [
    { name: 'my approvals inbox', method: 'GET', route: '/api/v1/approvals/inbox', expect: statuses(200) },
    { name: 'requests I submitted', method: 'GET', route: '/api/v1/approvals/submitted', expect: statuses(200) },
    {
      name: "rep B's approval request",
      method: 'GET',
      route: '/api/v1/approvals/requests/{id}',
      url: (ctx) => `/api/v1/approvals/requests/${requestsData(ctx).bPending.approvalId}`,
      expect: statuses(200, readBs),
    },
    {
      name: "the approval history of rep B's request",
      method: 'GET',
      route: '/api/v1/approvals/history',
      url: (ctx) => `/api/v1/approvals/history?docType=general_request&docId=${requestsData(ctx).bPending.id}`,
      expect: statuses(200, readBs),
    },
    { name: "approve rep B's request", method: 'POST', route: '/api/v1/approvals/requests/{id}/approve', url: (ctx) => freshBs(ctx, 'approve'), body: () => ({}), expect: statuses(403, decideBs) },
    { name: "reject rep B's request", method: 'POST', route: '/api/v1/approvals/requests/{id}/reject', url: (ctx) => freshBs(ctx, 'reject'), body: () => ({ comment: 'Over budget' }), expect: statuses(403, decideBs) },
    { name: "return rep B's request", method: 'POST', route: '/api/v1/approvals/requests/{id}/return', url: (ctx) => freshBs(ctx, 'return'), body: () => ({ comment: 'Attach the quote' }), expect: statuses(403, decideBs) },
    {
      // Anyone who may read the request may comment on it (the viewer too: noted in the report as a question for the module).
      name: "comment on rep B's request",
      method: 'POST',
      route: '/api/v1/approvals/requests/{id}/comment',
      url: (ctx) => `/api/v1/approvals/requests/${requestsData(ctx).bPending.approvalId}/comment`,
      body: () => ({ comment: 'When is it needed?' }),
      expect: statuses(200, { ...readBs, viewer: 403 }),
    },
    {
      name: "withdraw rep B's request (only rep B may)",
      method: 'POST',
      route: '/api/v1/approvals/requests/{id}/withdraw',
      url: (ctx) => freshBs(ctx, 'withdraw'),
      body: () => ({}),
      expect: statuses(403, { rep: 404 }),
    },
    {
      name: 'withdraw my own request',
      method: 'POST',
      route: '/api/v1/approvals/requests/{id}/withdraw',
      url: async (ctx, who) => `/api/v1/approvals/requests/${(await pendingOf(ctx, who === 'anonymous' || who === 'viewer' ? 'repB' : who)).approvalId}/withdraw`,
      body: () => ({}),
      expect: statuses(200, { viewer: 403 }),
    },

    { name: 'approval flows', method: 'GET', route: '/api/v1/approvals/flows', expect: onlyFor({ admin: 200 }) },
    {
      name: 'change the general request flow',
      method: 'PUT',
      route: '/api/v1/approvals/flows/{docType}',
      url: () => '/api/v1/approvals/flows/general_request',
      // The default flow again: the other rows keep their approvers.
      body: async (ctx) => ({
        steps: [
          { name: 'Manager', approvers: [{ kind: 'manager', level: 1 }], mode: 'any' },
          { name: 'Finance', approvers: [{ kind: 'role', role: 'finance' }], mode: 'any', minAmount: 500_000 },
        ],
        ...((await flowVersion(ctx)) && { version: await flowVersion(ctx) }),
      }),
      expect: onlyFor({ admin: 200 }),
    },

    { name: 'my delegations', method: 'GET', route: '/api/v1/approvals/delegations', expect: statuses(200) },
    {
      name: 'delegate my approvals while away',
      method: 'POST',
      route: '/api/v1/approvals/delegations',
      body: (ctx) => ({ delegateId: ctx.target.id, startsOn: today(), endsOn: inDays(7) }),
      expect: statuses(201),
    },
    {
      name: 'end my own delegation',
      method: 'DELETE',
      route: '/api/v1/approvals/delegations/{id}',
      url: async (ctx, who) => `/api/v1/approvals/delegations/${who === 'anonymous' ? (ctx.data.approvals as { bDelegation: string }).bDelegation : await delegationOf(ctx, who)}`,
      expect: statuses(200),
    },
    {
      name: "end rep B's delegation",
      method: 'DELETE',
      route: '/api/v1/approvals/delegations/{id}',
      url: (ctx) => `/api/v1/approvals/delegations/${(ctx.data.approvals as { bDelegation: string }).bDelegation}`,
      expect: statuses(404),
      after: async (ctx) => {
        const [row] = await rawQuery<{ revoked_at: Date | null }>(ctx.t.db.handle, 'select revoked_at from approval_delegations where id = $1', [(ctx.data.approvals as { bDelegation: string }).bDelegation]);
        expect(row.revoked_at).toBeNull();
      },
    },
  ],
};
