import { PageContainer } from '@ant-design/pro-components';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../server/platform/access/roles';
import type { Role } from '../../api/types';
import { UsersTable, type UserFilters } from './UsersTable';

/** Filters can come from links (roles page → users with a role; workbench → colleagues of a department). */
function useFiltersFromUrl(defaults: UserFilters): { filters: UserFilters; key: string } {
  const [params] = useSearchParams();
  const role = params.get('role');
  const filters: UserFilters = {
    ...defaults,
    ...(role && (ROLES as readonly string[]).includes(role) ? { role: role as Role } : {}),
    ...(params.get('departmentId') ? { departmentId: params.get('departmentId')! } : {}),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
  };
  return { filters, key: params.toString() };
}

export function UsersAdminPage() {
  const { t } = useTranslation();
  const { filters, key } = useFiltersFromUrl({});
  return (
    <PageContainer title={t('users.title')}>
      <UsersTable key={key} manage initialFilters={filters} />
    </PageContainer>
  );
}

export function PeoplePage() {
  const { t } = useTranslation();
  const { filters, key } = useFiltersFromUrl({ isActive: 'true' });
  return (
    <PageContainer title={t('users.directoryTitle')}>
      <UsersTable key={key} manage={false} initialFilters={filters} />
    </PageContainer>
  );
}
