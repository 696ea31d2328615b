import type { Actor } from '../../src/server/platform/access/actor';
import { actOnRequest } from '../../src/server/platform/approvals/approvals.service';
import { createClaim } from '../../src/server/modules/claims/claims.service';
import { listCaps, putCalendarDay } from '../../src/server/modules/claims/policy.service';
import { onlyFor, type MatrixContext, type MatrixModule, type Who } from './matrix';

/**
 * Reimbursement claims and the expense policy: everyone but viewers claims for themselves;
 * reviewers see the department's claims and override findings; finance pays (expenses:pay) and
 * keeps the policy (expenses:manage). Another rep's claim is a 404.
 */
const users = (status: number) => onlyFor({ admin: status, manager: status, assistant: status, rep: status, finance: status });
const reviewers = (status: number) => onlyFor({ admin: status, manager: status, assistant: status, finance: status, rep: 404 });
const payers = (status: number) => onlyFor({ admin: status, finance: status, manager: 403, assistant: 403, rep: 403 });
const keepers = (status: number) => onlyFor({ admin: status, finance: status });

const item = { date: '2026-03-11', category: 'meals' as const, amount: 1_000, receipts: [] };
const claimOf = async (ctx: MatrixContext, actor: Actor, submit = false) => (await createClaim(ctx.t.db.handle.db, actor, { title: 'Matrix claim', items: [item], submit })).claim;
const callerActor = (ctx: MatrixContext, who: Who): Actor => ctx.actors[who === 'anonymous' || who === 'viewer' ? 'rep' : who];
const idAt = (url: string) => url.split('/')[4];

/** Rep B's claim, approved by the manager (local, under the finance threshold). */
async function approvedClaimOfRepB(ctx: MatrixContext): Promise<string> {
  const c = await claimOf(ctx, ctx.actors.repB, true);
  await actOnRequest(ctx.t.db.handle.db, ctx.actors.manager, c.approvalRequestId!, 'approve', {});
  return c.id;
}

interface ClaimFixtures {
  repBClaim: string;
}
const fx = (ctx: MatrixContext) => ctx.data.claims as ClaimFixtures;

export const claimsMatrix: MatrixModule = {
  name: 'claims',
  async setup(ctx) {
    ctx.data.claims = { repBClaim: (await claimOf(ctx, ctx.actors.repB)).id } satisfies ClaimFixtures;
  },
  rows: [
    { name: 'claims I may see', method: 'GET', route: '/api/v1/claims', expect: users(200) },
    { name: 'claims as CSV', method: 'GET', route: '/api/v1/claims/export', url: () => '/api/v1/claims/export?format=csv&status=draft', expect: users(200) },
    { name: 'file a claim', method: 'POST', route: '/api/v1/claims', body: () => ({ title: 'Taxi', items: [{ ...item, category: 'local_transport', cityTier: 2 }] }), expect: users(201) },
    { name: "rep B's claim", method: 'GET', route: '/api/v1/claims/{id}', url: (ctx) => `/api/v1/claims/${fx(ctx).repBClaim}`, expect: reviewers(200) },
    {
      name: 'edit my draft claim',
      method: 'PATCH',
      route: '/api/v1/claims/{id}',
      url: async (ctx, who) => `/api/v1/claims/${(await claimOf(ctx, callerActor(ctx, who))).id}`,
      body: async (ctx, _who, url) => ({ title: 'Edited', version: await ctx.version('expense_claims', idAt(url)) }),
      expect: users(200),
    },
    {
      name: 'submit my draft claim',
      method: 'POST',
      route: '/api/v1/claims/{id}/submit',
      url: async (ctx, who) => `/api/v1/claims/${(await claimOf(ctx, callerActor(ctx, who))).id}/submit`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('expense_claims', idAt(url)) }),
      expect: users(200),
    },
    {
      name: 'cancel my draft claim',
      method: 'POST',
      route: '/api/v1/claims/{id}/cancel',
      url: async (ctx, who) => `/api/v1/claims/${(await claimOf(ctx, callerActor(ctx, who))).id}/cancel`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('expense_claims', idAt(url)) }),
      expect: users(200),
    },
    { name: "re-run rep B's checks", method: 'POST', route: '/api/v1/claims/{id}/recheck', url: (ctx) => `/api/v1/claims/${fx(ctx).repBClaim}/recheck`, expect: reviewers(200) },
    {
      name: "override a finding on rep B's claim",
      method: 'POST',
      route: '/api/v1/claims/{id}/checks/{checkId}/override',
      url: async (ctx) => {
        const c = await claimOf(ctx, ctx.actors.repB);
        return `/api/v1/claims/${c.id}/checks/${c.checks[0].id}/override`;
      },
      body: () => ({ reason: 'Paper receipt seen' }),
      expect: reviewers(200),
    },
    {
      name: "pay rep B's approved claim",
      method: 'POST',
      route: '/api/v1/claims/{id}/pay',
      url: async (ctx) => `/api/v1/claims/${await approvedClaimOfRepB(ctx)}/pay`,
      body: async (ctx, _who, url) => ({ version: await ctx.version('expense_claims', idAt(url)), paidOn: '2026-11-20' }),
      expect: payers(200),
    },
    // ------------------------------------------------ the expense policy
    { name: 'policy caps', method: 'GET', route: '/api/v1/expense-policy/caps', expect: users(200) },
    { name: 'replace the caps', method: 'PUT', route: '/api/v1/expense-policy/caps', body: async (ctx) => ({ caps: await listCaps(ctx.t.db.handle.db, ctx.actors.admin) }), expect: keepers(200) },
    { name: 'travel grades', method: 'GET', route: '/api/v1/expense-policy/grades', expect: keepers(200) },
    { name: 'set a grade', method: 'PUT', route: '/api/v1/expense-policy/grades/{userId}', url: (ctx) => `/api/v1/expense-policy/grades/${ctx.target.id}`, body: () => ({ grade: 'manager' }), expect: keepers(200) },
    { name: 'the holiday calendar', method: 'GET', route: '/api/v1/expense-policy/calendar', url: () => '/api/v1/expense-policy/calendar?year=2026', expect: users(200) },
    {
      name: 'mark a holiday',
      method: 'PUT',
      route: '/api/v1/expense-policy/calendar/{day}',
      url: () => '/api/v1/expense-policy/calendar/2027-01-01',
      body: () => ({ kind: 'holiday', nameEn: "New Year's Day", nameZh: '元旦' }),
      expect: keepers(200),
    },
    {
      name: 'make a day ordinary',
      method: 'DELETE',
      route: '/api/v1/expense-policy/calendar/{day}',
      url: async (ctx) => {
        const day = `2030-${String(1 + (Number(ctx.unique('d').split('-')[1]) % 12)).padStart(2, '0')}-${String(1 + (Number(ctx.unique('d').split('-')[1]) % 28)).padStart(2, '0')}`;
        await putCalendarDay(ctx.t.db.handle.db, ctx.actors.admin, day, { kind: 'holiday', nameEn: 'Matrix', nameZh: '矩阵' });
        return `/api/v1/expense-policy/calendar/${day}`;
      },
      expect: keepers(200),
    },
  ],
};
