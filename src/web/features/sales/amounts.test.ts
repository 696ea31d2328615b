import { describe, expect, it, vi } from 'vitest';

// ui/money reads the language from i18n, which looks at the browser; Node 20 has no navigator.
vi.hoisted(() => {
  if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en'], language: 'en' }, configurable: true });
});
import { quantityText, rateText } from '../../../server/modules/sales/sales.schema';
import { compareDecimal, draftLineAmounts, formatQuantity, isQuantity, percentToRate, rateToPercent, remaining, sumAmounts } from './amounts';

describe('sales form arithmetic', () => {
  it('previews a line as the server stores it: 3 × 19.99, 10 % off, 13 % tax', () => {
    // 3 × 1999 × 0.9 = 5397.3 → 5397; tax 701.61 → 702
    expect(draftLineAmounts({ quantity: '3', unitPrice: '19.99', discount: '10', taxRate: '13' }, 'CNY')).toEqual({ net: 5397, tax: 702, gross: 6099 });
    expect(draftLineAmounts({ quantity: '1', unitPrice: '1,000.00', discount: '0', taxRate: '13' }, 'CNY')).toEqual({ net: 100_000, tax: 13_000, gross: 113_000 });
  });

  it('rounds half away from zero once per line, and the header is the plain sum of the lines', () => {
    // 0.5 × 0.01 = 0.005 yuan → 1 fen; tax 0.13 fen → 0
    const a = draftLineAmounts({ quantity: '0.5', unitPrice: '0.01', taxRate: '13' }, 'CNY');
    expect(a).toEqual({ net: 1, tax: 0, gross: 1 });
    expect(sumAmounts([a, null, { net: 2, tax: 3, gross: 5 }])).toEqual({ net: 3, tax: 3, gross: 6 });
  });

  it('leaves an incomplete or invalid line out instead of guessing', () => {
    expect(draftLineAmounts({ quantity: '', unitPrice: '1' }, 'CNY')).toBeNull();
    expect(draftLineAmounts({ quantity: '2', unitPrice: '1.001' }, 'CNY')).toBeNull();
    expect(draftLineAmounts({ quantity: '2', unitPrice: '1', discount: '100' }, 'CNY')).toBeNull();
    expect(draftLineAmounts({ quantity: '0', unitPrice: '1' }, 'CNY')).toBeNull();
  });

  it('turns percentages into the API’s fractions exactly and back', () => {
    expect(percentToRate('10')).toBe('0.1');
    expect(percentToRate('12.5')).toBe('0.125');
    expect(percentToRate('0.0001')).toBe('0.000001');
    expect(percentToRate('')).toBe('0');
    expect(percentToRate('100')).toBeUndefined();
    expect(percentToRate('-1')).toBeUndefined();
    expect(rateToPercent('0.13')).toBe('13');
    expect(rateToPercent('0.125')).toBe('12.5');
  });

  it('accepts the quantities and sends the rates the server schema accepts, no more, no less', () => {
    for (const q of ['1', '12.5', '0.0001', '1.2345', '0', '0.0000', '-1', '1e3', '1.23456', 'abc', '00012']) expect(isQuantity(q), q).toBe(quantityText.safeParse(q).success);
    for (const p of ['0', '13', '99.9999', '12.5', '0.0001']) expect(rateText.safeParse(percentToRate(p)).success, p).toBe(true);
  });

  it('quantities stay decimal strings: what is left to return, comparisons, display', () => {
    expect(isQuantity('12.5')).toBe(true);
    expect(isQuantity('1.23456')).toBe(false);
    expect(remaining('3.0000', '1.5000')).toBe('1.5');
    expect(remaining('1', '2')).toBe('0');
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('2', '10')).toBe(-1);
    expect(formatQuantity('250.0000')).toBe('250');
  });
});
