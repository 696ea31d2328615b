import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { requirePermission } from '../access/guard';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '../access/roles';
import { auditEntryDto, listAuditQuery } from '../audit/audit.schema';
import { listAudit } from '../audit/audit.query';
import { pageOf } from '../schema/common.schema';
import { companySettingsSchema } from '../settings/settings.schema';
import { getCompanySettings, updateCompanySettings } from '../settings/settings.service';

export function adminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'Roles, the permissions each grants, and how many active users hold each',
        response: { 200: z.object({ permissions: z.array(z.string()), roles: z.array(z.object({ role: z.string(), permissions: z.array(z.string()), userCount: z.number().int() })) }) },
      },
    },
    async (req) => {
      requirePermission(actorOf(req), 'roles:read');
      const counts = await ctx
        .db()
        .selectFrom('user_roles as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['r.role', (eb) => eb.fn.countAll<number>().as('n')])
        .where('u.is_active', '=', true)
        .groupBy('r.role')
        .execute();
      const byRole = new Map(counts.map((c) => [c.role, Number(c.n)]));
      return {
        permissions: [...PERMISSIONS],
        roles: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]], userCount: byRole.get(role) ?? 0 })),
      };
    },
  );

  r.get('/api/v1/audit', { schema: { tags: ['admin'], summary: 'Audit log, newest first (admin)', querystring: listAuditQuery, response: { 200: pageOf(auditEntryDto) } } }, async (req) =>
    listAudit(ctx.db(), actorOf(req), req.query),
  );

  r.get('/api/v1/settings', { schema: { tags: ['admin'], summary: 'Company settings', response: { 200: companySettingsSchema } } }, async () => getCompanySettings(ctx.db()));

  r.put('/api/v1/settings', { schema: { tags: ['admin'], summary: 'Replace company settings (admin)', body: companySettingsSchema, response: { 200: companySettingsSchema } } }, async (req) => {
    requirePermission(actorOf(req), 'settings:manage');
    return updateCompanySettings(ctx.db(), actorOf(req), req.body);
  });
}
