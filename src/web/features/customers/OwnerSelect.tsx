import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { UserDto } from '../../api/types';
import { UserSelect } from '../users/UserSelect';

/**
 * A person picker that also shows the name of a person chosen elsewhere (an ownerId
 * from the address bar, the owner of a customer being edited) before any search ran.
 */
export function OwnerSelect({ value, onChange, knownName, excludeId, placeholder, id }: { value?: string | null; onChange?: (v: string | null) => void; knownName?: string | null; excludeId?: string; placeholder?: string; id?: string }) {
  const person = useQuery({ queryKey: ['users', 'detail', value], queryFn: () => api.get<UserDto>(`/api/v1/users/${value}`), enabled: !!value && !knownName, staleTime: 60_000, retry: false });
  return <UserSelect id={id} value={value} onChange={onChange} initialLabel={knownName ?? person.data?.displayName ?? null} excludeId={excludeId} placeholder={placeholder} />;
}
