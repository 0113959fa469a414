/**
 * The typed failures every transport maps to: the UI shows them in plain words, HTTP maps them
 * to status codes, and tests assert on `code` and `field`, never on message text.
 */
export const ERROR_CODES = ['invalid', 'not_found', 'conflict', 'insufficient_stock', 'forbidden', 'internal', 'unauthenticated', 'rate_limited'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorIssue = { readonly field: string; readonly message: string };

export type AppErrorBody = {
  readonly code: ErrorCode;
  readonly message: string;
  /** The input field the error concerns, as a dotted path such as `lines.0.quantity`. */
  readonly field?: string | undefined;
  readonly issues?: readonly ErrorIssue[] | undefined;
  /** Machine-readable facts, e.g. `{ sku, available, requested }` for insufficient_stock. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly issues: readonly ErrorIssue[] | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(body: AppErrorBody) {
    super(body.message);
    this.name = 'AppError';
    this.code = body.code;
    this.field = body.field;
    this.issues = body.issues;
    this.details = body.details;
  }

  toJSON(): AppErrorBody {
    return { code: this.code, message: this.message, field: this.field, issues: this.issues, details: this.details };
  }
}

export const invalid = (field: string, message: string): AppError =>
  new AppError({ code: 'invalid', field, message, issues: [{ field, message }] });

export const notFound = (what: string, field: string, value: string): AppError =>
  new AppError({ code: 'not_found', field, message: `${what} ${value} was not found`, details: { value } });

export const conflict = (message: string, details?: Record<string, unknown>, field?: string): AppError =>
  new AppError({ code: 'conflict', message, details, field });

export const forbidden = (permission: string, field?: string): AppError =>
  new AppError({ code: 'forbidden', message: `This needs the permission "${permission}"`, details: { permission }, field });

/** No valid session or token (HTTP 401): sign in first. */
export const unauthenticated = (message = 'Sign in first', field = 'authorization'): AppError => new AppError({ code: 'unauthenticated', field, message });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
