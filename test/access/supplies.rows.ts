import { expect } from 'vitest';
import { createSupplyItem, createSupplyRequest, receiveSupplies } from '../../src/server/modules/supplies/supplies.service';
import { rawQuery } from '../helpers/sql';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Office supplies: whoever may write requests reads the catalogue and requests supplies; the
 * assistant, manager and finance (supplies:manage) keep the catalogue and stock, issue and read the
 * cost report for their department. Rep B's request is hidden from rep A and the viewer (404).
 */
interface SuppliesFixtures {
  item: string;
  bRequest: string;
}
const fx = (ctx: MatrixContext) => ctx.data.supplies as SuppliesFixtures;
const managers = (status: number) => onlyFor({ admin: status, manager: status, assistant: status, finance: status });
const requesters = (status: number) => statuses(status, { viewer: 403 });
const idOf = (url: string) => url.split('/')[5];

const requestOf = (ctx: MatrixContext, who: Exclude<Who, 'anonymous'> | 'repB', submit = false) =>
  createSupplyRequest(ctx.t.db.handle.db, ctx.actors[who], { purpose: ctx.unique('Pens'), submit, lines: [{ itemId: fx(ctx).item, quantity: 1 }] });

/** The caller's own draft; a viewer, who may not request, gets rep B's (and does not see it). */
const ownDraft = async (ctx: MatrixContext, who: Who) => (await requestOf(ctx, who === 'anonymous' || who === 'viewer' ? 'repB' : who)).id;

/** A request of rep B approved a moment ago (the approval itself is the approvals matrix's). */
async function approvedOfB(ctx: MatrixContext): Promise<string> {
  const r = await requestOf(ctx, 'repB');
  await rawQuery(ctx.t.db.handle, `update supply_requests set status = 'approved', decided_at = now() where id = $1`, [r.id]);
  return r.id;
}

export const suppliesMatrix: MatrixModule = {
  name: 'supplies',
  async setup(ctx) {
    const item = await createSupplyItem(ctx.t.db.handle.db, ctx.actors.admin, { code: ctx.unique('PEN').replace(/[^0-9A-Za-z-]/g, ''), nameEn: 'Gel pens', nameZh: '中性笔', unit: 'box', unitCost: 1_200, reorderLevel: 2 });
    await receiveSupplies(ctx.t.db.handle.db, ctx.actors.admin, item.id, { quantity: 500, unitCost: 1_200 });
    ctx.data.supplies = { item: item.id, bRequest: '' } satisfies SuppliesFixtures;
    fx(ctx).bRequest = (await requestOf(ctx, 'repB', true)).id;
  },
  rows: [
    { name: 'the supplies catalogue', method: 'GET', route: '/api/v1/supplies/items', expect: requesters(200) },
    { name: 'a supplies item', method: 'GET', route: '/api/v1/supplies/items/{id}', url: (ctx) => `/api/v1/supplies/items/${fx(ctx).item}`, expect: requesters(200) },
    {
      name: 'add a supplies item',
      method: 'POST',
      route: '/api/v1/supplies/items',
      body: (ctx) => ({ code: ctx.unique('ST').replace(/[^0-9A-Za-z-]/g, ''), nameEn: 'Stapler', unit: 'piece', unitCost: 2_500 }),
      expect: managers(201),
    },
    {
      name: 'reprice a supplies item',
      method: 'PATCH',
      route: '/api/v1/supplies/items/{id}',
      url: (ctx) => `/api/v1/supplies/items/${fx(ctx).item}`,
      body: async (ctx, _who, url) => ({ reorderLevel: 3, version: await ctx.version('supply_items', idOf(url)) }),
      expect: managers(200),
    },
    {
      name: 'receive supplies into stock',
      method: 'POST',
      route: '/api/v1/supplies/items/{id}/receipts',
      url: (ctx) => `/api/v1/supplies/items/${fx(ctx).item}/receipts`,
      body: () => ({ quantity: 10, unitCost: 1_150 }),
      expect: managers(201),
    },
    { name: 'stock movements', method: 'GET', route: '/api/v1/supplies/movements', expect: managers(200) },
    {
      name: 'supplies requests I may see',
      method: 'GET',
      route: '/api/v1/supplies/requests',
      expect: statuses(200),
      after: async (ctx) => {
        const ids = async (who: 'rep' | 'assistant' | 'viewer') => (await ctx.sessions[who].request({ url: '/api/v1/supplies/requests?limit=200' })).json().items.map((i: { id: string }) => i.id);
        expect(await ids('rep')).not.toContain(fx(ctx).bRequest);
        expect(await ids('viewer')).not.toContain(fx(ctx).bRequest);
        expect(await ids('assistant')).toContain(fx(ctx).bRequest);
      },
    },
    {
      name: "rep B's supplies request",
      method: 'GET',
      route: '/api/v1/supplies/requests/{id}',
      url: (ctx) => `/api/v1/supplies/requests/${fx(ctx).bRequest}`,
      expect: statuses(200, { rep: 404, viewer: 404 }),
    },
    {
      name: 'request supplies',
      method: 'POST',
      route: '/api/v1/supplies/requests',
      body: (ctx) => ({ purpose: ctx.unique('Toner'), lines: [{ itemId: fx(ctx).item, quantity: 1 }], submit: false }),
      expect: requesters(201),
    },
    {
      name: 'edit my own supplies draft',
      method: 'PATCH',
      route: '/api/v1/supplies/requests/{id}',
      url: async (ctx, who) => `/api/v1/supplies/requests/${await ownDraft(ctx, who)}`,
      body: async (ctx, _who, url) => ({ purpose: 'Two boxes after all', version: await ctx.version('supply_requests', idOf(url)) }),
      expect: statuses(200, { viewer: 404 }),
    },
    {
      name: 'submit my own supplies draft',
      method: 'POST',
      route: '/api/v1/supplies/requests/{id}/submit',
      url: async (ctx, who) => `/api/v1/supplies/requests/${await ownDraft(ctx, who)}/submit`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('supply_requests', idOf(url)) }),
      expect: statuses(200, { viewer: 404 }),
    },
    {
      name: "issue rep B's approved supplies request",
      method: 'POST',
      route: '/api/v1/supplies/requests/{id}/issue',
      url: async (ctx) => `/api/v1/supplies/requests/${await approvedOfB(ctx)}/issue`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('supply_requests', idOf(url)) }),
      expect: managers(200),
    },
    { name: 'supplies cost report', method: 'GET', route: '/api/v1/supplies/report', url: () => '/api/v1/supplies/report?from=2026-01-01&to=2026-12-31', expect: managers(200) },
  ],
};
