import { expect } from 'vitest';
import {
  addMeeting,
  createContract,
  createNegotiation,
  createOrder,
  createReturn,
  setOutcome,
  transitionOrder,
} from '../../src/server/modules/sales/sales.service';
import { insertCustomer, insertProduct } from '../helpers/sales';
import { onlyFor, statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Sales records (orders, returns, contracts, negotiations): everyone reads what
 * their customer scope covers; reps and the back office write; finance and viewers
 * only read (403). Rep A (`rep`) sees nothing of rep B's records (404, audited).
 */
interface SalesData {
  custA: string;
  custB: string;
  product: string;
  bOrder: string;
  bOrderNumber: string;
  aConfirmed: { id: string; lineId: number };
  bConfirmed: { id: string; lineId: number };
  bReturn: string;
  bContract: string;
  bNegotiation: string;
}
const data = (ctx: MatrixContext) => ctx.data.sales as SalesData;
const db = (ctx: MatrixContext) => ctx.t.db.handle.db;

/** What the department (and admins) may read of rep B's records, and rep A may not. */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
/** Changing rep B's records: the back office may; rep A does not see them; finance and viewers lack the action. */
const changeBs = (ok: number) => ({ anonymous: 401, admin: ok, manager: ok, assistant: ok, rep: 404, finance: 403, viewer: 403 });
/** Writing a new record for a customer the caller sees: reps (own customer) and the back office. */
const writers = (ok: number) => onlyFor({ admin: ok, manager: ok, assistant: ok, rep: ok });

/** The caller's customer: rep A's own for rep A, rep B's for everyone who sees the department's. */
const customerFor = (ctx: MatrixContext, who: Who) => (who === 'rep' ? data(ctx).custA : data(ctx).custB);
const confirmedFor = (ctx: MatrixContext, who: Who) => (who === 'rep' ? data(ctx).aConfirmed : data(ctx).bConfirmed);

async function draftOrderOfB(ctx: MatrixContext): Promise<string> {
  const o = await createOrder(db(ctx), ctx.actors.repB, { customerId: data(ctx).custB, orderDate: '2026-05-01', lines: [{ productId: data(ctx).product, quantity: '2' }] });
  return o.id;
}
async function confirmedOrderOf(ctx: MatrixContext, who: 'rep' | 'repB', customerId: string) {
  const o = await createOrder(db(ctx), ctx.actors[who], { customerId, orderDate: '2026-05-01', lines: [{ productId: data(ctx).product, quantity: '100000' }] });
  await transitionOrder(db(ctx), ctx.actors[who], o.id, 'confirmed', o.version);
  return { id: o.id, lineId: o.lines![0].id };
}
async function draftReturnOfB(ctx: MatrixContext): Promise<string> {
  const r = await createReturn(db(ctx), ctx.actors.repB, { orderId: data(ctx).bConfirmed.id, returnDate: '2026-05-10', reason: 'Damaged', lines: [{ orderLineId: data(ctx).bConfirmed.lineId, quantity: '1' }] });
  return r.id;
}
async function draftContractOfB(ctx: MatrixContext, signed = false): Promise<string> {
  const k = await createContract(db(ctx), ctx.actors.repB, { customerId: data(ctx).custB, title: ctx.unique('Frame contract'), value: 1_000_000, ...(signed && { signedOn: '2026-05-01', endsOn: '2027-04-30' }) });
  return k.id;
}
async function negotiationOfB(ctx: MatrixContext): Promise<string> {
  const n = await createNegotiation(db(ctx), ctx.actors.repB, { customerId: data(ctx).custB, subject: ctx.unique('Big deal'), expectedValue: 5_000_000 });
  return n.id;
}
async function wonNegotiationOfB(ctx: MatrixContext): Promise<string> {
  const id = await negotiationOfB(ctx);
  await setOutcome(db(ctx), ctx.actors.repB, id, { outcome: 'won', version: 1 });
  return id;
}
const versionOf = (table: string) => (ctx: MatrixContext, _who: Who, url: string) => ctx.version(table, url.split('/')[5]);

export const salesMatrix: MatrixModule = {
  name: 'sales',
  async setup(ctx) {
    const h = ctx.t.db.handle;
    const custA = await insertCustomer(h, { ownerId: ctx.users.rep.id, departmentId: ctx.salesDepartmentId, name: 'Matrix customer of rep A' });
    const custB = await insertCustomer(h, { ownerId: ctx.users.repB.id, departmentId: ctx.salesDepartmentId, name: 'Matrix customer of rep B' });
    const product = await insertProduct(h, { price: 1_000 });
    ctx.data.sales = { custA, custB, product } as SalesData;
    const bOrder = await createOrder(db(ctx), ctx.actors.repB, { customerId: custB, orderDate: '2026-05-01', lines: [{ productId: product, quantity: '1' }] });
    Object.assign(ctx.data.sales as SalesData, {
      bOrder: bOrder.id,
      bOrderNumber: bOrder.number,
      aConfirmed: await confirmedOrderOf(ctx, 'rep', custA),
      bConfirmed: await confirmedOrderOf(ctx, 'repB', custB),
    });
    const bReturn = await draftReturnOfB(ctx);
    const bContract = await draftContractOfB(ctx);
    const bNegotiation = await negotiationOfB(ctx);
    await addMeeting(db(ctx), ctx.actors.repB, bNegotiation, { heldOn: '2026-05-02', notes: 'First visit' });
    Object.assign(ctx.data.sales as SalesData, { bReturn, bContract, bNegotiation });
  },
  rows: [
    // ---------------------------------------------------------------- orders
    {
      name: 'sales orders I may see',
      method: 'GET',
      route: '/api/v1/sales/orders',
      expect: statuses(200),
      after: async (ctx) => {
        const ids = async (who: 'rep' | 'manager') => (await ctx.sessions[who].request({ url: '/api/v1/sales/orders?limit=200' })).json().items.map((i: { id: string }) => i.id);
        expect(await ids('rep')).not.toContain(data(ctx).bOrder);
        expect(await ids('manager')).toContain(data(ctx).bOrder);
      },
    },
    {
      name: 'export the order list',
      method: 'GET',
      route: '/api/v1/sales/orders/export',
      url: () => '/api/v1/sales/orders/export?format=csv',
      expect: statuses(200),
      after: async (ctx) => {
        const csv = async (who: 'rep' | 'manager') => (await ctx.sessions[who].request({ url: '/api/v1/sales/orders/export?format=csv' })).body;
        expect(await csv('rep')).not.toContain(data(ctx).bOrderNumber);
        expect(await csv('manager')).toContain(data(ctx).bOrderNumber);
      },
    },
    { name: "rep B's order", method: 'GET', route: '/api/v1/sales/orders/{id}', url: (ctx) => `/api/v1/sales/orders/${data(ctx).bOrder}`, expect: statuses(200, readBs) },
    {
      name: 'write an order for a customer I see',
      method: 'POST',
      route: '/api/v1/sales/orders',
      body: (ctx, who) => ({ customerId: customerFor(ctx, who), orderDate: '2026-05-03', notes: 'Matrix', lines: [{ productId: data(ctx).product, quantity: '1.5', discountRate: '0.05' }] }),
      expect: writers(201),
    },
    {
      name: "change rep B's draft order",
      method: 'PATCH',
      route: '/api/v1/sales/orders/{id}',
      url: async (ctx) => `/api/v1/sales/orders/${await draftOrderOfB(ctx)}`,
      body: async (ctx, who, url) => ({ notes: 'Changed', lines: [{ productId: data(ctx).product, quantity: '3' }], version: await versionOf('sales_orders')(ctx, who, url) }),
      expect: changeBs(200),
    },
    {
      name: "confirm rep B's draft order",
      method: 'POST',
      route: '/api/v1/sales/orders/{id}/transition',
      url: async (ctx) => `/api/v1/sales/orders/${await draftOrderOfB(ctx)}/transition`,
      body: async (ctx, who, url) => ({ to: 'confirmed', version: await versionOf('sales_orders')(ctx, who, url) }),
      expect: changeBs(200),
    },
    // ---------------------------------------------------------------- returns
    { name: 'sales returns I may see', method: 'GET', route: '/api/v1/sales/returns', expect: statuses(200) },
    { name: 'export the return list', method: 'GET', route: '/api/v1/sales/returns/export', url: () => '/api/v1/sales/returns/export?format=xlsx', expect: statuses(200) },
    { name: "rep B's return", method: 'GET', route: '/api/v1/sales/returns/{id}', url: (ctx) => `/api/v1/sales/returns/${data(ctx).bReturn}`, expect: statuses(200, readBs) },
    {
      name: 'write a return on an order I see',
      method: 'POST',
      route: '/api/v1/sales/returns',
      body: (ctx, who) => ({ orderId: confirmedFor(ctx, who).id, returnDate: '2026-05-11', reason: 'Wrong colour', lines: [{ orderLineId: confirmedFor(ctx, who).lineId, quantity: '1' }] }),
      expect: writers(201),
    },
    {
      name: "change rep B's draft return",
      method: 'PATCH',
      route: '/api/v1/sales/returns/{id}',
      url: async (ctx) => `/api/v1/sales/returns/${await draftReturnOfB(ctx)}`,
      body: async (ctx, who, url) => ({ reason: 'Damaged in transport', version: await versionOf('sales_returns')(ctx, who, url) }),
      expect: changeBs(200),
    },
    {
      name: "confirm rep B's draft return",
      method: 'POST',
      route: '/api/v1/sales/returns/{id}/transition',
      url: async (ctx) => `/api/v1/sales/returns/${await draftReturnOfB(ctx)}/transition`,
      body: async (ctx, who, url) => ({ to: 'confirmed', version: await versionOf('sales_returns')(ctx, who, url) }),
      expect: changeBs(200),
    },
    // ---------------------------------------------------------------- contracts
    { name: 'contracts I may see', method: 'GET', route: '/api/v1/sales/contracts', expect: statuses(200) },
    { name: 'export the contract list', method: 'GET', route: '/api/v1/sales/contracts/export', url: () => '/api/v1/sales/contracts/export?format=csv', expect: statuses(200) },
    { name: "rep B's contract", method: 'GET', route: '/api/v1/sales/contracts/{id}', url: (ctx) => `/api/v1/sales/contracts/${data(ctx).bContract}`, expect: statuses(200, readBs) },
    {
      name: 'write a contract for a customer I see',
      method: 'POST',
      route: '/api/v1/sales/contracts',
      body: (ctx, who) => ({ customerId: customerFor(ctx, who), title: 'Supply agreement', value: 2_000_000, startsOn: '2026-06-01', endsOn: '2027-05-31', customerSignatory: 'Ms. Sun' }),
      expect: writers(201),
    },
    {
      name: "change rep B's draft contract",
      method: 'PATCH',
      route: '/api/v1/sales/contracts/{id}',
      url: async (ctx) => `/api/v1/sales/contracts/${await draftContractOfB(ctx)}`,
      body: async (ctx, who, url) => ({ title: 'Supply agreement (revised)', notes: 'Revised', version: await versionOf('contracts')(ctx, who, url) }),
      expect: changeBs(200),
    },
    {
      name: "activate rep B's signed draft contract",
      method: 'POST',
      route: '/api/v1/sales/contracts/{id}/transition',
      url: async (ctx) => `/api/v1/sales/contracts/${await draftContractOfB(ctx, true)}/transition`,
      body: async (ctx, who, url) => ({ to: 'active', version: await versionOf('contracts')(ctx, who, url) }),
      expect: changeBs(200),
    },
    // ---------------------------------------------------------------- negotiations
    { name: 'negotiations I may see', method: 'GET', route: '/api/v1/sales/negotiations', expect: statuses(200) },
    { name: 'export the negotiation list', method: 'GET', route: '/api/v1/sales/negotiations/export', url: () => '/api/v1/sales/negotiations/export?format=csv', expect: statuses(200) },
    { name: "rep B's negotiation", method: 'GET', route: '/api/v1/sales/negotiations/{id}', url: (ctx) => `/api/v1/sales/negotiations/${data(ctx).bNegotiation}`, expect: statuses(200, readBs) },
    {
      name: 'open a negotiation with a customer I see',
      method: 'POST',
      route: '/api/v1/sales/negotiations',
      body: (ctx, who) => ({ customerId: customerFor(ctx, who), subject: 'New line for the plant', expectedValue: 9_000_000, stage: 'proposal', nextStep: 'Call back', nextStepOn: '2026-06-01', participants: { userIds: [], contactIds: [] } }),
      expect: writers(201),
    },
    {
      name: "change rep B's negotiation",
      method: 'PATCH',
      route: '/api/v1/sales/negotiations/{id}',
      url: async (ctx) => `/api/v1/sales/negotiations/${await negotiationOfB(ctx)}`,
      body: async (ctx, who, url) => ({ stage: 'negotiating', nextStep: 'Send the price', version: await versionOf('negotiations')(ctx, who, url) }),
      expect: changeBs(200),
    },
    {
      name: "meeting notes on rep B's negotiation",
      method: 'POST',
      route: '/api/v1/sales/negotiations/{id}/meetings',
      url: (ctx) => `/api/v1/sales/negotiations/${data(ctx).bNegotiation}/meetings`,
      body: () => ({ heldOn: '2026-05-20', notes: 'Discussed the delivery schedule' }),
      expect: changeBs(201),
    },
    {
      name: "rep B's negotiation won",
      method: 'POST',
      route: '/api/v1/sales/negotiations/{id}/outcome',
      url: async (ctx) => `/api/v1/sales/negotiations/${await negotiationOfB(ctx)}/outcome`,
      body: async (ctx, who, url) => ({ outcome: 'won', version: await versionOf('negotiations')(ctx, who, url) }),
      expect: changeBs(200),
    },
    {
      name: "a contract from rep B's won negotiation",
      method: 'POST',
      route: '/api/v1/sales/negotiations/{id}/contract',
      url: async (ctx) => `/api/v1/sales/negotiations/${await wonNegotiationOfB(ctx)}/contract`,
      body: async (ctx, who, url) => ({ version: await versionOf('negotiations')(ctx, who, url) }),
      expect: changeBs(201),
    },
  ],
};
