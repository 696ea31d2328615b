import { MailOutlined, PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { Avatar, Badge, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { roleLabel } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { formatDateTime } from '../../ui/format';
import { PageLoading } from '../../ui/PageLoading';
import { useUser } from './queries';

/** A colleague's card: how to reach them, where they sit, who they report to. */
export function PersonPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useSession();
  const user = useUser(id);
  if (user.isPending) return <PageLoading />;
  if (user.isError) return <LoadError error={user.error} onRetry={() => void user.refetch()} />;
  const u = user.data;
  return (
    <PageContainer
      title={u.displayName}
      extra={
        can('users:manage') ? (
          <Link to={`/admin/users?q=${encodeURIComponent(u.email)}`}>
            <Button>{t('users.manageInAdmin')}</Button>
          </Link>
        ) : null
      }
    >
      <Card>
        <Space align="start" size={24} wrap>
          <Avatar size={72} icon={<UserOutlined />} style={{ background: u.isActive ? '#1677ff' : '#bfbfbf' }} />
          <div>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {u.displayName}
            </Typography.Title>
            <Space direction="vertical" size={2}>
              {u.title ? <Typography.Text type="secondary">{u.title}</Typography.Text> : null}
              <Typography.Text copyable={{ text: u.email }}>
                <MailOutlined /> <a href={`mailto:${u.email}`}>{u.email}</a>
              </Typography.Text>
              {u.phone ? (
                <Typography.Text copyable={{ text: u.phone }}>
                  <PhoneOutlined /> <a href={`tel:${u.phone}`}>{u.phone}</a>
                </Typography.Text>
              ) : null}
            </Space>
          </div>
        </Space>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          style={{ marginTop: 24 }}
          bordered
          size="small"
          items={[
            { key: 'department', label: t('users.department'), children: u.departmentName ?? t('users.notInDepartment') },
            { key: 'manager', label: t('users.manager'), children: u.managerId ? <Link to={`/people/${u.managerId}`}>{u.managerName}</Link> : t('common.none') },
            {
              key: 'roles',
              label: t('users.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {u.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {roleLabel(r)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              key: 'status',
              label: t('users.status'),
              children: <Badge status={u.isActive ? 'success' : 'default'} text={u.isActive ? t('common.active') : t('common.disabled')} />,
            },
            { key: 'locale', label: t('users.locale'), children: t(`language.${u.locale}`) },
            { key: 'created', label: t('users.createdAt'), children: formatDateTime(u.createdAt) },
          ]}
        />
      </Card>
    </PageContainer>
  );
}
