import { ipcMain } from 'electron';
import { IPC_CHANNEL, type CallEnvelope } from '../../shared/client.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { LOCAL_OWNER } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { isAppUrl } from './security.ts';

/**
 * The contract over IPC: one channel, one handler, the dispatcher behind it. A call from any
 * frame that is not the app's own page (an injected iframe, a navigated window) is refused.
 */
export function handleCalls(dispatcher: Dispatcher): void {
  ipcMain.handle(IPC_CHANNEL, async (event, op: unknown, input: unknown): Promise<CallEnvelope> => {
    if (!isAppUrl(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted from the app window only' } };
    }
    try {
      if (typeof op !== 'string') throw new AppError({ code: 'invalid', field: 'operation', message: 'operation must be a name' });
      return { ok: true, value: await dispatcher.callUnknown(op, input, LOCAL_OWNER) };
    } catch (e) {
      if (isAppError(e) && e.code !== 'internal') return { ok: false, error: e.toJSON() };
      console.error(e);
      return { ok: false, error: { code: 'internal', message: 'Internal error' } };
    }
  });
}
