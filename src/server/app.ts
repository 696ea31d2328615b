import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './app-context';
import type { Config } from './config';
import type { DbHandle } from './db/connect';
import { isMigrated } from './db/migrate';
import { registerAuth } from './http/auth';
import { registerErrorHandler } from './http/error-handler';
import { registerIdempotency } from './http/idempotency';
import { modules } from './modules/index';
import { adminRoutes } from './platform/admin/admin.routes';
import { authRoutes } from './platform/auth/auth.routes';
import { configurePasswordHashing } from './platform/auth/passwords';
import { setupRoutes } from './platform/setup/setup.routes';
import fastifyMultipart from '@fastify/multipart';
import { approvalsRoutes } from './platform/approvals/approvals.routes';
import { fileStores, type FileStores } from './platform/files/file-store';
import { filesRoutes } from './platform/files/files.routes';
import { defineQueue, defineSchedule } from './platform/jobs/jobs.registry';
import { jobsRoutes } from './platform/jobs/jobs.routes';
import { NotificationHub } from './platform/notifications/hub';
import { sendOutboxMail, sweepOutbox } from './platform/notifications/mailer';
import { effectiveMailSettings } from './platform/notifications/mail-settings';
import { MAIL_QUEUE } from './platform/notifications/notifications.service';
import { notificationsRoutes } from './platform/notifications/notifications.routes';
import { registerReminderJobs } from './platform/reminders/reminders.service';
import { registerPlatformWorkbench } from './platform/workbench/platform-sections';
import { workbenchRoutes } from './platform/workbench/workbench.routes';

/** Registers what the platform and each module contribute to the shared registries (idempotent: maps keyed by name). */
export function registerServices(config: Config): void {
  registerPlatformWorkbench();
  registerReminderJobs();
  defineQueue<{ outboxId: string }>({
    queue: MAIL_QUEUE,
    maxAttempts: 8,
    backoffSeconds: 30,
    handler: async (ctx, payload) => {
      await sendOutboxMail(ctx.db, await effectiveMailSettings(ctx.db, config), payload.outboxId);
    },
  });
  defineQueue({
    queue: 'mail.sweep',
    maxAttempts: 1,
    handler: async (ctx) => void (await sweepOutbox(ctx.db, await effectiveMailSettings(ctx.db, config))),
  });
  defineSchedule({ name: 'mail-outbox', cron: '*/10 * * * *', queue: 'mail.sweep' });
  for (const m of modules) m.register?.();
}

export function fileStoresFor(config: Config): FileStores {
  return fileStores(config.fileStore, path.join(config.dataDir, 'files'));
}

export interface BuildAppOptions {
  handle: DbHandle;
  config: Config;
  /** Tests pass false to keep output quiet. */
  logger?: boolean;
}

/** Builds the HTTP app around an open, migrated database. */
export async function buildApp({ handle, config, logger = true }: BuildAppOptions): Promise<FastifyInstance> {
  configurePasswordHashing(config.argon2MemoryKib);
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          // Never log credentials: cookies, tokens, passwords.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password'],
        }
      : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Unknown-field and bad-type refusals come from zod; this keeps a stray prototype key out of bodies.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  });
  const ctx: AppContext = { config, handle, db: () => handle.db };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure ? undefined : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Salesdesk API', version: '1', description: 'Sign in with POST /api/v1/auth/login, or send `Authorization: Bearer <API token>`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'sd_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerErrorHandler(app, ctx.db);
  registerAuth(app, ctx.db, config);
  registerIdempotency(app, ctx.db);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) => {
    try {
      if (!(await isMigrated(handle))) return reply.code(503).send({ status: 'migrating' });
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  registerServices(config);
  const hub = new NotificationHub();
  await hub.start(handle);
  app.addHook('preClose', async () => hub.stop());
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, parts: 21 } });

  setupRoutes(app, ctx);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  notificationsRoutes(app, ctx, hub);
  jobsRoutes(app, ctx);
  filesRoutes(app, ctx, fileStoresFor(config));
  approvalsRoutes(app, ctx);
  workbenchRoutes(app, ctx);
  for (const m of modules) m.routes(app, ctx);

  await registerWeb(app, config);
  return app;
}

/** Serves the built web app; any non-API GET falls back to index.html so client routes work on reload. */
async function registerWeb(app: FastifyInstance, config: Config) {
  const index = path.join(config.webDist, 'index.html');
  if (!fs.existsSync(index)) return;
  await app.register(fastifyStatic, { root: config.webDist, prefix: '/', wildcard: false, index: false });
  // Re-read when the file changes: a rebuild while the server runs must not leave it serving a stale page.
  let cached = { mtimeMs: 0, html: '' };
  const currentHtml = () => {
    const mtimeMs = fs.statSync(index).mtimeMs;
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, html: fs.readFileSync(index, 'utf8') };
    return cached.html;
  };
  const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(currentHtml());
  app.get('/', { schema: { hide: true }, config: { access: 'public' } }, sendIndex);
  app.get('/*', { schema: { hide: true }, config: { access: 'public' } }, (req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api/')) {
      return reply.callNotFound();
    }
    const file = path.join(config.webDist, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(config.webDist) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(path.relative(config.webDist, file), { maxAge: url.startsWith('/assets/') ? '365d' : 0, immutable: url.startsWith('/assets/') });
    }
    return sendIndex(req, reply);
  });
}
