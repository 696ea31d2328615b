import { UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Avatar, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../../api-client';
import type { Page, UserDto } from '../../../api/types';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import type { WorkbenchContext } from '../cards';

/** The people one works beside, with how to reach them. */
export function ColleaguesCard({ ctx: { me } }: { ctx: WorkbenchContext }) {
  const { t } = useTranslation();
  const departmentId = me.user.departmentId!;
  const colleagues = useQuery({
    queryKey: ['users', 'colleagues', departmentId],
    queryFn: () => api.get<Page<UserDto>>('/api/v1/users', { departmentId, isActive: 'true', limit: 7 }),
  });
  const others = (colleagues.data?.items ?? []).filter((u) => u.id !== me.user.id).slice(0, 6);
  return (
    <Card
      title={t('workbench.colleaguesTitle')}
      style={{ height: '100%' }}
      styles={{ body: { paddingTop: 8, paddingBottom: 8 } }}
      extra={<Link to={`/people?departmentId=${departmentId}`}>{t('common.viewAll')}</Link>}
    >
      <ErrorAlert error={colleagues.error} />
      <List
        loading={colleagues.isPending}
        dataSource={others}
        locale={{ emptyText: t('workbench.noColleagues') }}
        grid={{ gutter: 8, xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }}
        renderItem={(u) => (
          <List.Item style={{ marginBlock: 6 }}>
            <Link to={`/people/${u.id}`} style={{ display: 'flex', gap: 10, alignItems: 'center', color: 'inherit' }}>
              <Avatar size="small" icon={<UserOutlined />} />
              <span style={{ display: 'flex', flexDirection: 'column', minWidth: 0, lineHeight: 1.3 }}>
                <Typography.Text ellipsis>{u.displayName}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {u.title ?? u.email}
                </Typography.Text>
              </span>
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}
