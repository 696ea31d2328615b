import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api-client';
import type { Page, UserDto } from '../../api/types';
import { useSession } from '../../session/SessionContext';

/**
 * The people this user may give a task to: with tasks:assign, the active people of their
 * department (an admin: everyone); otherwise only themselves. The server checks again.
 */
export function AssigneeSelect({ value, onChange, id, initial }: { value?: string[]; onChange?: (v: string[]) => void; id?: string; initial?: { userId: string; name: string }[] }) {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const mayAssign = can('tasks:assign');
  const isAdmin = me.user.roles.includes('admin');
  const departmentId = isAdmin ? undefined : (me.user.departmentId ?? undefined);
  const people = useQuery({
    queryKey: ['users', 'assignable', departmentId ?? 'all'],
    enabled: mayAssign,
    staleTime: 60_000,
    queryFn: () => api.get<Page<UserDto>>('/api/v1/users', { isActive: 'true', departmentId, limit: 500 }),
  });
  const options = mayAssign ? (people.data?.items ?? []).map((u) => ({ value: u.id, label: u.id === me.user.id ? `${u.displayName} (${t('common.you')})` : u.displayName })) : [{ value: me.user.id, label: `${me.user.displayName} (${t('common.you')})` }];
  if (!options.some((o) => o.value === me.user.id)) options.unshift({ value: me.user.id, label: `${me.user.displayName} (${t('common.you')})` });
  for (const a of initial ?? []) if (!options.some((o) => o.value === a.userId)) options.push({ value: a.userId, label: a.name });
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options}
      loading={people.isFetching}
      optionFilterProp="label"
      placeholder={t('tasks.choosePeople')}
      data-testid="assignee-select"
    />
  );
}
