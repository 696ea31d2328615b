import type { en } from './en';

// Typed keys: t('nav.users') is checked against en.ts at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    nsSeparator: false;
  }
}
