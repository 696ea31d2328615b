import type { Kysely, Transaction } from 'kysely';
import type { DbHandle } from '../../db/connect';
import type { Database } from '../../db/database';
import type { Actor } from '../access/actor';
import { businessToday } from '../approvals/approvals.engine';
import { defineQueue, defineSchedule } from '../jobs/jobs.registry';
import { notify } from '../notifications/notifications.service';

type Trx = Transaction<Database>;

/**
 * One facility for everything that falls due (tasks now; statements, lending,
 * receivables, licences and contracts later): remind N days before, on the day,
 * once when overdue, and escalate to the person's manager after a number of
 * overdue days; it stops when the thing is done.
 */
export interface ReminderInput {
  entityType: string;
  entityId: string;
  userId: string;
  title: string;
  link?: string | null;
  dueOn: string;
  remindDaysBefore?: number;
  remindOnDue?: boolean;
  /** null: never escalate; 0: on the first overdue day. */
  escalateAfterDays?: number | null;
}

/** Creates or moves a reminder; a new due date starts its stages again. */
export async function upsertReminder(trx: Trx, input: ReminderInput): Promise<void> {
  const values = {
    title: input.title,
    link: input.link ?? null,
    due_on: input.dueOn,
    remind_days_before: input.remindDaysBefore ?? 1,
    remind_on_due: input.remindOnDue ?? true,
    escalate_after_days: input.escalateAfterDays === undefined ? 0 : input.escalateAfterDays,
  };
  const existing = await trx
    .selectFrom('reminders')
    .select(['id', 'due_on'])
    .where('entity_type', '=', input.entityType)
    .where('entity_id', '=', input.entityId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (!existing) {
    await trx.insertInto('reminders').values({ ...values, entity_type: input.entityType, entity_id: input.entityId, user_id: input.userId }).execute();
    return;
  }
  const moved = existing.due_on !== input.dueOn;
  await trx
    .updateTable('reminders')
    .set({
      ...values,
      status: 'active',
      closed_at: null,
      ...(moved && { sent_before_at: null, sent_due_at: null, sent_overdue_at: null, escalated_at: null, escalated_to: null }),
    })
    .where('id', '=', existing.id)
    .execute();
}

/** Stops reminders of a record (for one person, or everyone): done or cancelled. */
export async function closeReminders(trx: Trx, entityType: string, entityId: string, outcome: 'done' | 'cancelled', userId?: string): Promise<void> {
  let q = trx.updateTable('reminders').set({ status: outcome, closed_at: new Date() }).where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('status', '=', 'active');
  if (userId) q = q.where('user_id', '=', userId);
  await q.execute();
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

type Stage = 'sent_before_at' | 'sent_due_at' | 'sent_overdue_at' | 'escalated_at';

/**
 * Sends what is due today (business time zone). Each stage is claimed with
 * `… where <stage> is null`, so a stage goes out once even when two instances scan
 * at the same moment.
 */
export async function scanReminders(db: Kysely<Database>, today?: string): Promise<number> {
  const day = today ?? (await businessToday(db));
  const horizon = addDays(day, 60);
  const rows = await db
    .selectFrom('reminders as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'r.title', 'r.link', 'r.entity_type', 'r.entity_id', 'r.due_on', 'r.remind_days_before', 'r.remind_on_due', 'r.escalate_after_days', 'r.sent_before_at', 'r.sent_due_at', 'r.sent_overdue_at', 'r.escalated_at', 'u.manager_id', 'u.display_name'])
    .where('r.status', '=', 'active')
    .where('r.due_on', '<=', horizon)
    .execute();
  let sent = 0;
  for (const r of rows) {
    const daysLeft = daysBetween(day, r.due_on);
    const stages: { stage: Stage; kind: 'reminder.before' | 'reminder.due' | 'reminder.overdue' | 'reminder.escalated'; to: string }[] = [];
    if (daysLeft > 0 && daysLeft <= r.remind_days_before && !r.sent_before_at) stages.push({ stage: 'sent_before_at', kind: 'reminder.before', to: r.user_id });
    if (daysLeft === 0 && r.remind_on_due && !r.sent_due_at) stages.push({ stage: 'sent_due_at', kind: 'reminder.due', to: r.user_id });
    if (daysLeft < 0 && !r.sent_overdue_at) stages.push({ stage: 'sent_overdue_at', kind: 'reminder.overdue', to: r.user_id });
    if (daysLeft < 0 && r.escalate_after_days !== null && -daysLeft > r.escalate_after_days && !r.escalated_at && r.manager_id) {
      stages.push({ stage: 'escalated_at', kind: 'reminder.escalated', to: r.manager_id });
    }
    for (const s of stages) {
      const won = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .updateTable('reminders')
          .set({ [s.stage]: new Date(), ...(s.stage === 'escalated_at' && { escalated_to: s.to }) })
          .where('id', '=', r.id)
          .where(s.stage, 'is', null)
          .where('status', '=', 'active')
          .returning('id')
          .executeTakeFirst();
        if (!claimed) return false;
        await notify(trx, {
          recipients: [s.to],
          kind: s.kind,
          params: { title: r.title, dueOn: r.due_on, person: r.display_name },
          link: r.link ?? undefined,
          entity: { type: r.entity_type, id: r.entity_id },
        });
        return true;
      });
      if (won) sent++;
    }
  }
  return sent;
}

export interface ReminderDto {
  id: string;
  entityType: string;
  entityId: string;
  title: string;
  link: string | null;
  dueOn: string;
  overdue: boolean;
}

/** The actor's active reminders due within `days` (and all overdue ones), for the workbench. */
export async function myDueReminders(db: Kysely<Database>, actor: Actor, days = 7): Promise<ReminderDto[]> {
  const today = await businessToday(db);
  const rows = await db
    .selectFrom('reminders')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .where('status', '=', 'active')
    .where('due_on', '<=', addDays(today, days))
    .orderBy('due_on')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, entityType: r.entity_type, entityId: r.entity_id, title: r.title, link: r.link, dueOn: r.due_on, overdue: r.due_on < today }));
}

export const REMINDERS_QUEUE = 'reminders.scan';

/** The scan runs every 15 minutes; stages are dated in the business time zone. */
export function registerReminderJobs(): void {
  defineQueue({ queue: REMINDERS_QUEUE, maxAttempts: 3, handler: async (ctx) => void (await scanReminders(ctx.db)) });
  defineSchedule({ name: 'reminders', cron: '*/15 * * * *', queue: REMINDERS_QUEUE });
}

export type { DbHandle };
