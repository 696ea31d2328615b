import { closePeriod, createAccount, createEntry } from '../../src/server/modules/ledger/ledger.service';
import { rawQuery } from '../helpers/sql';
import { onlyFor, statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * The ledger: finance, assistants and managers read it (ledger:read); finance and assistants post
 * (ledger:post); finance keeps the chart of accounts and the periods (ledger:manage). Everyone reads
 * their own employee ledger; someone else's is hidden (404) without ledger:read.
 */
interface LedgerFixtures {
  bank: string;
  advances: string;
  account: string;
  posted: string;
}
const fx = (ctx: MatrixContext) => ctx.data.ledger as LedgerFixtures;
const readers = (status: number) => onlyFor({ admin: status, manager: status, assistant: status, finance: status });
const posters = (status: number) => onlyFor({ admin: status, assistant: status, finance: status });
const managers = (status: number) => onlyFor({ admin: status, finance: status });
const idOf = (url: string) => url.split('/')[5];
/** A year no other request used: ctx.unique counts up. */
const freshYear = (ctx: MatrixContext, base: number) => base + Number(ctx.unique('y').split('-')[1]);

const lines = (ctx: MatrixContext, amount = 1_000) => [
  { accountId: fx(ctx).advances, debit: amount, credit: 0, employeeId: ctx.users.rep.id },
  { accountId: fx(ctx).bank, debit: 0, credit: amount },
];
const entry = (ctx: MatrixContext, post: boolean, entryDate = '2026-06-15') =>
  createEntry(ctx.t.db.handle.db, ctx.actors.admin, { entryDate, reason: 'matrix', post, lines: lines(ctx) });
const range = 'from=2026-01-01&to=2026-12-31';

export const ledgerMatrix: MatrixModule = {
  name: 'ledger',
  async setup(ctx) {
    const codes = await rawQuery<{ id: string; code: string }>(ctx.t.db.handle, `select id, code from ledger_accounts where code in ('1002', '1221')`);
    const byCode = Object.fromEntries(codes.map((c) => [c.code, c.id]));
    const account = await createAccount(ctx.t.db.handle.db, ctx.actors.admin, { code: ctx.unique('M'), nameEn: 'Matrix', nameZh: '矩阵', type: 'asset' });
    ctx.data.ledger = { bank: byCode['1002'], advances: byCode['1221'], account: account.id, posted: '' } satisfies LedgerFixtures;
    fx(ctx).posted = (await entry(ctx, true)).id;
  },
  rows: [
    // ------------------------------------------------ chart of accounts
    { name: 'the chart of accounts', method: 'GET', route: '/api/v1/ledger/accounts', expect: readers(200) },
    { name: 'an account', method: 'GET', route: '/api/v1/ledger/accounts/{id}', url: (ctx) => `/api/v1/ledger/accounts/${fx(ctx).account}`, expect: readers(200) },
    {
      name: 'add an account',
      method: 'POST',
      route: '/api/v1/ledger/accounts',
      body: (ctx) => ({ code: ctx.unique('A'), nameEn: 'Petty cash', nameZh: '备用现金', type: 'asset' }),
      expect: managers(201),
    },
    {
      name: 'rename an account',
      method: 'PATCH',
      route: '/api/v1/ledger/accounts/{id}',
      url: (ctx) => `/api/v1/ledger/accounts/${fx(ctx).account}`,
      body: async (ctx, _who, url) => ({ nameEn: ctx.unique('Matrix'), version: await ctx.version('ledger_accounts', idOf(url)) }),
      expect: managers(200),
    },
    {
      name: 'delete an unused account',
      method: 'DELETE',
      route: '/api/v1/ledger/accounts/{id}',
      url: async (ctx) => `/api/v1/ledger/accounts/${(await createAccount(ctx.t.db.handle.db, ctx.actors.admin, { code: ctx.unique('D'), nameEn: 'Unused', nameZh: '未用', type: 'expense' })).id}`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('ledger_accounts', idOf(url)) }),
      expect: managers(200),
    },
    // ------------------------------------------------ journal entries
    { name: 'journal entries', method: 'GET', route: '/api/v1/ledger/entries', expect: readers(200) },
    { name: 'an entry', method: 'GET', route: '/api/v1/ledger/entries/{id}', url: (ctx) => `/api/v1/ledger/entries/${fx(ctx).posted}`, expect: readers(200) },
    {
      name: 'post a manual entry',
      method: 'POST',
      route: '/api/v1/ledger/entries',
      body: (ctx) => ({ entryDate: '2026-06-16', reason: 'matrix', post: true, lines: lines(ctx, 250) }),
      expect: posters(201),
    },
    {
      name: 'edit a draft',
      method: 'PATCH',
      route: '/api/v1/ledger/entries/{id}',
      url: async (ctx) => `/api/v1/ledger/entries/${(await entry(ctx, false)).id}`,
      body: async (ctx, _who, url) => ({ description: 'edited', version: await ctx.version('ledger_entries', idOf(url)) }),
      expect: posters(200),
    },
    {
      name: 'delete a draft',
      method: 'DELETE',
      route: '/api/v1/ledger/entries/{id}',
      url: async (ctx) => `/api/v1/ledger/entries/${(await entry(ctx, false)).id}`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('ledger_entries', idOf(url)) }),
      expect: posters(200),
    },
    {
      name: 'post a draft',
      method: 'POST',
      route: '/api/v1/ledger/entries/{id}/post',
      url: async (ctx) => `/api/v1/ledger/entries/${(await entry(ctx, false)).id}/post`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('ledger_entries', idOf(url)) }),
      expect: posters(200),
    },
    {
      name: 'reverse a posted entry',
      method: 'POST',
      route: '/api/v1/ledger/entries/{id}/reverse',
      url: async (ctx) => `/api/v1/ledger/entries/${(await entry(ctx, true)).id}/reverse`,
      body: () => ({ reason: 'matrix reversal', entryDate: '2026-06-20' }),
      expect: posters(201),
    },
    // ------------------------------------------------ periods
    { name: 'the months of a year', method: 'GET', route: '/api/v1/ledger/periods', url: () => '/api/v1/ledger/periods?year=2026', expect: readers(200) },
    {
      name: 'close a month',
      method: 'POST',
      route: '/api/v1/ledger/periods/{month}/close',
      // A month of its own per caller (and per run of the same caller, for the bad-input tests).
      url: (ctx) => `/api/v1/ledger/periods/${freshYear(ctx, 3000)}-03/close`,
      body: () => ({}),
      expect: managers(200),
    },
    {
      name: 'reopen a month',
      method: 'POST',
      route: '/api/v1/ledger/periods/{month}/reopen',
      url: async (ctx) => {
        const month = `${freshYear(ctx, 5000)}-04`;
        await closePeriod(ctx.t.db.handle.db, ctx.actors.admin, month);
        return `/api/v1/ledger/periods/${month}/reopen`;
      },
      body: () => ({ reason: 'matrix reopen' }),
      expect: managers(200),
    },
    // ------------------------------------------------ reports
    { name: 'general ledger', method: 'GET', route: '/api/v1/ledger/reports/general-ledger', url: (ctx) => `/api/v1/ledger/reports/general-ledger?accountId=${fx(ctx).advances}&${range}`, expect: readers(200) },
    {
      name: 'general ledger export',
      method: 'GET',
      route: '/api/v1/ledger/reports/general-ledger/export',
      url: (ctx) => `/api/v1/ledger/reports/general-ledger/export?accountId=${fx(ctx).advances}&${range}&format=csv`,
      expect: readers(200),
    },
    { name: 'subsidiary ledger', method: 'GET', route: '/api/v1/ledger/reports/subsidiary', url: () => `/api/v1/ledger/reports/subsidiary?dimension=expenseType&value=lodging&${range}`, expect: readers(200) },
    {
      name: 'my own employee ledger',
      method: 'GET',
      route: '/api/v1/ledger/reports/employees/{employeeId}',
      url: (ctx, who) => `/api/v1/ledger/reports/employees/${who === 'anonymous' ? ctx.users.rep.id : ctx.users[who].id}?${range}`,
      expect: statuses(200),
    },
    {
      name: "rep B's employee ledger",
      method: 'GET',
      route: '/api/v1/ledger/reports/employees/{employeeId}',
      url: (ctx) => `/api/v1/ledger/reports/employees/${ctx.users.repB.id}?${range}`,
      expect: statuses(200, { rep: 404, viewer: 404 }),
    },
    { name: 'trial balance', method: 'GET', route: '/api/v1/ledger/reports/trial-balance', url: () => `/api/v1/ledger/reports/trial-balance?${range}`, expect: readers(200) },
    { name: 'trial balance export', method: 'GET', route: '/api/v1/ledger/reports/trial-balance/export', url: () => `/api/v1/ledger/reports/trial-balance/export?${range}&format=xlsx`, expect: readers(200) },
  ],
};
