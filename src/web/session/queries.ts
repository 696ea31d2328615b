import { useQuery } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '../api-client';
import type { Me } from '../api/types';

export const meKey = ['me'] as const;
export const setupKey = ['setup'] as const;

/** Set when an API call found the session gone, so the sign-in page can say why it appeared; cleared by the next sign-in. */
let sessionEnded = false;
export const markSessionEnded = () => {
  sessionEnded = true;
};
export const clearSessionEnded = () => {
  sessionEnded = false;
};
export const hasSessionEnded = () => sessionEnded;

/** Who is signed in, or null. Also picks up the session's CSRF token for later writes. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/v1/me', undefined, { allowUnauthenticated: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (isApiError(e, 'unauthenticated')) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: () => api.get<{ needed: boolean }>('/api/v1/setup', undefined, { allowUnauthenticated: true }),
    staleTime: Infinity,
  });
}
