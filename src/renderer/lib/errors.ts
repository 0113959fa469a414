import type { TFunction } from 'i18next';
import type { AppError } from '../../shared/errors.ts';

/** An AppError in plain words of the current language (never the server's English message). */
export function errorText(error: AppError, t: TFunction): string {
  if (error.details?.network === true) return t('errors.network');
  if (error.code === 'insufficient_stock' && error.details && 'sku' in error.details) {
    return t('errors.insufficientStock', { sku: String(error.details.sku), available: String(error.details.available ?? 0) });
  }
  return t(`errors.${error.code}`);
}

/** The message to show next to a field: the first error whose field path starts with `field`. */
export function fieldError(error: AppError | undefined, field: string, t: TFunction): string | undefined {
  if (!error) return undefined;
  const issue = error.issues?.find((i) => i.field === field || i.field.startsWith(`${field}.`));
  if (issue || error.field === field || error.field?.startsWith(`${field}.`)) return errorText(error, t);
  return undefined;
}
