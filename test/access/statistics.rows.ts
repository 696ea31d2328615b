import { createCustomer } from '../../src/server/modules/customers/customers.service';
import { statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * Sales statistics: everyone who reads sales records reads the report, over their own
 * records (a rep) or their departments' (the back office, finance, viewers). Every
 * parameter that names someone else's records answers 404 to a caller outside them:
 * another rep, a customer of another rep, a department above one's own.
 */
const base = '/api/v1/statistics/sales?from=2026-01-01&to=2026-03-31';
const data = (ctx: MatrixContext) => ctx.data.statistics as { bCustomer: string };

export const statisticsMatrix: MatrixModule = {
  name: 'statistics',
  async setup(ctx) {
    const b = await createCustomer(ctx.t.db.handle.db, ctx.actors.repB, { name: ctx.unique('统计乙方客户') });
    ctx.data.statistics = { bCustomer: b.id };
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
      name: 'sales statistics of a department above the caller',
      method: 'GET',
      route: '/api/v1/statistics/sales',
      url: (ctx) => `${base}&groupBy=region&departmentId=${ctx.otherDepartmentId}`,
      expect: statuses(404, { admin: 200, rep: 200 }),
    },
  ],
};
