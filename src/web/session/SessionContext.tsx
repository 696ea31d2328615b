import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Me } from '../api/types';

export interface Session {
  me: Me;
  /** Whether the signed-in user holds a permission (from GET /me); the server checks again on every call. */
  can: (permission: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const value = useMemo<Session>(() => {
    const set = new Set(me.permissions);
    return { me, can: (p) => set.has(p) };
  }, [me]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in session; only used below RequireAuth, where it always exists. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** Like useSession, but null outside the signed-in area (login page, setup page). */
export function useOptionalSession(): Session | null {
  return useContext(SessionContext);
}
