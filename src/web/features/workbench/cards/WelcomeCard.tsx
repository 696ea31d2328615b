import { KeyOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { roleLabel } from '../../../i18n/labels';
import { formatDateTime, fromNow } from '../../../ui/format';
import type { WorkbenchContext } from '../cards';

function greetingKey(hour: number) {
  if (hour < 12) return 'workbench.morning' as const;
  if (hour < 18) return 'workbench.afternoon' as const;
  return 'workbench.evening' as const;
}

export function WelcomeCard({ ctx: { me } }: { ctx: WorkbenchContext }) {
  const { t } = useTranslation();
  const u = me.user;
  return (
    <Card>
      <div style={{ display: 'flex', gap: 20, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Avatar size={56} icon={<UserOutlined />} style={{ background: '#1677ff', flex: 'none' }} />
        <div style={{ flex: 1, minWidth: 260 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="greeting">
            {t(greetingKey(new Date().getHours()), { name: u.displayName })}
          </Typography.Title>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 1, md: 2, xl: 4 }}
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'roles',
                label: t('workbench.yourRoles'),
                children: (
                  <Space size={[4, 4]} wrap>
                    {u.roles.map((r) => (
                      <Tag key={r} color="blue" style={{ marginInlineEnd: 0 }}>
                        {roleLabel(r)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { key: 'department', label: t('workbench.department'), children: u.departmentName ?? t('workbench.noDepartment') },
              ...(u.title ? [{ key: 'title', label: t('workbench.jobTitle'), children: u.title }] : []),
              {
                key: 'last-sign-in',
                label: t('workbench.lastSignIn'),
                children: u.lastLoginAt ? <span title={formatDateTime(u.lastLoginAt)}>{fromNow(u.lastLoginAt)}</span> : t('common.never'),
              },
            ]}
          />
        </div>
        <Space direction="vertical" size={4} style={{ flex: 'none' }}>
          <Link to="/profile">
            <UserOutlined /> {t('workbench.openProfile')}
          </Link>
          <Link to="/profile#password">
            <LockOutlined /> {t('workbench.changePassword')}
          </Link>
          <Link to="/profile#tokens">
            <KeyOutlined /> {t('workbench.apiTokens')}
          </Link>
        </Space>
      </div>
    </Card>
  );
}
