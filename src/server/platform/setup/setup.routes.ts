import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { sessionPolicy, setSessionCookie } from '../../http/auth';
import { email, requiredLine } from '../schema/common.schema';
import { password } from '../../modules/users/users.schema';
import { companySettingsSchema } from '../settings/settings.schema';
import { isSetupDone } from '../settings/settings.service';
import { login } from '../auth/sessions';
import { seedDemo } from '../../demo/seed';
import { runSetup } from './setup.service';

export const setupBody = z
  .object({
    settings: companySettingsSchema,
    admin: z.object({ email, displayName: requiredLine(100), password }).strict(),
    loadDemoData: z.boolean().default(false),
  })
  .strict();

export function setupRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/setup',
    { schema: { tags: ['setup'], summary: 'Whether first-run setup is still needed', response: { 200: z.object({ needed: z.boolean() }) } }, config: { access: 'public' } },
    async () => ({ needed: !(await isSetupDone(ctx.db())) }),
  );

  r.post(
    '/api/v1/setup',
    {
      schema: { tags: ['setup'], summary: 'First run: company settings and the first admin (refused once set up)', body: setupBody, response: { 201: z.object({ ok: z.literal(true) }) } },
      config: { access: 'public', csrfExempt: true },
    },
    async (request, reply) => {
      const sys = { label: 'setup', ip: request.ip, requestId: request.id };
      await runSetup(ctx.db(), sys, { settings: request.body.settings, admin: request.body.admin });
      if (request.body.loadDemoData) await seedDemo(ctx.db(), { label: 'setup:demo' });
      // Sign the new admin in, so setup ends on the home page.
      const session = await login(ctx.db(), sessionPolicy(ctx.config), request.body.admin, { ...sys, userAgent: request.headers['user-agent'] });
      setSessionCookie(reply, request, session.sessionToken, ctx.config);
      reply.code(201);
      return { ok: true as const };
    },
  );
}
