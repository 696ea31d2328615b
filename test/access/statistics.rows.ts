import { createCustomer } from '../../src/server/modules/customers/customers.service';
import path from 'node:path';
import { createExportJob, runExport } from '../../src/server/modules/statistics/statistics.export';
import { fileStores } from '../../src/server/platform/files/file-store';
import { createView } from '../../src/server/modules/statistics/statistics.views';
import { statuses, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Sales statistics: everyone who reads sales records reads the report, over their own
 * records (a rep) or their departments' (the back office, finance, viewers). Every
 * parameter that names someone else's records answers 404 to a caller outside them:
 * another rep, a customer of another rep, a department above one's own — in the report,
 * the drill-down (its group key too), the pivot and every export. Saved views and
 * exports belong to their user: anyone else, admins included, gets 404.
 */
const range = 'from=2026-01-01&to=2026-03-31';
const base = `/api/v1/statistics/sales?${range}`;
const data = (ctx: MatrixContext) => ctx.data.statistics as { bCustomer: string; bView: string; bExport: string };
const exportParams = { from: '2026-01-01', to: '2026-03-31', groupBys: ['region' as const] };
const viewName = (ctx: MatrixContext) => ctx.unique('View');
/** A view or export of the caller's own, made through the service (anonymous gets rep B's id: 401 comes first). */
const ownView = async (ctx: MatrixContext, who: Who) =>
  who === 'anonymous' ? data(ctx).bView : (await createView(ctx.t.db.handle.db, ctx.actors[who], { name: viewName(ctx), kind: 'sales', params: { groupBy: 'region' } })).id;
const ownExport = async (ctx: MatrixContext, who: Who) =>
  who === 'anonymous' ? data(ctx).bExport : (await createExportJob(ctx.t.db.handle.db, ctx.actors[who], { kind: 'sales', format: 'xlsx', params: exportParams })).id;

/** The caller's own export, run to the end (its file stored) before the request. */
const finishedExport = async (ctx: MatrixContext, who: Who) => {
  const id = await ownExport(ctx, who);
  if (who !== 'anonymous') await runExport(ctx.t.db.handle.db, fileStores(ctx.t.config.fileStore, path.join(ctx.t.config.dataDir, 'files')), id);
  return id;
};

export const statisticsMatrix: MatrixModule = {
  name: 'statistics',
  async setup(ctx) {
    const db = ctx.t.db.handle.db;
    const b = await createCustomer(db, ctx.actors.repB, { name: ctx.unique('统计乙方客户') });
    const bView = await createView(db, ctx.actors.repB, { name: 'Rep B view', kind: 'sales', params: {} });
    const bExport = await createExportJob(db, ctx.actors.repB, { kind: 'sales', format: 'xlsx', params: exportParams });
    ctx.data.statistics = { bCustomer: b.id, bView: bView.id, bExport: bExport.id };
  },
  rows: [
    { name: 'sales statistics by rep', method: 'GET', route: '/api/v1/statistics/sales', url: () => `${base}&groupBy=rep`, expect: statuses(200) },
    { name: "sales statistics of rep B's figures", method: 'GET', route: '/api/v1/statistics/sales', url: (ctx) => `${base}&ownerId=${ctx.users.repB.id}`, expect: statuses(200, { rep: 404 }) },
    {
      name: "sales statistics of rep B's customer",
      method: 'GET',
      route: '/api/v1/statistics/sales',
      url: (ctx) => `${base}&groupBy=month&customerId=${data(ctx).bCustomer}`,
      expect: statuses(200, { rep: 404 }),
    },
    {
      name: "the top customers (top=1) narrowed to rep B's customer",
      method: 'GET',
      route: '/api/v1/statistics/sales',
      url: (ctx) => `${base}&groupBy=customer&top=1&customerId=${data(ctx).bCustomer}`,
      expect: statuses(200, { rep: 404 }),
    },
    {
      name: 'sales statistics of a department above the caller',
      method: 'GET',
      route: '/api/v1/statistics/sales',
      url: (ctx) => `${base}&groupBy=region&departmentId=${ctx.otherDepartmentId}`,
      expect: statuses(404, { admin: 200, rep: 200 }),
    },
    { name: 'drill-down lines of a region', method: 'GET', route: '/api/v1/statistics/sales/lines', url: () => `/api/v1/statistics/sales/lines?${range}&groupBy=region&key=none`, expect: statuses(200) },
    {
      name: "drill-down into rep B's figure (group key)",
      method: 'GET',
      route: '/api/v1/statistics/sales/lines',
      url: (ctx) => `/api/v1/statistics/sales/lines?${range}&groupBy=rep&key=${ctx.users.repB.id}`,
      expect: statuses(200, { rep: 404 }),
    },
    {
      name: "drill-down into rep B's customer",
      method: 'GET',
      route: '/api/v1/statistics/sales/lines',
      url: (ctx) => `/api/v1/statistics/sales/lines?${range}&groupBy=customer&key=${data(ctx).bCustomer}&period=lastYear`,
      expect: statuses(200, { rep: 404 }),
    },
    {
      name: "drill-down lines export of rep B's figure",
      method: 'GET',
      route: '/api/v1/statistics/sales/lines/export',
      url: (ctx) => `/api/v1/statistics/sales/lines/export?${range}&groupBy=rep&key=${ctx.users.repB.id}&format=csv`,
      expect: statuses(200, { rep: 404 }),
    },
    { name: 'sales report XLSX', method: 'GET', route: '/api/v1/statistics/sales/export', url: () => `/api/v1/statistics/sales/export?${range}&groupBys=region,quarter&format=xlsx`, expect: statuses(200) },
    {
      name: "sales report PDF of rep B's figures",
      method: 'GET',
      route: '/api/v1/statistics/sales/export',
      url: (ctx) => `/api/v1/statistics/sales/export?${range}&groupBys=region&format=pdf&ownerId=${ctx.users.repB.id}`,
      expect: statuses(200, { rep: 404 }),
    },
    { name: 'pivot region × quarter', method: 'GET', route: '/api/v1/statistics/pivot', url: () => `/api/v1/statistics/pivot?${range}&rows=region&columns=quarter`, expect: statuses(200) },
    {
      name: "pivot of rep B's customer",
      method: 'GET',
      route: '/api/v1/statistics/pivot',
      url: (ctx) => `/api/v1/statistics/pivot?${range}&rows=product&columns=month&customerId=${data(ctx).bCustomer}`,
      expect: statuses(200, { rep: 404 }),
    },
    {
      name: "pivot XLSX of rep B's figures",
      method: 'GET',
      route: '/api/v1/statistics/pivot/export',
      url: (ctx) => `/api/v1/statistics/pivot/export?${range}&rows=region&columns=month&ownerId=${ctx.users.repB.id}`,
      expect: statuses(200, { rep: 404 }),
    },
    { name: 'start a report export', method: 'POST', route: '/api/v1/statistics/exports', body: () => ({ kind: 'sales', format: 'xlsx', params: exportParams }), expect: statuses(201) },
    {
      name: "start an export of rep B's figures",
      method: 'POST',
      route: '/api/v1/statistics/exports',
      body: (ctx) => ({ kind: 'pivot', format: 'pdf', params: { from: '2026-01-01', to: '2026-03-31', rows: 'region', columns: 'month', ownerId: ctx.users.repB.id } }),
      expect: statuses(201, { rep: 404 }),
    },
    { name: 'my export', method: 'GET', route: '/api/v1/statistics/exports/{id}', url: async (ctx, who) => `/api/v1/statistics/exports/${await ownExport(ctx, who)}`, expect: statuses(200) },
    { name: "rep B's export", method: 'GET', route: '/api/v1/statistics/exports/{id}', url: (ctx) => `/api/v1/statistics/exports/${data(ctx).bExport}`, expect: statuses(404) },
    { name: 'my finished export file', method: 'GET', route: '/api/v1/statistics/exports/{id}/download', url: async (ctx, who) => `/api/v1/statistics/exports/${await finishedExport(ctx, who)}/download`, expect: statuses(200) },
    // Not run yet: the caller's own answers 409 (not ready), anyone else's 404.
    { name: 'my export file before it is ready', method: 'GET', route: '/api/v1/statistics/exports/{id}/download', url: async (ctx, who) => `/api/v1/statistics/exports/${await ownExport(ctx, who)}/download`, expect: statuses(409) },
    { name: "rep B's export file", method: 'GET', route: '/api/v1/statistics/exports/{id}/download', url: (ctx) => `/api/v1/statistics/exports/${data(ctx).bExport}/download`, expect: statuses(404) },
    { name: 'my saved views', method: 'GET', route: '/api/v1/statistics/views', url: () => '/api/v1/statistics/views?kind=sales', expect: statuses(200) },
    { name: 'save a view', method: 'POST', route: '/api/v1/statistics/views', body: (ctx) => ({ name: viewName(ctx), kind: 'pivot', params: { rows: 'region', columns: 'quarter' } }), expect: statuses(201) },
    { name: 'my view', method: 'GET', route: '/api/v1/statistics/views/{id}', url: async (ctx, who) => `/api/v1/statistics/views/${await ownView(ctx, who)}`, expect: statuses(200) },
    { name: "rep B's view", method: 'GET', route: '/api/v1/statistics/views/{id}', url: (ctx) => `/api/v1/statistics/views/${data(ctx).bView}`, expect: statuses(404) },
    {
      name: 'rename my view',
      method: 'PATCH',
      route: '/api/v1/statistics/views/{id}',
      url: async (ctx, who) => `/api/v1/statistics/views/${await ownView(ctx, who)}`,
      body: (ctx) => ({ name: viewName(ctx), version: 1 }),
      expect: statuses(200),
    },
    { name: "rename rep B's view", method: 'PATCH', route: '/api/v1/statistics/views/{id}', url: (ctx) => `/api/v1/statistics/views/${data(ctx).bView}`, body: () => ({ name: 'taken over', version: 1 }), expect: statuses(404) },
    { name: 'delete my view', method: 'DELETE', route: '/api/v1/statistics/views/{id}', url: async (ctx, who) => `/api/v1/statistics/views/${await ownView(ctx, who)}`, expect: statuses(200) },
    { name: "delete rep B's view", method: 'DELETE', route: '/api/v1/statistics/views/{id}', url: (ctx) => `/api/v1/statistics/views/${data(ctx).bView}`, expect: statuses(404) },
  ],
};
