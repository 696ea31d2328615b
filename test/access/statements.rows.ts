import { openPeriod, closePeriod, submitStatement } from '../../src/server/modules/statements/statements.service';
import { consolidatePeriod } from '../../src/server/modules/statements/statements.report';
import { fileStores } from '../../src/server/platform/files/file-store';
import { rawQuery } from '../helpers/sql';
import { onlyFor, statuses, type MatrixContext, type MatrixModule } from './matrix';
import path from 'node:path';

/**
 * Statements: a rep reads and writes only their own (another rep's is a 404); managers and
 * assistants read the department's, run its board and calendar, query and accept, close and
 * consolidate periods and read the department reports; finance and viewers have no part in
 * it (403). Settings are the admin's to change.
 */
interface Fixtures {
  repAStatement: string;
  repBStatement: string;
  report: string;
}
const fx = (ctx: MatrixContext) => ctx.data.statements as Fixtures;
const reviewers = (status: number) => onlyFor({ admin: status, manager: status, assistant: status });
const writers = (status: number, overrides: Parameters<typeof statuses>[1] = {}) => statuses(status, { finance: 403, viewer: 403, ...overrides });
let month = 0;
/** A month long ended that no other row used: each fresh period opens new statements. */
const freshMonth = () => {
  month++;
  return `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
};
const sales = (ctx: MatrixContext) => ({ departmentId: ctx.salesDepartmentId });

async function statementOf(ctx: MatrixContext, periodKey: string, repId: string): Promise<{ id: string; version: number }> {
  const [row] = await rawQuery<{ id: string; version: number }>(ctx.t.db.handle, `select id, version from statements where period_key = $1 and rep_id = $2`, [periodKey, repId]);
  return row;
}

/** A fresh period with rep A's statement handed in: something for a reviewer to query or accept. */
async function submittedStatement(ctx: MatrixContext): Promise<string> {
  const periodKey = freshMonth();
  await openPeriod(ctx.t.db.handle.db, ctx.actors.assistant, { kind: 'month', periodKey });
  const st = await statementOf(ctx, periodKey, ctx.users.rep.id);
  await submitStatement(ctx.t.db.handle.db, ctx.actors.rep, st.id, { version: st.version });
  return st.id;
}

export const statementsMatrix: MatrixModule = {
  name: 'statements',
  async setup(ctx) {
    const db = ctx.t.db.handle.db;
    await openPeriod(db, ctx.actors.assistant, { kind: 'month', periodKey: '2025-10' });
    await closePeriod(db, ctx.actors.assistant, { kind: 'month', periodKey: '2025-10', reason: 'matrix' });
    const stores = fileStores(ctx.t.config.fileStore, path.join(ctx.t.config.dataDir, 'files'));
    const report = await consolidatePeriod(db, stores, ctx.actors.assistant, { kind: 'month', periodKey: '2025-10' });
    ctx.data.statements = {
      repAStatement: (await statementOf(ctx, '2025-10', ctx.users.rep.id)).id,
      repBStatement: (await statementOf(ctx, '2025-10', ctx.users.repB.id)).id,
      report: report.id,
    } satisfies Fixtures;
  },
  rows: [
    { name: 'statements I may see', method: 'GET', route: '/api/v1/statements', expect: writers(200) },
    { name: "rep A's statement", method: 'GET', route: '/api/v1/statements/{id}', url: (ctx) => `/api/v1/statements/${fx(ctx).repAStatement}`, expect: writers(200) },
    {
      name: "rep B's statement is hidden from rep A",
      method: 'GET',
      route: '/api/v1/statements/{id}',
      url: (ctx) => `/api/v1/statements/${fx(ctx).repBStatement}`,
      expect: writers(200, { rep: 404 }),
    },
    {
      name: "save rep A's figures and commentary",
      method: 'PATCH',
      route: '/api/v1/statements/{id}',
      url: async (ctx) => {
        const key = freshMonth();
        await openPeriod(ctx.t.db.handle.db, ctx.actors.assistant, { kind: 'month', periodKey: key });
        return `/api/v1/statements/${(await statementOf(ctx, key, ctx.users.rep.id)).id}`;
      },
      body: async (ctx, _who, url) => ({ reported: { netSales: 1234 }, market: 'matrix', version: await ctx.version('statements', url.split('/')[4]) }),
      expect: onlyFor({ rep: 200 }),
    },
    {
      name: "submit rep A's statement",
      method: 'POST',
      route: '/api/v1/statements/{id}/submit',
      url: async (ctx) => {
        const key = freshMonth();
        await openPeriod(ctx.t.db.handle.db, ctx.actors.assistant, { kind: 'month', periodKey: key });
        return `/api/v1/statements/${(await statementOf(ctx, key, ctx.users.rep.id)).id}/submit`;
      },
      body: async (ctx, _who, url) => ({ version: await ctx.version('statements', url.split('/')[4]) }),
      expect: onlyFor({ rep: 200 }),
    },
    {
      name: "query rep A's handed-in statement",
      method: 'POST',
      route: '/api/v1/statements/{id}/query',
      url: async (ctx) => `/api/v1/statements/${await submittedStatement(ctx)}/query`,
      body: async (ctx, _who, url) => ({ question: 'Why?', version: await ctx.version('statements', url.split('/')[4]) }),
      expect: reviewers(200),
    },
    {
      name: "accept rep A's handed-in statement",
      method: 'POST',
      route: '/api/v1/statements/{id}/accept',
      url: async (ctx) => `/api/v1/statements/${await submittedStatement(ctx)}/accept`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('statements', url.split('/')[4]) }),
      expect: reviewers(200),
    },
    { name: "the board of the caller's department", method: 'GET', route: '/api/v1/statements/board', url: () => '/api/v1/statements/board?kind=month&periodKey=2025-10', expect: reviewers(200) },
    {
      name: 'the board of a department above the caller',
      method: 'GET',
      route: '/api/v1/statements/board',
      url: (ctx) => `/api/v1/statements/board?kind=month&periodKey=2025-10&departmentId=${ctx.otherDepartmentId}`,
      expect: onlyFor({ admin: 200, manager: 404, assistant: 404 }),
    },
    { name: 'the calendar of due dates', method: 'GET', route: '/api/v1/statements/calendar', url: () => '/api/v1/statements/calendar?year=2026', expect: writers(200) },
    { name: 'statement settings', method: 'GET', route: '/api/v1/statements/settings', expect: writers(200) },
    {
      name: 'change statement settings',
      method: 'PUT',
      route: '/api/v1/statements/settings',
      body: () => ({ dueDays: { month: 5, quarter: 10, year: 20 }, remindDaysBefore: 2, escalateAfterDays: 0, toleranceMinor: 100, tolerancePercent: '0' }),
      expect: onlyFor({ admin: 200 }),
    },
    {
      name: "open a period's statements",
      method: 'POST',
      route: '/api/v1/statements/periods/open',
      body: (ctx) => ({ kind: 'month', periodKey: freshMonth(), ...sales(ctx) }),
      expect: reviewers(200),
    },
    {
      name: 'close a period with a reason',
      method: 'POST',
      route: '/api/v1/statements/periods/close',
      body: (ctx) => ({ kind: 'month', periodKey: freshMonth(), reason: 'matrix', ...sales(ctx) }),
      expect: reviewers(200),
    },
    {
      name: 'consolidate a closed period',
      method: 'POST',
      route: '/api/v1/statements/periods/consolidate',
      body: (ctx) => ({ kind: 'month', periodKey: '2025-10', ...sales(ctx) }),
      expect: reviewers(201),
    },
    { name: 'department reports', method: 'GET', route: '/api/v1/statements/reports', expect: reviewers(200) },
    { name: 'a department report', method: 'GET', route: '/api/v1/statements/reports/{id}', url: (ctx) => `/api/v1/statements/reports/${fx(ctx).report}`, expect: statuses(200, { rep: 404, finance: 404, viewer: 404 }) },
    {
      name: "a department report's PDF",
      method: 'POST',
      route: '/api/v1/statements/reports/{id}/pdf',
      url: (ctx) => `/api/v1/statements/reports/${fx(ctx).report}/pdf`,
      expect: statuses(200, { rep: 404, finance: 404, viewer: 404 }),
    },
  ],
};
