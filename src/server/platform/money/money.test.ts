import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, lineAmounts, parseMoney, partOfLine } from './money';

describe('money', () => {
  it('computes line amounts exactly, rounding half up once', () => {
    expect(lineAmounts({ quantity: '3', unitPrice: 333, taxRate: '0.13' })).toEqual({ net: 999, tax: 130, gross: 1129 });
    expect(lineAmounts({ quantity: '1.5', unitPrice: 101, discountRate: '0.1' })).toEqual({ net: 136, tax: 0, gross: 136 }); // 136.35
    expect(lineAmounts({ quantity: '0.0001', unitPrice: 5000 })).toEqual({ net: 1, tax: 0, gross: 1 }); // 0.5 → 1
  });
  it('keeps gross = net + tax for any line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 9999 }), fc.constantFrom('0', '0.06', '0.09', '0.13'), (q, price, disc, tax) => {
        const a = lineAmounts({ quantity: (q / 10_000).toString(), unitPrice: price, discountRate: (disc / 10_000).toString(), taxRate: tax });
        expect(a.gross).toBe(a.net + a.tax);
        expect(Number.isSafeInteger(a.net)).toBe(true);
      }),
    );
  });
  it('parses what people type', () => {
    expect(parseMoney('1,234.56')).toBe(123456);
    expect(parseMoney('¥1234.5')).toBe(123450);
    expect(parseMoney('12.345')).toBeUndefined();
    expect(parseMoney('abc')).toBeUndefined();
    expect(formatMinor(123456)).toBe('1234.56');
    expect(formatMinor(-5)).toBe('-0.05');
  });
  it('splits a line for a partial return', () => {
    expect(partOfLine({ net: 1000, tax: 130, gross: 1130 }, '1', '3')).toEqual({ net: 333, tax: 43, gross: 376 });
  });
});
