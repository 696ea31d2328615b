import { isApiError } from '../../api-client';
import type { PriceListItemDto } from '../../api/catalogue.types';
import { fieldErrorMessage } from '../../i18n/labels';
import { i18n } from '../../i18n';
import { currencyDigits, minorToInput, parseMoney } from '../../ui/money';
import type { ProductChoice } from './ProductSelect';

/** A price list row being edited: text as typed, parsed only when saved. */
export interface DraftItem {
  key: string;
  product: ProductChoice | null;
  minQuantity: string;
  price: string;
}

export type ItemErrors = Record<string, Partial<Record<'product' | 'minQuantity' | 'price', string>>>;

let seq = 0;
export const newDraftKey = () => `new-${++seq}`;

export function toDrafts(items: PriceListItemDto[], currency: string): DraftItem[] {
  return items.map((i) => ({
    key: `${i.productId}|${i.minQuantity}`,
    product: { id: i.productId, code: i.productCode, name: i.productName },
    minQuantity: i.minQuantity,
    price: minorToInput(i.price, currency),
  }));
}

const QUANTITY = /^\d{1,14}(\.\d{1,4})?$/;
/** "1.500" and "1.5" are the same break (the server compares them as numbers). */
const normalQuantity = (q: string) => q.trim().replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/**
 * Checks the rows as the server will (product chosen, quantity a positive number with at most
 * 4 decimals, price exact in the currency, one price per product and quantity) and gives the
 * body of PUT …/items, or the errors per row.
 */
export function toItemsBody(rows: DraftItem[], currency: string): { items?: { productId: string; minQuantity: string; price: number }[]; errors: ItemErrors } {
  const errors: ItemErrors = {};
  const seen = new Set<string>();
  const items = rows.map((r) => {
    const e: ItemErrors[string] = {};
    const quantity = r.minQuantity.trim() || '1';
    const price = parseMoney(r.price, currency);
    if (!r.product) e.product = i18n.t('validation.required');
    if (!QUANTITY.test(quantity) || Number(quantity) <= 0) e.minQuantity = i18n.t('catalogue.priceLists.quantityInvalid');
    else if (r.product) {
      const key = `${r.product.id}|${normalQuantity(quantity)}`;
      if (seen.has(key)) e.minQuantity = i18n.t('catalogue.priceLists.duplicateItem');
      seen.add(key);
    }
    if (!r.price.trim()) e.price = i18n.t('validation.required');
    else if (price === undefined) e.price = i18n.t('catalogue.money.invalid', { digits: currencyDigits(currency) });
    if (Object.keys(e).length) errors[r.key] = e;
    return { productId: r.product?.id ?? '', minQuantity: quantity, price: price ?? 0 };
  });
  return Object.keys(errors).length ? { errors } : { items, errors };
}

/** The server's `items.<i>.<field>` errors on the rows that were sent, in order. */
export function serverItemErrors(error: unknown, rows: DraftItem[]): ItemErrors | null {
  if (!isApiError(error)) return null;
  const errors: ItemErrors = {};
  for (const f of error.fields) {
    const m = /^items\.(\d+)\.(productId|minQuantity|price)$/.exec(f.field);
    const row = m ? rows[Number(m[1])] : undefined;
    if (!m || !row) continue;
    const field = m[2] === 'productId' ? 'product' : (m[2] as 'minQuantity' | 'price');
    errors[row.key] = { ...errors[row.key], [field]: f.code === 'duplicate' ? i18n.t('catalogue.priceLists.duplicateItem') : fieldErrorMessage(f) };
  }
  return Object.keys(errors).length ? errors : null;
}
