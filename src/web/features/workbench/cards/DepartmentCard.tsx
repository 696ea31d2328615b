import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDepartments } from '../../departments/queries';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import type { WorkbenchContext } from '../cards';

export function DepartmentCard({ ctx: { me } }: { ctx: WorkbenchContext }) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const mine = departments.data?.find((d) => d.id === me.user.departmentId);
  const parent = mine?.parentId ? departments.data?.find((d) => d.id === mine.parentId) : undefined;
  return (
    <Card
      title={t('workbench.myDepartmentTitle')}
      loading={departments.isPending}
      style={{ height: '100%' }}
      extra={<Link to={`/people?departmentId=${me.user.departmentId}`}>{t('workbench.colleagues')}</Link>}
    >
      <ErrorAlert error={departments.error} />
      {mine ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('workbench.department')}>
            {parent ? `${parent.name} / ` : ''}
            {mine.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('workbench.manager')}>
            {mine.managerId ? <Link to={`/people/${mine.managerId}`}>{mine.managerName}</Link> : t('common.none')}
          </Descriptions.Item>
          {me.user.managerId && me.user.managerId !== mine.managerId ? (
            <Descriptions.Item label={t('workbench.myManager')}>
              <Link to={`/people/${me.user.managerId}`}>{me.user.managerName}</Link>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('workbench.members')}>{mine.memberCount}</Descriptions.Item>
        </Descriptions>
      ) : null}
    </Card>
  );
}
