import { expect } from 'vitest';
import { statuses, type MatrixContext, type MatrixModule } from './matrix';

/**
 * Expense statistics: everyone may ask; who reads the ledger (manager, assistant, finance, admin)
 * sees everyone's expenses, anyone else only their own — naming rep B is a 404 for rep A and the viewer.
 */
const range = 'from=2026-01-01&to=2026-12-31';
const ofRepB = (ctx: MatrixContext) => `employeeId=${ctx.users.repB.id}`;
const othersHidden = statuses(200, { rep: 404, viewer: 404 });

export const expenseStatsMatrix: MatrixModule = {
  name: 'expense-stats',
  rows: [
    {
      name: 'expense overview',
      method: 'GET',
      route: '/api/v1/expense-stats/overview',
      url: (ctx, who) => (who === 'rep' || who === 'viewer' ? `/api/v1/expense-stats/overview?${range}&${ofRepB(ctx)}` : `/api/v1/expense-stats/overview?${range}`),
      expect: othersHidden,
      after: async (ctx) => {
        // Without parameters a rep gets their own figures, never the department's.
        const res = await ctx.sessions.rep.request({ url: `/api/v1/expense-stats/overview?${range}` });
        expect(res.statusCode).toBe(200);
        expect(res.json().byPerson.every((p: { key: string | null }) => p.key === ctx.users.rep.id)).toBe(true);
      },
    },
    { name: "rep B's budget versus actual", method: 'GET', route: '/api/v1/expense-stats/budget', url: (ctx) => `/api/v1/expense-stats/budget?${range}&${ofRepB(ctx)}`, expect: othersHidden },
    { name: "rep B's expenses as XLSX", method: 'GET', route: '/api/v1/expense-stats/export', url: (ctx) => `/api/v1/expense-stats/export?${range}&${ofRepB(ctx)}`, expect: othersHidden },
  ],
};
