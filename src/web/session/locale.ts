import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '../api/types';
import { i18n, rememberLocale } from '../i18n';

dayjs.extend(relativeTime);

/** Switches every layer that has a language: i18next, dayjs, <html lang>, and this browser's memory. (antd follows via ConfigProvider.) */
export async function applyLocale(locale: Locale): Promise<void> {
  rememberLocale(locale);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}
