import { NOTIFICATION_KINDS } from '../../src/server/platform/i18n/server-messages';
import { notificationOf } from './fixtures';
import { statuses, type MatrixContext, type MatrixModule } from './matrix';

/** Notifications are personal: everyone has their own; someone else's is not found. */
const bNotification = (ctx: MatrixContext) => (ctx.data.notifications as { bNotification: string }).bNotification;

export const notificationsMatrix: MatrixModule = {
  name: 'notifications',
  async setup(ctx) {
    ctx.data.notifications = { bNotification: await notificationOf(ctx, 'repB') };
  },
  rows: [
    { name: 'my notifications', method: 'GET', route: '/api/v1/notifications', expect: statuses(200) },
    { name: 'my notification channels', method: 'GET', route: '/api/v1/notifications/preferences', expect: statuses(200) },
    {
      name: 'choose my notification channels',
      method: 'PUT',
      route: '/api/v1/notifications/preferences',
      body: () => ({ items: [{ kind: NOTIFICATION_KINDS[0], inApp: true, email: false }] }),
      expect: statuses(200),
    },
    {
      name: 'mark my notification read',
      method: 'POST',
      route: '/api/v1/notifications/{id}/read',
      url: async (ctx, who) => `/api/v1/notifications/${who === 'anonymous' ? bNotification(ctx) : await notificationOf(ctx, who)}/read`,
      expect: statuses(200),
    },
    { name: "mark rep B's notification read", method: 'POST', route: '/api/v1/notifications/{id}/read', url: (ctx) => `/api/v1/notifications/${bNotification(ctx)}/read`, expect: statuses(404) },
    { name: 'mark all mine read', method: 'POST', route: '/api/v1/notifications/read-all', expect: statuses(200) },
  ],
};
