import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../../api-client';
import type { Page, UserDto } from '../../../api/types';
import { useDepartments } from '../../departments/queries';
import { ErrorAlert } from '../../../ui/ErrorAlert';

/**
 * The API has no count endpoint yet, so active users are counted by walking the
 * keyset pages (500 a page: one request for any sales department).
 */
async function countActiveUsers(signal: AbortSignal): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  for (let i = 0; i < 40; i++) {
    const page = await api.get<Page<UserDto>>('/api/v1/users', { isActive: 'true', limit: 500, cursor }, { signal });
    count += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return count;
}

export function OrgFiguresCard() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ['workbench', 'active-users'], queryFn: ({ signal }) => countActiveUsers(signal) });
  const departments = useDepartments();
  const activeDepartments = departments.data?.filter((d) => !d.isArchived).length;
  return (
    <Card title={t('workbench.orgTitle')} style={{ height: '100%' }}>
      <ErrorAlert error={users.error ?? departments.error} style={{ marginBottom: 12 }} />
      <Row gutter={16}>
        <Col span={12}>
          <Statistic title={t('workbench.activeUsers')} value={users.data ?? '–'} loading={users.isPending} prefix={<TeamOutlined />} valueStyle={{ fontSize: 28 }} />
          <Link to="/admin/users">{t('workbench.manageUsers')}</Link>
        </Col>
        <Col span={12}>
          <Statistic title={t('workbench.activeDepartments')} value={activeDepartments ?? '–'} loading={departments.isPending} prefix={<ApartmentOutlined />} valueStyle={{ fontSize: 28 }} />
          <Link to="/admin/departments">{t('workbench.manageDepartments')}</Link>
        </Col>
      </Row>
    </Card>
  );
}
