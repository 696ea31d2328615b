import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../../api-client';
import type { AuditEntry, Page } from '../../../api/types';
import { auditActionLabel, entityTypeLabel } from '../../../i18n/labels';
import { entitySummary } from '../../audit/describe';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { formatDateTime, fromNow } from '../../../ui/format';

/** Colour by what happened: failures and denials stand out. */
export function actionColor(action: string): string | undefined {
  if (/failed|denied|throttled/.test(action)) return 'red';
  if (/\.create$/.test(action)) return 'green';
  if (/revoke|reset_password/.test(action)) return 'orange';
  if (action.startsWith('auth.')) return 'default';
  return 'blue';
}

export function RecentActivityCard() {
  const { t } = useTranslation();
  const audit = useQuery({ queryKey: ['audit', 'latest'], queryFn: () => api.get<Page<AuditEntry>>('/api/v1/audit', { limit: 10 }) });
  return (
    <Card title={t('workbench.activityTitle')} extra={<Link to="/admin/audit">{t('common.viewAll')}</Link>} styles={{ body: { paddingTop: 4, paddingBottom: 4 } }}>
      <ErrorAlert error={audit.error} style={{ margin: '12px 0' }} />
      <List
        loading={audit.isPending}
        dataSource={audit.data?.items ?? []}
        locale={{ emptyText: t('workbench.activityEmpty') }}
        renderItem={(e) => {
          const summary = entitySummary(e);
          return (
            <List.Item key={e.seq} data-testid="activity-item">
              <div style={{ width: '100%', minWidth: 0 }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                  <Tag color={actionColor(e.action)} style={{ flex: 'none', marginInlineEnd: 0 }}>
                    {auditActionLabel(e.action)}
                  </Tag>
                  <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
                    {e.actorLabel ?? t('audit.system')}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ flex: 'none', fontSize: 12 }} title={formatDateTime(e.at)}>
                    {fromNow(e.at)}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, marginTop: 2 }}>
                  {entityTypeLabel(e.entityType)}
                  {summary ? ` · ${summary}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
