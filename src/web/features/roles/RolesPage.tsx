import { CheckCircleFilled, MinusOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api-client';
import type { RolesMatrix } from '../../api/types';
import { permissionLabel, roleLabel, translateOr } from '../../i18n/labels';
import { useSession } from '../../session/SessionContext';
import { LoadError } from '../../ui/ErrorPages';
import { PageLoading } from '../../ui/PageLoading';

interface Row {
  permission: string;
  grants: Record<string, boolean>;
}

/** Role × permission matrix, with how many active users hold each role. */
export function RolesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const matrix = useQuery({ queryKey: ['roles'], queryFn: () => api.get<RolesMatrix>('/api/v1/roles') });
  if (matrix.isPending) return <PageLoading />;
  if (matrix.isError) return <LoadError error={matrix.error} onRetry={() => void matrix.refetch()} />;

  const { roles, permissions } = matrix.data;
  const rows: Row[] = permissions.map((p) => ({ permission: p, grants: Object.fromEntries(roles.map((r) => [r.role, r.permissions.includes(p)])) }));
  const columns: ColumnsType<Row> = [
    {
      title: t('rolesPage.permission'),
      dataIndex: 'permission',
      fixed: 'left',
      width: 240,
      render: (p: string) => (
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.35 }}>
          <span>{permissionLabel(p)}</span>
          <Typography.Text type="secondary" code style={{ fontSize: 11, alignSelf: 'flex-start' }}>
            {p}
          </Typography.Text>
        </div>
      ),
    },
    ...roles.map((r) => ({
      key: r.role,
      align: 'center' as const,
      width: 130,
      title: (
        <Tooltip title={translateOr(`roleDescriptions.${r.role}`, '')}>
          <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2 }} data-testid={`role-${r.role}`}>
            <span>{roleLabel(r.role)}</span>
            {can('users:manage') ? (
              <Link to={`/admin/users?role=${r.role}`} style={{ fontWeight: 'normal', fontSize: 12 }}>
                {t('rolesPage.users', { count: r.userCount })}
              </Link>
            ) : (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                {t('rolesPage.users', { count: r.userCount })}
              </Typography.Text>
            )}
          </div>
        </Tooltip>
      ),
      render: (_: unknown, row: Row) =>
        row.grants[r.role] ? (
          <CheckCircleFilled style={{ color: '#52c41a', fontSize: 16 }} aria-label={t('rolesPage.granted')} />
        ) : (
          <MinusOutlined style={{ color: '#d9d9d9' }} aria-label={t('rolesPage.notGranted')} />
        ),
    })),
  ];
  return (
    <PageContainer title={t('rolesPage.title')} content={t('rolesPage.intro')}>
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row> rowKey="permission" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 240 + roles.length * 130 }} bordered size="middle" />
      </Card>
    </PageContainer>
  );
}
