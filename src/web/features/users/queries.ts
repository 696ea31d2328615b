import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { ListUsersQuery, Page, UserDto } from '../../api/types';

export const usersKey = ['users'] as const;

/** Only the API's own filters are sent: the list query is strict, and ProTable adds keys of its own (_timestamp). */
export function fetchUsersPage(f: ListUsersQuery, cursor: string | undefined, limit: number): Promise<Page<UserDto>> {
  return api.get<Page<UserDto>>('/api/v1/users', { q: f.q?.trim(), role: f.role, departmentId: f.departmentId, isActive: f.isActive, cursor, limit });
}

export function useUser(id: string | undefined) {
  return useQuery({
    queryKey: [...usersKey, 'one', id],
    queryFn: () => api.get<UserDto>(`/api/v1/users/${id}`),
    enabled: !!id,
  });
}
