import type { Locale } from '../api/types';

/** Lists from the browser's own Intl data, so currencies and time zones need no table of ours. */
const FALLBACK_CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP', 'KRW', 'SGD', 'TWD', 'AUD', 'CAD', 'CHF'];
const FALLBACK_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

function supported(kind: 'currency' | 'timeZone', fallback: string[]): string[] {
  try {
    const list = Intl.supportedValuesOf(kind);
    return list.length ? list : fallback;
  } catch {
    return fallback;
  }
}

export function currencyOptions(locale: Locale, current?: string) {
  const names = new Intl.DisplayNames([locale], { type: 'currency' });
  const codes = supported('currency', FALLBACK_CURRENCIES);
  // The currencies a Chinese sales department meets most often come first.
  const first = ['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'];
  const ordered = [...new Set([...first, ...(current ? [current] : []), ...codes])];
  return ordered.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
}

export function timeZoneOptions(current?: string) {
  const zones = supported('timeZone', FALLBACK_ZONES);
  const list = [...new Set(['Asia/Shanghai', ...zones, 'UTC', ...(current ? [current] : [])])];
  return list.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
}

export function monthOptions(locale: Locale) {
  const fmt = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: fmt.format(new Date(Date.UTC(2024, i, 1))) }));
}

export function localeOptions(t: (key: 'language.en' | 'language.zh-CN') => string) {
  return [
    { value: 'zh-CN' as Locale, label: t('language.zh-CN') },
    { value: 'en' as Locale, label: t('language.en') },
  ];
}
