import { ipcMain } from 'electron';
import { IPC_CHANNEL, type CallEnvelope } from '../../shared/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { ANONYMOUS, type Caller } from '../../shared/permissions.ts';
import { checkSession } from '../auth/sessions.ts';
import type { LedgerDb } from '../db/connection.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { isAppUrl } from './security.ts';

const SESSION_OPENERS = new Set(['session.signIn', 'session.setupOwner']);

/**
 * The contract over IPC: one channel, one handler, the dispatcher behind it. A call from any
 * frame that is not the app's own page (an injected iframe, a navigated window) is refused.
 * The main process keeps each window's session token (the page never holds it, as with the
 * browser's HttpOnly cookie): calls act as that window's signed-in user, or anonymously
 * (public operations only) before sign-in and after sign-out, idle end or expiry.
 */
export function handleCalls(dispatcher: Dispatcher, ledger: LedgerDb, clock: Clock): (webContentsId: number | undefined) => Promise<Caller> {
  const tokens = new Map<number, string>();

  async function callerOf(senderId: number | undefined): Promise<Caller> {
    const token = senderId === undefined ? undefined : tokens.get(senderId);
    if (token === undefined) return ANONYMOUS;
    const check = await checkSession(ledger, token, clock.now());
    if ('caller' in check) return check.caller;
    tokens.delete(senderId!);
    return ANONYMOUS;
  }

  ipcMain.handle(IPC_CHANNEL, async (event, op: unknown, input: unknown): Promise<CallEnvelope> => {
    if (!isAppUrl(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the app window only' } };
    }
    try {
      if (typeof op !== 'string') throw new AppError({ code: 'invalid', field: 'operation', message: 'operation must be a name' });
      const senderId = event.sender.id;
      const value = await dispatcher.callUnknown(op, input, await callerOf(senderId), { address: 'ipc' });
      if (SESSION_OPENERS.has(op)) {
        tokens.set(senderId, (value as { token: string }).token);
        event.sender.once('destroyed', () => tokens.delete(senderId));
      }
      if (op === 'session.signOut') tokens.delete(senderId);
      return { ok: true, value };
    } catch (e) {
      if (isAppError(e) && e.code !== 'internal') return { ok: false, error: e.toJSON() };
      console.error(e);
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  });
  return callerOf;
}
