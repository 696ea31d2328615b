import { createContact, createAddress } from '../../src/server/modules/customers/customers.contacts';
import { createCustomer, setCustomerArchived } from '../../src/server/modules/customers/customers.service';
import { onlyFor, statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * Customers, contacts and addresses. Everyone but the anonymous caller reads the
 * department's customers except a rep, who sees only their own (rep A gets 404 for
 * rep B's customer from every door); reps and the back office change them (viewer
 * and finance: 403); hand-over and merge are the back office's.
 */
const readBs = { admin: 200, manager: 200, assistant: 200, rep: 404, finance: 200, viewer: 200 };
const writeBs = (ok: number) => statuses(403, { admin: ok, manager: ok, assistant: ok, rep: 404 });
const backOffice = (ok: number) => onlyFor({ admin: ok, manager: ok, assistant: ok });

interface Data {
  bCustomer: string;
  bContact: string;
  bAddress: string;
}
const data = (ctx: MatrixContext) => ctx.data.customers as Data;
const db = (ctx: MatrixContext) => ctx.t.db.handle.db;

/** A fresh customer of rep B (for rows that change its state). */
async function customerOfB(ctx: MatrixContext, extra: Record<string, unknown> = {}): Promise<string> {
  return (await createCustomer(db(ctx), ctx.actors.repB, { name: ctx.unique('乙方客户有限公司'), ...extra })).id;
}

