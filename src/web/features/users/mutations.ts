import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { api, createActionKey } from '../../api-client';
import type { CreateUserInput, UpdateUserInput, UserDto } from '../../api/types';
import { departmentsKey } from '../departments/queries';
import { usersKey } from './queries';

/** Writes to users; each keeps one idempotency key per user action (see createActionKey). */
export function useUserMutations() {
  const qc = useQueryClient();
  const createKey = useRef(createActionKey()).current;
  const resetKey = useRef(createActionKey()).current;

  const invalidate = useCallback(() => {
    void qc.invalidateQueries({ queryKey: usersKey });
    void qc.invalidateQueries({ queryKey: departmentsKey }); // member counts
    void qc.invalidateQueries({ queryKey: ['workbench'] });
  }, [qc]);

  const create = useCallback(
    async (input: CreateUserInput) => {
      const user = await api.post<UserDto>('/api/v1/users', input, { idempotencyKey: createKey.for(input) });
      createKey.reset();
      invalidate();
      return user;
    },
    [createKey, invalidate],
  );

  const update = useCallback(
    async (id: string, input: UpdateUserInput) => {
      const user = await api.patch<UserDto>(`/api/v1/users/${id}`, input);
      qc.setQueryData([...usersKey, 'one', id], user);
      invalidate();
      return user;
    },
    [qc, invalidate],
  );

  const resetPassword = useCallback(
    async (id: string, password: string) => {
      const body = { password };
      await api.post(`/api/v1/users/${id}/reset-password`, body, { idempotencyKey: resetKey.for({ id, body }) });
      resetKey.reset();
    },
    [resetKey],
  );

  return { create, update, resetPassword };
}
