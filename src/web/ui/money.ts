import { i18n } from '../i18n';

/** How many minor units a currency has (CNY/USD 2, JPY 0), from Intl. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Integer minor units → "¥1,234.56" in the reader's language. Exact: the integer is split
 * into whole and fraction with integer arithmetic, never divided as a float.
 */
export function formatMoney(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const s = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = digits ? s.slice(0, -digits) : s;
  const frac = digits ? s.slice(-digits) : '';
  let symbol = currency;
  try {
    symbol = new Intl.NumberFormat(i18n.language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    // unknown currency code: show the code
  }
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${symbol}${grouped}${frac ? '.' + frac : ''}`;
}

/**
 * A decimal typed by the user ("1234.5", "1,234.50") → integer minor units, parsed as a
 * string (no float multiplication). Returns undefined for text that is not an amount or
 * has more decimals than the currency.
 */
export function parseMoney(text: string | null | undefined, currency: string): number | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text).trim().replace(/[,\s，]/g, '');
  if (s === '') return undefined;
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return undefined;
  const digits = currencyDigits(currency);
  const frac = m[2] ?? '';
  if (frac.length > digits) return undefined;
  const n = Number(m[1] + frac.padEnd(digits, '0'));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Minor units → the plain decimal text an input shows ("1234.50"). */
export function minorToInput(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const digits = currencyDigits(currency);
  const s = String(minor).padStart(digits + 1, '0');
  return digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
}
