import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { deniedAsNotFound, notFound } from '../../http/app-error';
import type { Actor } from '../access/actor';
import { NOTIFICATION_KINDS, type NotificationKind, renderNotification, type ServerLocale } from '../i18n/server-messages';
import { enqueue } from '../jobs/jobs.service';
import { keysetPage, type Page, type PageRequest } from '../pagination';

type Db = Kysely<Database> | Transaction<Database>;

export const NOTIFY_CHANNEL = 'salesdesk_notifications';
export const MAIL_QUEUE = 'mail.send';

export interface NotifyInput {
  recipients: string[];
  kind: NotificationKind;
  params: Record<string, unknown>;
  link?: string;
  entity?: { type: string; id: string };
}

/**
 * Notifies people, inside the caller's transaction: the in-app entry, and an email
 * queued as a job (so it leaves only after the commit, retries on failure). Each
 * recipient's channel choice per kind is honoured; defaults are in-app and email on.
 * The live unread badge hears of it through pg_notify, delivered at commit.
 */
export async function notify(trx: Transaction<Database>, input: NotifyInput): Promise<void> {
  const recipients = [...new Set(input.recipients)];
  if (recipients.length === 0) return;
  const users = await trx
    .selectFrom('users as u')
    .leftJoin('notification_preferences as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.kind', '=', input.kind))
    .select(['u.id', 'u.email', 'u.locale', 'u.is_active', 'p.in_app', 'p.email as email_on'])
    .where('u.id', 'in', recipients)
    .execute();
  for (const u of users) {
    if (!u.is_active) continue;
    let notificationId: string | null = null;
    if (u.in_app !== false) {
      const row = await trx
        .insertInto('notifications')
        .values({
          user_id: u.id,
          kind: input.kind,
          params: JSON.stringify(input.params),
          link: input.link ?? null,
          entity_type: input.entity?.type ?? null,
          entity_id: input.entity?.id ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      notificationId = row.id;
      await sql`select pg_notify(${NOTIFY_CHANNEL}, ${u.id})`.execute(trx);
    }
    if (u.email_on !== false) {
      const { title, body } = renderNotification(input.kind, input.params, u.locale as ServerLocale);
      const outbox = await trx
        .insertInto('mail_outbox')
        .values({
          notification_id: notificationId,
          to_address: u.email,
          subject: title,
          text_body: body,
          message_id: `<${crypto.randomUUID()}@salesdesk>`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await enqueue(trx, MAIL_QUEUE, { outboxId: outbox.id }, { singletonKey: `mail:${outbox.id}` });
    }
  }
}

export interface NotificationDto {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The actor's own notifications, newest first, rendered in their language. */
export async function listNotifications(db: Kysely<Database>, actor: Actor, page: PageRequest & { unreadOnly?: boolean }): Promise<Page<NotificationDto>> {
  let q = db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
  if (page.unreadOnly) q = q.where('read_at', 'is', null);
  const result = await keysetPage(q, { sortRef: 'created_at', idRef: 'id', direction: 'desc', page, timestampSort: true, idOf: (r) => r.id });
  return {
    nextCursor: result.nextCursor,
    items: result.items.map((r) => {
      const { title, body } = renderNotification(r.kind, r.params as Record<string, unknown>, actor.locale);
      return {
        id: r.id,
        kind: r.kind,
        title,
        body,
        link: r.link,
        entityType: r.entity_type,
        entityId: r.entity_id,
        createdAt: new Date(r.created_at).toISOString(),
        readAt: r.read_at?.toISOString() ?? null,
      };
    }),
  };
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one of the actor's notifications read; someone else's is not found. */
export async function markRead(db: Kysely<Database>, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', id).where('user_id', '=', actor.userId).returning('id').executeTakeFirst();
    if (!r) {
      const exists = await trx.selectFrom('notifications').select('id').where('id', '=', id).executeTakeFirst();
      if (!exists) throw notFound('notification', id);
      // Someone else's: the same answer as a missing one, written down as a denial.
      throw deniedAsNotFound('notification', id);
    }
    await sql`select pg_notify(${NOTIFY_CHANNEL}, ${actor.userId})`.execute(trx);
  });
}

export async function markAllRead(db: Kysely<Database>, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst();
    await sql`select pg_notify(${NOTIFY_CHANNEL}, ${actor.userId})`.execute(trx);
    return Number(r.numUpdatedRows);
  });
}

export interface PreferenceDto {
  kind: string;
  inApp: boolean;
  email: boolean;
}

/** Every kind with the actor's choice (default: both channels on). */
export async function getPreferences(db: Kysely<Database>, actor: Actor): Promise<PreferenceDto[]> {
  const rows = await db.selectFrom('notification_preferences').selectAll().where('user_id', '=', actor.userId).execute();
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: byKind.get(kind)?.in_app ?? true, email: byKind.get(kind)?.email ?? true }));
}

export async function setPreferences(db: Kysely<Database>, actor: Actor, prefs: PreferenceDto[]): Promise<PreferenceDto[]> {
  await db.transaction().execute(async (trx) => {
    for (const p of prefs) {
      await trx
        .insertInto('notification_preferences')
        .values({ user_id: actor.userId, kind: p.kind, in_app: p.inApp, email: p.email })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ in_app: p.inApp, email: p.email }))
        .execute();
    }
  });
  return getPreferences(db, actor);
}
