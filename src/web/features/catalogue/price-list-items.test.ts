import { describe, expect, it, vi } from 'vitest';

// The texts module picks a language from the browser; Node 20 has no navigator.
vi.hoisted(() => {
  if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en'], language: 'en' }, configurable: true });
});
import { priceListItemInput } from '../../../server/modules/products/products.schema';
import { ApiError } from '../../api-client';
import { serverItemErrors, toItemsBody, type DraftItem } from './price-list-items';

const product = (n: number) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, code: `P-${n}`, name: `Product ${n}` });
const draft = (key: string, p: number | null, minQuantity: string, price: string): DraftItem => ({ key, product: p === null ? null : product(p), minQuantity, price });

// The price-list editor checks rows before the PUT: it must accept what the server accepts and
// refuse what it refuses, or users are stopped for nothing or sent into a 400.
describe('price list rows are checked as the server checks them', () => {
  it('quantities: the same ones pass as in the server schema', () => {
    for (const q of ['1', '12.5', '0.0001', '100000', '1.2345', '0', '-1', '1e3', '1.23456', 'abc', ' 5 ', '00012']) {
      const server = priceListItemInput.safeParse({ productId: product(1).id, minQuantity: q, price: 100 }).success;
      const client = !toItemsBody([draft('a', 1, q, '1.00')], 'CNY').errors.a?.minQuantity;
      expect({ q, ok: client }).toEqual({ q, ok: server });
    }
  });

  it('prices become exact minor units (no float rounding) and an empty quantity means 1', () => {
    const { items, errors } = toItemsBody([draft('a', 1, '', '19.99'), draft('b', 2, '10', '1,234.56'), draft('c', 3, '1', '0.1')], 'CNY');
    expect(errors).toEqual({});
    expect(items).toEqual([
      { productId: product(1).id, minQuantity: '1', price: 1999 },
      { productId: product(2).id, minQuantity: '10', price: 123456 },
      { productId: product(3).id, minQuantity: '1', price: 10 },
    ]);
  });

  it('refuses a missing product, a price with too many decimals, and a second price for the same product and quantity', () => {
    const { items, errors } = toItemsBody([draft('a', null, '1', '5'), draft('b', 2, '1.5', '1.234'), draft('c', 2, '1.50', '2'), draft('d', 3, '1', '')], 'CNY');
    expect(items).toBeUndefined();
    expect(Object.keys(errors.a ?? {})).toEqual(['product']);
    expect(Object.keys(errors.b ?? {})).toEqual(['price']);
    expect(Object.keys(errors.c ?? {})).toEqual(['minQuantity']);
    expect(Object.keys(errors.d ?? {})).toEqual(['price']);
  });

  it("puts the server's items.<i>.<field> errors on the rows that were sent", () => {
    const rows = [draft('a', 1, '1', '5'), draft('b', 2, '1', '6')];
    const e = new ApiError({
      status: 400,
      code: 'validation_failed',
      message: 'bad',
      fields: [
        { field: 'items.1.productId', code: 'not_found', message: 'No such product' },
        { field: 'items.0.minQuantity', code: 'duplicate', message: 'dup' },
      ],
    });
    const mapped = serverItemErrors(e, rows);
    expect(Object.keys(mapped ?? {}).sort()).toEqual(['a', 'b']);
    expect(mapped?.b?.product).toBeTruthy();
    expect(mapped?.a?.minQuantity).toBeTruthy();
    expect(serverItemErrors(new ApiError({ status: 409, code: 'conflict', message: 'x' }), rows)).toBeNull();
  });
});
