import { createContext, useContext } from 'react';
import type { PublicUser, Role } from '../shared/api';

export type { Role };

/** The signed-in person, as `GET /api/me` answers. */
export type CurrentUser = PublicUser;

export const SessionContext = createContext<{ user: CurrentUser; signOut: () => void } | null>(null);

/** The signed-in person; only used below the sign-in gate, so it is never null there. */
export function useCurrentUser(): CurrentUser {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCurrentUser outside a signed-in session');
  return session.user;
}
