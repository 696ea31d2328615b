import { formatMoney } from '../i18n/server-messages';
import { inbox } from '../approvals/approvals.service';
import { listNotifications, unreadCount } from '../notifications/notifications.service';
import { myDueReminders } from '../reminders/reminders.service';
import { dayInZone, getCompanySettings } from '../settings/settings.service';
import { likePattern, registerSearchProvider, registerWorkbenchSection } from './workbench.registry';

/** The platform's own contributions: approvals waiting, reminders due, unread notifications, people search. */
export function registerPlatformWorkbench(): void {
  registerWorkbenchSection({
    key: 'approvals',
    order: 10,
    async load(db, actor) {
      const items = await inbox(db, actor);
      const { timeZone } = await getCompanySettings(db);
      return {
        count: items.length,
        link: '/approvals',
        items: items.slice(0, 10).map((i) => ({
          id: i.requestId,
          title: i.title,
          subtitle: `${i.submitterName}${i.amount !== null && i.currency ? ' · ' + formatMoney(i.amount, i.currency, actor.locale) : ''}`,
          link: `/approvals/${i.requestId}`,
          date: dayInZone(i.submittedAt, timeZone),
          severity: 'warning' as const,
        })),
      };
    },
  });
  registerWorkbenchSection({
    key: 'reminders',
    order: 30,
    async load(db, actor) {
      const items = await myDueReminders(db, actor, 7);
      return {
        count: items.length,
        items: items.slice(0, 15).map((r) => ({ id: r.id, title: r.title, link: r.link, date: r.dueOn, severity: r.overdue ? ('danger' as const) : ('info' as const) })),
      };
    },
  });
  registerWorkbenchSection({
    key: 'notifications',
    order: 40,
    async load(db, actor) {
      const page = await listNotifications(db, actor, { limit: 5, unreadOnly: true });
      const { timeZone } = await getCompanySettings(db);
      return {
        count: await unreadCount(db, actor.userId),
        link: '/notifications',
        items: page.items.map((n) => ({ id: n.id, title: n.title, subtitle: n.body, link: n.link, date: dayInZone(n.createdAt, timeZone) })),
      };
    },
  });
  registerSearchProvider({
    kind: 'person',
    async search(db, _actor, q, limit) {
      const like = likePattern(q);
      const rows = await db
        .selectFrom('users as u')
        .leftJoin('departments as d', 'd.id', 'u.department_id')
        .select(['u.id', 'u.display_name', 'u.email', 'd.name as department'])
        .where('u.is_active', '=', true)
        .where((eb) => eb.or([eb('u.display_name', 'ilike', like), eb('u.email', 'ilike', like), eb('u.phone', 'ilike', like)]))
        .orderBy('u.display_name')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ kind: 'person', id: r.id, title: r.display_name, subtitle: [r.email, r.department].filter(Boolean).join(' · '), link: `/people/${r.id}` }));
    },
  });
}
