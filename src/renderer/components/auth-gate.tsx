import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { client, onSessionEnded } from '../api/client.ts';
import { isIdle } from '../lib/idle.ts';
import { SetupScreen, SignInScreen } from '../screens/sign-in.tsx';
import { SessionContext, type Me, type SessionState } from '../state/session.ts';
import { Loading } from './states.tsx';

type Gate =
  | { readonly kind: 'loading' }
  | { readonly kind: 'setup' }
  | { readonly kind: 'sign-in'; readonly reason?: 'locked' | 'ended'; readonly username?: string; readonly minutes?: number }
  | { readonly kind: 'ready'; readonly me: Me };

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;


/**
 * Nothing of the app shows before sign-in: first start asks for the owner's account, then the
 * sign-in screen; after the idle minutes of the security policy the screen locks (the session
 * is ended on the server too), and any call that finds the session gone returns here.
 */
export function AuthGate({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const lastActivity = useRef(Date.now());

  const refresh = useCallback(async () => {
    try {
      if ((await client.call('session.status', {})).needsSetup) return setGate({ kind: 'setup' });
      setGate({ kind: 'ready', me: await client.call('session.me', {}) });
    } catch {
      setGate({ kind: 'sign-in' });
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const me = gate.kind === 'ready' ? gate.me : undefined;
  const end = useCallback(
    (reason?: 'locked' | 'ended') => {
      void client.call('session.signOut', {}).catch(() => undefined);
      setGate({ kind: 'sign-in', ...(reason ? { reason } : {}), ...(me?.username ? { username: me.username } : {}), ...(me ? { minutes: me.idleLockMinutes } : {}) });
    },
    [me],
  );

  useEffect(() => onSessionEnded(() => end('ended')), [end]);

  useEffect(() => {
    if (!me) return;
    lastActivity.current = Date.now();
    const touch = () => (lastActivity.current = Date.now());
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (isIdle(lastActivity.current, Date.now(), me.idleLockMinutes)) end('locked');
    }, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [me, end]);

  const session = useMemo<SessionState | null>(() => (me ? { me, signOut: () => end(), lock: () => end() } : null), [me, end]);

  if (gate.kind === 'loading') return <Loading />;
  if (gate.kind === 'setup') return <SetupScreen onDone={(s) => setGate({ kind: 'ready', me: s.me })} />;
  if (gate.kind === 'sign-in') {
    const notice = gate.reason === 'locked' ? t('auth.locked', { minutes: String(gate.minutes ?? '') }) : gate.reason === 'ended' ? t('auth.ended') : undefined;
    return <SignInScreen key={gate.reason ?? 'sign-in'} initialUsername={gate.username} notice={notice} onDone={(s) => setGate({ kind: 'ready', me: s.me })} />;
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
