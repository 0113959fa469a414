import { appErrorFrom, type LedgerClient } from '../../shared/client.ts';
import { AppError } from '../../shared/errors.ts';
import { createHttpClient } from '../../shared/http-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly shopledger?: LedgerClient;
  }
}

/** contextBridge carries errors by message only: the preload puts the AppError body there as JSON. */
export function fromBridgeError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // Electron prefixes remote errors with "Error invoking remote method ...: "; the body is the JSON part.
  const start = message.indexOf('{');
  if (start >= 0) {
    try {
      return appErrorFrom(JSON.parse(message.slice(start)));
    } catch {
      // fall through
    }
  }
  return new AppError({ code: 'internal', message });
}

function bridgeClient(bridge: LedgerClient): LedgerClient {
  return {
    call: (op, input) => bridge.call(op, input).catch((e: unknown) => Promise.reject(fromBridgeError(e))),
  };
}

const transport: LedgerClient =
  typeof window !== 'undefined' && window.shopledger
    ? bridgeClient(window.shopledger)
    : createHttpClient('', (url, init) => fetch(url, init));

const sessionEndedListeners = new Set<() => void>();
/** Called when any call answers that the session is gone (idle end, expiry, reset password). */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/**
 * The one client the screens use: IPC in Electron, HTTP on the same origin in browser mode.
 * The session itself is never in the page: an HttpOnly cookie in the browser, the main
 * process in Electron.
 */
export const client: LedgerClient = {
  call: (op, input) =>
    transport.call(op, input).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'unauthenticated' && !op.startsWith('session.')) for (const l of sessionEndedListeners) l();
      return Promise.reject(e);
    }),
};
