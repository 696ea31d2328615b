import { expect } from 'vitest';
import { rawQuery } from '../helpers/sql';
import { draftOf, pendingOf } from './fixtures';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/** General requests: the submitter edits and submits; the department reads; another rep sees nothing (404). */
interface RequestsData {
  bDraft: string;
  bPending: { id: string; approvalId: string };
}
export const requestsData = (ctx: MatrixContext) => ctx.data.requests as RequestsData;

const version = async (ctx: MatrixContext, url: string) => ctx.version('general_requests', url.split('/')[4]);

/** The caller's own draft; a viewer, who may not write requests, gets rep B's. */
const ownDraft = async (ctx: MatrixContext, who: Who) => (who === 'anonymous' || who === 'viewer' ? requestsData(ctx).bDraft : draftOf(ctx, who));

/** What the department may read of rep B's request, and rep A may not. */
const readBsRequest = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
/** Changing rep B's request: only rep B may; those who can read it are refused (403), rep A does not see it (404). */
const changeBsRequest = { admin: 403, manager: 403, assistant: 403, rep: 404, finance: 403, viewer: 403 };

export const requestsMatrix: MatrixModule = {
  name: 'requests',
  async setup(ctx) {
    // The admin reports to the sales manager here, so that the admin's own requests wait for an approver too.
    await rawQuery(ctx.t.db.handle, 'update users set manager_id = $1 where id = $2', [ctx.users.manager.id, ctx.users.admin.id]);
    ctx.actors.admin.managerId = ctx.users.manager.id;
    ctx.data.requests = { bDraft: await draftOf(ctx, 'repB'), bPending: await pendingOf(ctx, 'repB') } satisfies RequestsData;
  },
  rows: [
    {
      name: 'list the requests I may see',
      method: 'GET',
      route: '/api/v1/requests',
      expect: statuses(200),
      after: async (ctx) => {
        // The list is a door too: rep A's list never shows rep B's requests; the manager's does.
        const ids = async (who: 'rep' | 'manager') => (await ctx.sessions[who].request({ url: '/api/v1/requests?limit=200' })).json().items.map((i: { id: string }) => i.id);
        expect(await ids('rep')).not.toContain(requestsData(ctx).bDraft);
        expect(await ids('manager')).toContain(requestsData(ctx).bDraft);
      },
    },
    { name: "rep B's request", method: 'GET', route: '/api/v1/requests/{id}', url: (ctx) => `/api/v1/requests/${requestsData(ctx).bDraft}`, expect: statuses(200, readBsRequest) },
    {
      name: 'write a request',
      method: 'POST',
      route: '/api/v1/requests',
      body: (ctx) => ({ title: ctx.unique('Business cards'), amount: 18_000 }),
      expect: onlyFor({ admin: 201, manager: 201, assistant: 201, rep: 201, finance: 201 }),
    },
    {
      name: 'edit my own draft',
      method: 'PATCH',
      route: '/api/v1/requests/{id}',
      url: async (ctx, who) => `/api/v1/requests/${await ownDraft(ctx, who)}`,
      body: async (ctx, _who, url) => ({ title: 'Toner, two cartridges', version: await version(ctx, url) }),
      expect: statuses(200, { viewer: 403 }),
    },
    {
      name: "edit rep B's draft",
      method: 'PATCH',
      route: '/api/v1/requests/{id}',
      url: (ctx) => `/api/v1/requests/${requestsData(ctx).bDraft}`,
      body: async (ctx, _who, url) => ({ title: 'Hijacked', version: await version(ctx, url) }),
      expect: statuses(403, changeBsRequest),
    },
    {
      name: 'submit my own draft',
      method: 'POST',
      route: '/api/v1/requests/{id}/submit',
      url: async (ctx, who) => `/api/v1/requests/${await ownDraft(ctx, who)}/submit`,
      body: async (ctx, _who, url) => ({ version: await version(ctx, url) }),
      expect: statuses(200, { viewer: 403 }),
    },
    {
      name: "submit rep B's draft",
      method: 'POST',
      route: '/api/v1/requests/{id}/submit',
      url: (ctx) => `/api/v1/requests/${requestsData(ctx).bDraft}/submit`,
      body: async (ctx, _who, url) => ({ version: await version(ctx, url) }),
      expect: statuses(403, changeBsRequest),
      after: async (ctx) => {
        const [row] = await rawQuery<{ status: string }>(ctx.t.db.handle, 'select status from general_requests where id = $1', [requestsData(ctx).bDraft]);
        expect(row.status).toBe('draft');
      },
    },
  ],
};
