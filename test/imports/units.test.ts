import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../src/server/modules/imports/imports.csv';
import { netAmount, parseDate, parseRate, parseScaled, taxAmount } from '../../src/server/modules/imports/imports.rows';
import { lineAmounts } from '../../src/server/platform/money/money';

const scaled = (n: number, s: number) => {
  const t = String(n).padStart(s + 1, '0');
  return `${t.slice(0, -s)}.${t.slice(-s)}`;
};

describe('import arithmetic', () => {
  it('the fast integer line amount equals lineAmounts (decimal.js) for any quantity, price and discount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 999_999 }), (q4, price, d6, t6) => {
        const expected = lineAmounts({ quantity: scaled(q4, 4), unitPrice: price, discountRate: scaled(d6, 6), taxRate: scaled(t6, 6) });
        const net = netAmount(q4, price, d6);
        expect(net).toBe(expected.net);
        expect(taxAmount(net, t6)).toBe(expected.tax);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses dates, decimals and rates the way files spell them', () => {
    expect(['2026-03-05', '2026/3/5', '2026.03.05', '20260305', '2026年3月5日', '2026-03-05 10:20:00'].map(parseDate)).toEqual(Array(6).fill('2026-03-05'));
    expect(['2026-02-29', '2025-13-01', '05/03/2026', ''].map(parseDate)).toEqual([undefined, undefined, undefined, undefined]);
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseScaled('1,234.5', 2)).toBe(123450);
    expect(parseScaled('1.2345', 2)).toBeUndefined();
    expect(parseScaled('-3', 4)).toBe(-30000);
    expect(['5%', '0.05', '5', '', '12.5%'].map(parseRate)).toEqual([50000, 50000, 50000, 0, 125000]);
  });

  it('the plain-decimal fast path of parseScaled reads every text as the general rule does', () => {
    // The general rule, as it was before the fast path: strip blanks and commas, then one regex.
    const reference = (text: string, scale: number) => {
      const m = /^([+-]?)(\d{1,14})(?:\.(\d+))?$/.exec(text.replace(/[\s,，]/g, ''));
      if (!m) return undefined;
      let frac = m[3] ?? '';
      if (frac.length > scale) {
        if (/[^0]/.test(frac.slice(scale))) return undefined;
        frac = frac.slice(0, scale);
      }
      const n = Number(m[2]) * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
      if (!Number.isSafeInteger(n)) return undefined;
      return m[1] === '-' ? -n : n;
    };
    const text = fc.array(fc.constantFrom('0', '1', '5', '9', '.', '-', '+', ',', ' ', '0', '7'), { maxLength: 22 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(0, 2, 4, 6), (t, scale) => {
        expect(parseScaled(t, scale)).toBe(reference(t, scale));
      }),
      { numRuns: 20_000 },
    );
    for (const t of ['99999999999999.9999', '999999999999999', '12.', '.5', '-0', '0.10000', '1.23456789'])
      for (const scale of [2, 4, 6]) expect(parseScaled(t, scale), `${t} ${scale}`).toBe(reference(t, scale));
  });
});

describe('CSV tokenizer', () => {
  it('gives the same records however the text is cut into chunks', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","he said ""hi""",3\n\n"multi\nline",,\nlast,row,"q"';
    const expected = [['a', 'b', 'c'], ['x, y', 'he said "hi"', '3'], ['multi\nline', '', ''], ['last', 'row', 'q']];
    for (let size = 1; size <= text.length; size++) {
      const t = new CsvTokenizer(',');
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size), out);
      t.end(out);
      expect(out, `chunks of ${size}`).toEqual(expected);
    }
  });
});
