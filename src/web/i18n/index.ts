import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
const STORAGE_KEY = 'salesdesk.locale';

export const isLocale = (v: unknown): v is Locale => v === 'en' || v === 'zh-CN';

/**
 * Before sign-in the language comes from this browser (last choice, then the browser's
 * own languages); once signed in, the user's saved locale wins (see session/LocaleSync).
 */
export function browserLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be blocked (privacy settings): fall back to the browser languages.
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const lower = l.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not fatal: the signed-in user's choice is stored on the server anyway.
  }
}

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: browserLocale(),
  fallbackLng: 'en',
  supportedLngs: LOCALES as Locale[],
  // Permission names such as "users:read" are keys; ':' must not mean "namespace".
  nsSeparator: false,
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false,
});

export { i18n };
