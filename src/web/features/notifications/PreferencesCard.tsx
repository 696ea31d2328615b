import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { NotificationPreference } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { notificationKindLabel } from './labels';

const prefsKey = ['notifications', 'preferences'] as const;

/** Per kind of notification: shown in the app, sent by email, both or neither. Saved at each switch. */
export function NotificationPreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: prefsKey, queryFn: async () => (await api.get<{ items: NotificationPreference[] }>('/api/v1/notifications/preferences')).items });

  const change = async (p: NotificationPreference) => {
    const previous = prefs.data;
    qc.setQueryData<NotificationPreference[]>(prefsKey, (items) => items?.map((x) => (x.kind === p.kind ? p : x)));
    try {
      const saved = await api.put<{ items: NotificationPreference[] }>('/api/v1/notifications/preferences', { items: [p] });
      qc.setQueryData(prefsKey, saved.items);
      message.success(t('notifications.preferencesSaved'));
    } catch (e) {
      qc.setQueryData(prefsKey, previous);
      message.error(errorMessage(e));
    }
  };

  return (
    <Card title={t('notifications.preferencesTitle')} id="notifications" data-testid="notification-preferences">
      <Typography.Paragraph type="secondary">{t('notifications.preferencesHelp')}</Typography.Paragraph>
      <ErrorAlert error={prefs.error} />
      <Table<NotificationPreference>
        rowKey="kind"
        size="small"
        loading={prefs.isPending}
        dataSource={prefs.data ?? []}
        pagination={false}
        scroll={{ x: 480 }}
        columns={[
          { title: t('notifications.kind'), dataIndex: 'kind', render: (k: string) => notificationKindLabel(k) },
          {
            title: t('notifications.inApp'),
            dataIndex: 'inApp',
            width: 110,
            align: 'center',
            render: (_, p) => <Switch size="small" checked={p.inApp} onChange={(v) => void change({ ...p, inApp: v })} aria-label={`${notificationKindLabel(p.kind)}: ${t('notifications.inApp')}`} />,
          },
          {
            title: t('notifications.email'),
            dataIndex: 'email',
            width: 110,
            align: 'center',
            render: (_, p) => <Switch size="small" checked={p.email} onChange={(v) => void change({ ...p, email: v })} aria-label={`${notificationKindLabel(p.kind)}: ${t('notifications.email')}`} />,
          },
        ]}
      />
    </Card>
  );
}
