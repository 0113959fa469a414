import { createContext, useContext } from 'react';
import type { OpResult } from '../../shared/contract/index.ts';
import type { Permission } from '../../shared/permissions.ts';

export type Me = OpResult<'session.me'>;

export type SessionState = {
  readonly me: Me;
  signOut(): void;
  lock(): void;
};

/** The signed-in person, given by AuthGate to every screen. */
export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside AuthGate');
  return s;
}

/**
 * Whether the signed-in person may do something. The UI hides what they may not do; the
 * dispatcher is what actually refuses it.
 */
export function useCan(): (permission: Permission) => boolean {
  const s = useContext(SessionContext);
  return (permission) => s?.me.permissions.includes(permission) ?? false;
}
