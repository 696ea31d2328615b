import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, setCsrfToken } from '../api-client';
import type { Locale, Me } from '../api/types';
import { applyLocale } from './locale';
import { clearSessionEnded, meKey, setupKey } from './queries';

/** After a successful sign-in: forget the previous user's cached data, keep the new session, speak their language. */
export function useSignedIn() {
  const qc = useQueryClient();
  return useCallback(
    async (me: Me) => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] && q.queryKey[0] !== setupKey[0] });
      setCsrfToken(me.csrfToken);
      clearSessionEnded();
      qc.setQueryData(meKey, me);
      await applyLocale(me.user.locale);
    },
    [qc],
  );
}

export function useSignOut() {
  const qc = useQueryClient();
  return useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
      // Nothing of the previous user may stay in memory for the next one at this browser.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== setupKey[0] });
      qc.setQueryData(meKey, null);
    }
  }, [qc]);
}

/** Changes the language now, and remembers it for the signed-in user (PATCH /me) so it follows them to any browser. */
export function useChangeLocale() {
  const qc = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      await applyLocale(locale);
      const me = qc.getQueryData<Me | null>(meKey);
      if (me && me.user.locale !== locale) {
        const updated = await api.patch<Me>('/api/v1/me', { locale });
        qc.setQueryData(meKey, { ...updated, csrfToken: updated.csrfToken ?? me.csrfToken });
      }
    },
    [qc],
  );
}
