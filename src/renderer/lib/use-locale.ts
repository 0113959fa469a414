import { LOCALE_TAG } from '../i18n/index.ts';
import { useAppStore } from '../state/app-store.ts';

/** The BCP 47 tag that Intl formats numbers, money and dates with. */
export function useLocale(): string {
  return LOCALE_TAG[useAppStore((s) => s.language)];
}
