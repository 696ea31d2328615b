import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { actorOf } from '../../http/auth';
import { NOTIFICATION_KINDS } from '../i18n/server-messages';
import { idParams, okResponse, pageOf } from '../schema/common.schema';
import type { NotificationHub } from './hub';
import { getPreferences, listNotifications, markAllRead, markRead, setPreferences, unreadCount } from './notifications.service';

const notificationDto = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const preferenceDto = z.object({ kind: z.string().max(100), inApp: z.boolean(), email: z.boolean() }).strict();
// Only the kinds that exist: a made-up kind would be stored as a row per user, for nothing.
const preferenceInput = preferenceDto.extend({ kind: z.enum(NOTIFICATION_KINDS) }).strict();

export function notificationsRoutes(app: FastifyInstance, ctx: AppContext, hub: NotificationHub) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30), cursor: z.string().max(500).optional(), unread: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: pageOf(notificationDto).extend({ unreadCount: z.number().int() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const page = await listNotifications(ctx.db(), actor, { limit: req.query.limit, cursor: req.query.cursor, unreadOnly: req.query.unread === 'true' });
      return { ...page, unreadCount: await unreadCount(ctx.db(), actor.userId) };
    },
  );

  r.post('/api/v1/notifications/:id/read', { schema: { tags, params: idParams, response: { 200: okResponse } } }, async (req) => {
    await markRead(ctx.db(), actorOf(req), req.params.id);
    return { ok: true as const };
  });

  r.post('/api/v1/notifications/read-all', { schema: { tags, response: { 200: z.object({ updated: z.number().int() }) } } }, async (req) => ({
    updated: await markAllRead(ctx.db(), actorOf(req)),
  }));

  r.get('/api/v1/notifications/preferences', { schema: { tags, summary: 'My channel choice per kind of notification', response: { 200: z.object({ items: z.array(preferenceDto) }) } } }, async (req) => ({
    items: await getPreferences(ctx.db(), actorOf(req)),
  }));

  r.put(
    '/api/v1/notifications/preferences',
    { schema: { tags, body: z.object({ items: z.array(preferenceInput).max(100) }).strict(), response: { 200: z.object({ items: z.array(preferenceDto) }) } } },
    async (req) => ({ items: await setPreferences(ctx.db(), actorOf(req), req.body.items) }),
  );

  // Server-sent events: the unread count, pushed whenever it may have changed.
  r.get('/api/v1/notifications/stream', { schema: { tags, summary: 'Live unread count (text/event-stream)', hide: false } }, async (req, reply) => {
    const actor = actorOf(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let closed = false;
    const send = async () => {
      if (closed) return;
      try {
        const count = await unreadCount(ctx.db(), actor.userId);
        if (!closed) res.write(`event: unread\ndata: ${JSON.stringify({ count })}\n\n`);
      } catch {
        // the database is going away (shutdown); the browser reconnects
      }
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    const unsubscribe = hub.subscribe(actor.userId, () => void send(), close);
    req.raw.on('close', close);
    res.write('retry: 5000\n\n');
    await send();
  });
}
