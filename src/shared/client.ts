import type { OpInput, OpName, OpResult } from './contract/index.ts';
import { AppError, ERROR_CODES, type AppErrorBody, type ErrorCode } from './errors.ts';

/**
 * The one way the renderer reaches the back end. The same interface runs over Electron IPC
 * (the preload exposes it through contextBridge) and over HTTP (browser mode); a failed call
 * rejects with an AppError carrying the dispatcher's code and field.
 */
export interface LedgerClient {
  call<N extends OpName>(op: N, input: OpInput<N>): Promise<OpResult<N>>;
}

/** The IPC channel the preload and the main-process handler share. */
export const IPC_CHANNEL = 'shopledger:call';

/** What crosses the IPC boundary: Electron does not carry error classes, so failures are data. */
export type CallEnvelope = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: AppErrorBody };

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Rebuilds an AppError from a body that came over a wire; anything unrecognised is `internal`. */
export function appErrorFrom(body: unknown, fallbackMessage = 'Unexpected reply from the ledger'): AppError {
  if (typeof body === 'object' && body !== null) {
    const b = body as Partial<Record<keyof AppErrorBody, unknown>>;
    if (isErrorCode(b.code) && typeof b.message === 'string') {
      return new AppError({
        code: b.code,
        message: b.message,
        field: typeof b.field === 'string' ? b.field : undefined,
        issues: Array.isArray(b.issues) ? (b.issues as AppErrorBody['issues']) : undefined,
        details: typeof b.details === 'object' && b.details !== null ? (b.details as AppErrorBody['details']) : undefined,
      });
    }
  }
  return new AppError({ code: 'internal', message: fallbackMessage });
}

/** Unwraps an IPC envelope into the result or a thrown AppError. */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (typeof envelope === 'object' && envelope !== null && 'ok' in envelope) {
    const e = envelope as CallEnvelope;
    if (e.ok) return e.value;
    throw appErrorFrom(e.error);
  }
  throw appErrorFrom(undefined);
}
