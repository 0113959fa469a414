import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zh } from './zh.ts';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/** BCP 47 tags for Intl (numbers, dates, money) and antd's locale. */
export const LOCALE_TAG: Readonly<Record<Language, string>> = { en: 'en-US', zh: 'zh-CN' };

export const RESOURCES = { en: { translation: en }, zh: { translation: zh } } as const;

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: RESOURCES,
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
