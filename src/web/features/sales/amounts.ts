import { Dec, lineAmounts, type LineAmounts } from '../../../server/platform/money/money';
import { parseMoney } from '../../ui/money';

/**
 * The arithmetic of the sales forms. Amounts are the server's own `lineAmounts`
 * (decimal.js, rounded half away from zero once per line), so what a form previews is
 * what the server will store; quantities and rates stay decimal strings throughout.
 */
export { lineAmounts, type LineAmounts };

/** numeric(18,4) above zero, as the API accepts it. */
export const isQuantity = (text: string | undefined | null): boolean => !!text && /^\d{1,14}(\.\d{1,4})?$/.test(text.trim()) && /[1-9]/.test(text);

/** "10" (%) → "0.1"; "12.5" → "0.125"; undefined when not a percentage from 0 to below 100 with at most 4 decimals. */
export function percentToRate(text: string | undefined | null): string | undefined {
  const s = (text ?? '').trim();
  if (s === '') return '0';
  if (!/^\d{1,2}(\.\d{1,4})?$/.test(s)) return undefined;
  return new Dec(s).dividedBy(100).toFixed();
}

/** "0.13" → "13"; "0.125" → "12.5". */
export const rateToPercent = (rate: string): string => new Dec(rate).times(100).toFixed();

/** a − b for decimal strings ("3" − "1.5" = "1.5"), never below zero. */
export function remaining(of: string, used: string): string {
  const d = new Dec(of).minus(used);
  return d.isNegative() ? '0' : d.toFixed();
}

/** "250.0000" → "250", "2.5000" → "2.5": quantities as people write them. */
export const formatQuantity = (q: string): string => new Dec(q).toFixed();

export const compareDecimal = (a: string, b: string): number => new Dec(a).comparedTo(b);

export interface LineDraft {
  quantity?: string;
  unitPrice?: string;
  discount?: string;
  taxRate?: string;
}

/** One form line's amounts, or null while it is incomplete or invalid. */
export function draftLineAmounts(line: LineDraft | undefined, currency: string): LineAmounts | null {
  if (!line || !isQuantity(line.quantity)) return null;
  const unitPrice = parseMoney(line.unitPrice, currency);
  const discountRate = percentToRate(line.discount);
  const taxRate = percentToRate(line.taxRate);
  if (unitPrice === undefined || discountRate === undefined || taxRate === undefined) return null;
  return lineAmounts({ quantity: line.quantity!.trim(), unitPrice, discountRate, taxRate });
}

/** Header totals as the database sums them: the plain sum of the lines' rounded amounts. */
export function sumAmounts(lines: (LineAmounts | null)[]): LineAmounts {
  return lines.reduce<LineAmounts>((s, a) => (a ? { net: s.net + a.net, tax: s.tax + a.tax, gross: s.gross + a.gross } : s), { net: 0, tax: 0, gross: 0 });
}

/** A dayjs-like value → "YYYY-MM-DD" (the API's day), or null. */
export const toDay = (v: { format(f: string): string } | null | undefined): string | null => (v ? v.format('YYYY-MM-DD') : null);
