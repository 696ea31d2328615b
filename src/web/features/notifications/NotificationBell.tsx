import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { NotificationDto } from '../../api/types';
import { errorMessage } from '../../i18n/labels';
import { hasPage } from '../../navigation';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fromNow } from '../../ui/format';
import { fetchLatest, latestKey, markAllRead, markRead, useLiveUnreadCount } from './live';

/** One line of a notification list: unread ones are bold with a dot; a click marks it read and opens its link. */
export function NotificationLine({ n, onOpen }: { n: NotificationDto; onOpen: (n: NotificationDto) => void }) {
  return (
    <div style={{ display: 'flex', gap: 8, width: '100%', cursor: 'pointer' }} onClick={() => onOpen(n)} data-testid="notification-item" data-unread={!n.readAt}>
      <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 4 }} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text strong={!n.readAt} style={{ display: 'block' }}>
          {n.title}
        </Typography.Text>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
          {n.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 11 }}>
          {fromNow(n.createdAt)}
        </Typography.Text>
      </div>
    </div>
  );
}

export function useOpenNotification() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  return async (n: NotificationDto) => {
    try {
      if (!n.readAt) await markRead(qc, n.id);
    } catch (e) {
      message.error(errorMessage(e));
    }
    if (n.link && hasPage(n.link)) navigate(n.link);
  };
}

/** The header's bell: the live unread count, and the latest notifications in a popover. */
export function NotificationBell() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const count = useLiveUnreadCount();
  const [open, setOpen] = useState(false);
  const latest = useQuery({ queryKey: latestKey, queryFn: () => fetchLatest(8), enabled: open });
  const openOne = useOpenNotification();

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-popover">
      <ErrorAlert error={latest.error} />
      <List
        size="small"
        loading={latest.isPending}
        dataSource={latest.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        style={{ maxHeight: 420, overflowY: 'auto' }}
        renderItem={(n) => (
          <List.Item key={n.id} style={{ paddingInline: 4 }}>
            <NotificationLine
              n={n}
              onOpen={(x) => {
                setOpen(false);
                void openOne(x);
              }}
            />
          </List.Item>
        )}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
        <Button
          size="small"
          type="link"
          disabled={!count}
          data-testid="mark-all-read"
          onClick={() =>
            void markAllRead(qc)
              .then(() => message.success(t('notifications.allRead')))
              .catch((e) => message.error(errorMessage(e)))
          }
        >
          {t('notifications.markAllRead')}
        </Button>
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('common.viewAll')}
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false}>
      <Button type="text" aria-label={t('notifications.bellLabel', { count })} data-testid="notification-bell" style={{ paddingInline: 8 }}>
        <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
        <span data-testid="unread-count" data-count={count} hidden>
          {count}
        </span>
      </Button>
    </Popover>
  );
}
