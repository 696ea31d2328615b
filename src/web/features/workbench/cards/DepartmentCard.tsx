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
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'department', label: t('workbench.department'), children: `${parent ? `${parent.name} / ` : ''}${mine.name}` },
            { key: 'manager', label: t('workbench.manager'), children: mine.managerId ? <Link to={`/people/${mine.managerId}`}>{mine.managerName}</Link> : t('common.none') },
            ...(me.user.managerId && me.user.managerId !== mine.managerId
              ? [{ key: 'my-manager', label: t('workbench.myManager'), children: <Link to={`/people/${me.user.managerId}`}>{me.user.managerName}</Link> }]
              : []),
            { key: 'members', label: t('workbench.members'), children: mine.memberCount },
          ]}
        />
      ) : null}
    </Card>
  );
}
