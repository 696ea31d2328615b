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
import { companySettingsDto, companySettingsSchema, savedSettingsSchema } from '../settings/settings.schema';
import { getCompanySettings, settingsWarnings, updateCompanySettings } from '../settings/settings.service';
import { getMailSettingsView, mailSettingsBody, saveMailSettings, sendTestMail } from '../notifications/mail-settings';
import { email, okResponse } from '../schema/common.schema';

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

  r.get('/api/v1/settings', { schema: { tags: ['admin'], summary: 'Company settings', response: { 200: companySettingsDto } } }, async () => getCompanySettings(ctx.db()));

  r.put(
    '/api/v1/settings',
    { schema: { tags: ['admin'], summary: 'Replace company settings (admin); warnings name what was saved but looks wrong', body: companySettingsSchema, response: { 200: savedSettingsSchema } } },
    async (req) => {
      requirePermission(actorOf(req), 'settings:manage');
      const saved = await updateCompanySettings(ctx.db(), actorOf(req), req.body);
      return { ...saved, warnings: settingsWarnings(saved) };
    },
  );

  const mailView = z.object({
    smtpUrl: z.string(),
    from: z.string(),
    publicUrl: z.string(),
    fromEnvironment: z.object({ smtpUrl: z.boolean(), from: z.boolean(), publicUrl: z.boolean() }),
    isConfigured: z.boolean(),
    pendingMails: z.number().int(),
  });
  r.get('/api/v1/settings/mail', { schema: { tags: ['admin'], summary: 'Mail (SMTP) settings (admin; the password is masked)', response: { 200: mailView } } }, async (req) =>
    getMailSettingsView(ctx.db(), ctx.config, actorOf(req)),
  );
  r.put('/api/v1/settings/mail', { schema: { tags: ['admin'], summary: 'Save mail settings (the environment wins where set)', body: mailSettingsBody, response: { 200: mailView } } }, async (req) =>
    saveMailSettings(ctx.db(), ctx.config, actorOf(req), req.body),
  );
  r.post('/api/v1/settings/mail/test', { schema: { tags: ['admin'], summary: 'Send a test mail now', body: z.object({ to: email }).strict(), response: { 200: okResponse } } }, async (req) => {
    await sendTestMail(ctx.db(), ctx.config, actorOf(req), req.body.to);
    return { ok: true as const };
  });
}
