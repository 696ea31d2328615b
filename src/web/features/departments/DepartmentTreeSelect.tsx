import { useTranslation } from 'react-i18next';
import { TreeRowSelect, type TreeRowSelectProps } from '../../ui/tree';
import { useDepartments } from './queries';

/** Picks a department from the tree; archived ones are shown greyed and cannot be chosen for new assignments. */
export function DepartmentTreeSelect(props: TreeRowSelectProps) {
  const { t } = useTranslation();
  const departments = useDepartments();
  return <TreeRowSelect {...props} items={departments.data ?? []} loading={departments.isPending} placeholder={props.placeholder ?? t('departments.choose')} />;
}
