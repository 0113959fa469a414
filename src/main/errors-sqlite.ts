import { AppError, isAppError } from '../shared/errors.ts';

type SqliteError = Error & { code?: string };

/** Turns database failures into the contract's typed errors, naming the column where SQLite does. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const err = e as SqliteError;
  const code = typeof err?.code === 'string' ? err.code : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const column = /: ([\w.]+)/.exec(err.message)?.[1]?.split('.').pop();
    return new AppError({
      code: 'conflict',
      field: column,
      message: column ? `Another record already has this ${column}` : 'A record with these values already exists',
    });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError({ code: 'not_found', message: 'A referenced record does not exist' });
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError({ code: 'conflict', message: 'The ledger is busy with another station process; try again' });
  }
  return new AppError({ code: 'internal', message: `Unexpected failure: ${err?.message ?? String(e)}` });
}
