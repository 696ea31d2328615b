import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Segmented, Tag } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { NotificationDto, Page } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { formatDateTime } from '../../ui/format';
import { useKeysetPaging } from '../../ui/keyset';
import { useTableErrorHandler } from '../../ui/table-errors';
import { notificationKindLabel } from './labels';
import { markAllRead, markRead } from './live';
import { NotificationLine, useOpenNotification } from './NotificationBell';

/** Every notification, newest first; unread only on request. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const onError = useTableErrorHandler();
  const actionRef = useRef<ActionType>(undefined);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const openOne = useOpenNotification();
  const fetchPage = useCallback(
    (_: { keyword?: string }, cursor: string | undefined, limit: number) => api.get<Page<NotificationDto>>('/api/v1/notifications', { unread: unreadOnly ? 'true' : undefined, cursor, limit }),
    [unreadOnly],
  );
  const paging = useKeysetPaging<NotificationDto, { keyword?: string }>(fetchPage);
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<NotificationDto>[] = [
    { title: t('notifications.message'), dataIndex: 'title', render: (_, n) => <NotificationLine n={n} onOpen={(x) => void openOne(x).then(reload)} /> },
    { title: t('notifications.kind'), dataIndex: 'kind', width: 180, render: (_, n) => <Tag>{notificationKindLabel(n.kind)}</Tag> },
    { title: t('notifications.at'), dataIndex: 'createdAt', width: 160, render: (_, n) => formatDateTime(n.createdAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 140,
      render: (_, n) =>
        n.readAt
          ? []
          : [
              <a
                key="read"
                onClick={() =>
                  void markRead(qc, n.id)
                    .then(reload)
                    .catch((e) => message.error(errorMessage(e)))
                }
              >
                {t('notifications.markRead')}
              </a>,
            ],
    },
  ];

  return (
    <PageContainer title={t('notifications.title')}>
      <ProTable<NotificationDto, { cursor?: string; limit?: number }>
        key={String(unreadOnly)}
        rowKey="id"
        actionRef={actionRef}
        columns={columns}
        request={paging.request}
        params={paging.params}
        onRequestError={onError}
        pagination={false}
        footer={paging.footer}
        search={false}
        scroll={{ x: 820 }}
        options={{ reload: true, density: false, setting: false, fullScreen: false }}
        headerTitle={
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('common.all') },
              { value: 'unread', label: t('notifications.unread') },
            ]}
          />
        }
        toolBarRender={() => [
          <Button
            key="all"
            onClick={() =>
              void markAllRead(qc)
                .then(() => {
                  message.success(t('notifications.allRead'));
                  reload();
                })
                .catch((e) => message.error(errorMessage(e)))
            }
          >
            {t('notifications.markAllRead')}
          </Button>,
        ]}
        data-testid="notifications-table"
      />
    </PageContainer>
  );
}