export const customersMatrix: MatrixModule = {
  name: 'customers',
  async setup(ctx) {
    const bCustomer = await customerOfB(ctx, { creditCode: '91350100M000100Y43' });
    await createCustomer(db(ctx), ctx.actors.rep, { name: ctx.unique('甲方客户有限公司') });
    const bContact = (await createContact(db(ctx), ctx.actors.repB, bCustomer, { name: '陈先生', mobile: '13800000000' })).id;
    const bAddress = (await createAddress(db(ctx), ctx.actors.repB, bCustomer, { address: '福州市鼓楼区1号', kind: 'office' })).id;
    ctx.data.customers = { bCustomer, bContact, bAddress } satisfies Data;
  },
  rows: [
    { name: 'customers I may see', method: 'GET', route: '/api/v1/customers', expect: statuses(200) },
    { name: 'export customers (CSV)', method: 'GET', route: '/api/v1/customers/export', url: () => '/api/v1/customers/export?format=csv', expect: statuses(200) },
    { name: 'duplicate check while typing', method: 'GET', route: '/api/v1/customers/duplicates', url: () => '/api/v1/customers/duplicates?name=%E4%B9%99%E6%96%B9%E5%AE%A2%E6%88%B7', expect: statuses(200) },
    {
      name: 'file a customer',
      method: 'POST',
      route: '/api/v1/customers',
      body: (ctx) => ({ name: ctx.unique('New Customer Ltd') }),
      expect: statuses(201, { finance: 403, viewer: 403 }),
    },
    { name: "rep B's customer", method: 'GET', route: '/api/v1/customers/{id}', url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}`, expect: statuses(200, readBs) },
    {
      name: "change rep B's customer",
      method: 'PATCH',
      route: '/api/v1/customers/{id}',
      url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}`,
      body: async (ctx) => ({ notes: ctx.unique('note'), version: await ctx.version('customers', data(ctx).bCustomer) }),
      expect: writeBs(200),
    },
    {
      name: "archive a customer of rep B's",
      method: 'POST',
      route: '/api/v1/customers/{id}/archive',
      url: async (ctx) => `/api/v1/customers/${await customerOfB(ctx)}/archive`,
      body: () => ({ version: 1 }),
      expect: writeBs(200),
    },
    {
      name: "restore an archived customer of rep B's",
      method: 'POST',
      route: '/api/v1/customers/{id}/restore',
      url: async (ctx) => {
        const id = await customerOfB(ctx);
        await setCustomerArchived(db(ctx), ctx.actors.repB, id, 1, true);
        return `/api/v1/customers/${id}/restore`;
      },
      body: () => ({ version: 2 }),
      expect: writeBs(200),
    },
    {
      name: "billing completeness of rep B's customer",
      method: 'GET',
      route: '/api/v1/customers/{id}/billing-check',
      url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/billing-check?invoiceType=special_vat`,
      expect: statuses(200, readBs),
    },
    {
      name: "hand a customer of rep B's to another rep (back office)",
      method: 'POST',
      route: '/api/v1/customers/{id}/handover',
      url: async (ctx) => `/api/v1/customers/${await customerOfB(ctx)}/handover`,
      body: (ctx) => ({ ownerId: ctx.target.id, version: 1, moveOpenNegotiations: true }),
      expect: backOffice(200),
    },
    {
      name: "merge two customers of rep B's (back office)",
      method: 'POST',
      route: '/api/v1/customers/{id}/merge',
      url: async (ctx) => `/api/v1/customers/${await customerOfB(ctx)}/merge`,
      body: async (ctx) => ({ mergeId: await customerOfB(ctx), version: 1, mergeVersion: 1 }),
      expect: backOffice(200),
    },
    { name: "360 of rep B's customer", method: 'GET', route: '/api/v1/customers/{id}/overview', url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/overview`, expect: statuses(200, readBs) },
    { name: "timeline of rep B's customer", method: 'GET', route: '/api/v1/customers/{id}/timeline', url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/timeline`, expect: statuses(200, readBs) },
    { name: "contacts of rep B's customer", method: 'GET', route: '/api/v1/customers/{id}/contacts', url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/contacts`, expect: statuses(200, readBs) },
    {
      name: "add a contact to rep B's customer",
      method: 'POST',
      route: '/api/v1/customers/{id}/contacts',
      url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/contacts`,
      body: (ctx) => ({ name: ctx.unique('Contact'), email: 'buyer@example.cn' }),
      expect: writeBs(201),
    },
    {
      name: "change a contact of rep B's customer",
      method: 'PATCH',
      route: '/api/v1/contacts/{id}',
      url: (ctx) => `/api/v1/contacts/${data(ctx).bContact}`,
      body: async (ctx) => ({ title: ctx.unique('Buyer'), version: await ctx.version('contacts', data(ctx).bContact) }),
      expect: writeBs(200),
    },
    {
      name: "archive a contact of rep B's customer",
      method: 'POST',
      route: '/api/v1/contacts/{id}/archive',
      url: async (ctx) => {
        const contact = await createContact(db(ctx), ctx.actors.repB, data(ctx).bCustomer, { name: ctx.unique('Leaving') });
        return `/api/v1/contacts/${contact.id}/archive`;
      },
      body: () => ({ version: 1 }),
      expect: writeBs(200),
    },
    { name: 'contacts of every customer I may see', method: 'GET', route: '/api/v1/contacts', expect: statuses(200) },
    { name: 'export contacts (XLSX)', method: 'GET', route: '/api/v1/contacts/export', url: () => '/api/v1/contacts/export?format=xlsx', expect: statuses(200) },
    { name: "addresses of rep B's customer", method: 'GET', route: '/api/v1/customers/{id}/addresses', url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/addresses`, expect: statuses(200, readBs) },
    {
      name: "add an address to rep B's customer",
      method: 'POST',
      route: '/api/v1/customers/{id}/addresses',
      url: (ctx) => `/api/v1/customers/${data(ctx).bCustomer}/addresses`,
      body: (ctx) => ({ address: ctx.unique('Warehouse road'), kind: 'shipping', city: 'Fuzhou' }),
      expect: writeBs(201),
    },
    {
      name: "change an address of rep B's customer",
      method: 'PATCH',
      route: '/api/v1/customer-addresses/{id}',
      url: (ctx) => `/api/v1/customer-addresses/${data(ctx).bAddress}`,
      body: async (ctx) => ({ postalCode: '350001', version: await ctx.version('customer_addresses', data(ctx).bAddress) }),
      expect: writeBs(200),
    },
    {
      name: "archive an address of rep B's customer",
      method: 'POST',
      route: '/api/v1/customer-addresses/{id}/archive',
      url: async (ctx) => {
        const address = await createAddress(db(ctx), ctx.actors.repB, data(ctx).bCustomer, { address: ctx.unique('Old office') });
        return `/api/v1/customer-addresses/${address.id}/archive`;
      },
      body: () => ({ version: 1 }),
      expect: writeBs(200),
    },
  ],
};
