import Decimal from 'decimal.js';

/**
 * Money is integer minor units (fen, cents) in a JS number — exact up to 9e15 —
 * and never goes through float arithmetic: products with quantities and rates are
 * done in decimal.js and rounded half away from zero to the minor unit, once.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type DecimalText = string;

export interface LineInput {
  /** numeric(18,4) as text, e.g. "12.5" */
  quantity: DecimalText | number;
  /** minor units per unit, tax exclusive */
  unitPrice: number;
  /** fraction, e.g. "0.05" for 5 % */
  discountRate?: DecimalText | number;
  /** fraction, e.g. "0.13" for 13 % VAT */
  taxRate?: DecimalText | number;
}

export interface LineAmounts {
  net: number;
  tax: number;
  gross: number;
}

/** net = round(quantity × unit price × (1 − discount)); tax = round(net × rate); gross = net + tax. */
export function lineAmounts(line: LineInput): LineAmounts {
  const net = new D(line.quantity).times(line.unitPrice).times(new D(1).minus(line.discountRate ?? 0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const tax = net.times(line.taxRate ?? 0).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const n = toSafeInteger(net);
  const t = toSafeInteger(tax);
  return { net: n, tax: t, gross: n + t };
}

/** The share of a line's amounts for part of its quantity (a return), rounded the same way. */
export function partOfLine(amounts: LineAmounts, quantity: DecimalText, ofQuantity: DecimalText): LineAmounts {
  const ratio = new D(quantity).dividedBy(ofQuantity);
  const net = toSafeInteger(new D(amounts.net).times(ratio).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
  const tax = toSafeInteger(new D(amounts.tax).times(ratio).toDecimalPlaces(0, Decimal.ROUND_HALF_UP));
  return { net, tax, gross: net + tax };
}

function toSafeInteger(d: Decimal): number {
  const n = d.toNumber();
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount ${d.toString()} is out of range`);
  return n;
}

/** Parses a decimal amount typed by a person ("1,234.56", "¥1234.5", "1234") into minor units; undefined when not a number. */
export function parseMoney(text: string, fractionDigits = 2): number | undefined {
  const cleaned = text.replace(/[\s,，¥￥$€£]/g, '').replace(/^CNY|^RMB|^USD|^EUR/i, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const d = new D(cleaned).times(10 ** fractionDigits);
  if (!d.isInteger()) return undefined;
  const n = d.toNumber();
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Minor units → "1234.56" (no grouping; for exports and inputs). */
export function formatMinor(minor: number, fractionDigits = 2): string {
  return new D(minor).dividedBy(10 ** fractionDigits).toFixed(fractionDigits);
}

export { D as Dec };
