import { type QueryClient, useQueryClient } from '@tanstack/react-query';
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

/**
 * The language the user picked last, and the one saving to the server (PATCH /me) at the moment.
 * Saves are serialized: a user who clicks English then 简体中文 quickly must not have the first
 * save's answer (locale "en") land in the session after the second pick and switch the page back.
 */
let wantedLocale: Locale | null = null;
let savingLocale: Promise<void> | null = null;

async function saveLocale(qc: QueryClient): Promise<void> {
  let saved: Me | null = null; // the server's last answer in this run
  for (;;) {
    const me = qc.getQueryData<Me | null>(meKey);
    const target = wantedLocale;
    if (!me || !target) return;
    if ((saved ?? me).user.locale === target) break;
    saved = await api.patch<Me>('/api/v1/me', { locale: target });
  }
  // Only the answer for the last pick reaches the session (its locale drives the page's language).
  const me = qc.getQueryData<Me | null>(meKey);
  if (saved && me) qc.setQueryData(meKey, { ...saved, csrfToken: saved.csrfToken ?? me.csrfToken });
}

/** Changes the language now, and remembers it for the signed-in user (PATCH /me) so it follows them to any browser. */
export function useChangeLocale() {
  const qc = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      wantedLocale = locale;
      await applyLocale(locale);
      if (!savingLocale) {
        savingLocale = saveLocale(qc).finally(() => {
          savingLocale = null;
        });
      }
      await savingLocale;
    },
    [qc],
  );
}
