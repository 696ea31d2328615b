import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { likePattern } from '../../platform/workbench/workbench.registry';
import type { ProductFilters } from './products.schema';
import { subtreeIds } from '../../db/subtree';

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------- categories

export function selectCategories(db: Db) {
  return db
    .selectFrom('product_categories as c')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.parent_id',
      'c.is_archived',
      'c.version',
      sql<number>`(select count(*)::int from products p where p.category_id = c.id)`.as('product_count'),
    ]);
}
export type CategoryRow = Awaited<ReturnType<ReturnType<typeof selectCategories>['executeTakeFirstOrThrow']>>;

export async function findCategoryByCode(db: Db, code: string, exceptId?: string) {
  let q = db.selectFrom('product_categories').select(['id', 'name']).where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export function lockCategory(db: Db, id: string) {
  return db.selectFrom('product_categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

// ---------------------------------------------------------------- products

export function selectProducts(db: Db) {
  return db
    .selectFrom('products as p')
    .leftJoin('product_categories as c', 'c.id', 'p.category_id')
    .selectAll('p')
    .select(['c.name as category_name', sql<boolean>`exists(select 1 from sales_order_lines l where l.product_id = p.id)`.as('is_used')]);
}
export type ProductRow = Awaited<ReturnType<ReturnType<typeof selectProducts>['executeTakeFirstOrThrow']>>;

export const PRODUCT_SORTS = {
  code: { ref: 'p.code', value: (r: ProductRow) => r.code },
  name: { ref: 'p.name', value: (r: ProductRow) => r.name },
  listPrice: { ref: 'p.list_price', value: (r: ProductRow) => r.list_price },
} as const;

/** The product list's filters as a query (the list pages it, the exports read it whole). */
export async function filteredProducts(db: Db, f: Omit<ProductFilters, 'sort'>) {
  let q = selectProducts(db);
  if (f.q) {
    const like = likePattern(f.q);
    q = q.where((eb) => eb.or([eb('p.code', 'ilike', like), eb('p.name', 'ilike', like)]));
  }
  if (f.categoryId) {
    // An unknown category matches nothing (an empty IN list is not SQL).
    const ids = await subtreeIds(db, 'product_categories', f.categoryId);
    q = ids.length ? q.where('p.category_id', 'in', ids) : q.where(sql<boolean>`false`);
  }
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.currency) q = q.where('p.currency', '=', f.currency);
  return q;
}

export async function findProductByCode(db: Db, code: string, exceptId?: string) {
  let q = db.selectFrom('products').select(['id', 'code']).where(sql`lower(code)`, '=', code.toLowerCase());
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export function lockProduct(db: Db, id: string) {
  return db.selectFrom('products').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function isProductUsed(db: Db, id: string): Promise<boolean> {
  const r = await db.selectFrom('sales_order_lines').select('id').where('product_id', '=', id).limit(1).executeTakeFirst();
  return r !== undefined;
}

// ---------------------------------------------------------------- price lists

export function selectPriceLists(db: Db) {
  return db
    .selectFrom('price_lists as l')
    .selectAll('l')
    .select(sql<number>`(select count(*)::int from price_list_items i where i.price_list_id = l.id)`.as('item_count'));
}
export type PriceListRow = Awaited<ReturnType<ReturnType<typeof selectPriceLists>['executeTakeFirstOrThrow']>>;

export function priceListItems(db: Db, priceListId: string) {
  return db
    .selectFrom('price_list_items as i')
    .innerJoin('products as p', 'p.id', 'i.product_id')
    .select(['i.product_id', 'p.code', 'p.name', 'i.min_quantity', 'i.price'])
    .where('i.price_list_id', '=', priceListId)
    .orderBy('p.code')
    .orderBy('i.min_quantity')
    .execute();
}

export function lockPriceList(db: Db, id: string) {
  return db.selectFrom('price_lists').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Default lists of a currency whose validity overlaps [from, to] (open ends are unbounded). */
export function overlappingDefaults(db: Db, currency: string, from: string | null, to: string | null, exceptId?: string) {
  let q = db
    .selectFrom('price_lists')
    .select(['id', 'name'])
    .where('currency', '=', currency)
    .where('is_default', '=', true)
    .where('is_archived', '=', false)
    .where(sql<boolean>`daterange(valid_from, valid_to, '[]') && daterange(${from}::date, ${to}::date, '[]')`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.execute();
}

/** Serialises default-flag changes per currency across transactions and instances. */
export async function lockDefaultsOf(db: Db, currency: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7300417010000 + hashtext(${currency}))`.execute(db);
}

/**
 * The best item of one list for a quantity: the highest minimum quantity not above it,
 * in a list of the currency that is live on the date.
 */
export function bestListItem(db: Db, q: { productId: string; quantity: string; date: string; currency: string; priceListId?: string; defaultOnly?: boolean }) {
  let query = db
    .selectFrom('price_list_items as i')
    .innerJoin('price_lists as l', 'l.id', 'i.price_list_id')
    .select(['i.price', 'i.min_quantity', 'l.id as price_list_id', 'l.name as price_list_name'])
    .where('i.product_id', '=', q.productId)
    .where(sql<boolean>`i.min_quantity <= ${q.quantity}::numeric`)
    .where('l.currency', '=', q.currency)
    .where('l.is_archived', '=', false)
    .where((eb) => eb.or([eb('l.valid_from', 'is', null), eb('l.valid_from', '<=', q.date)]))
    .where((eb) => eb.or([eb('l.valid_to', 'is', null), eb('l.valid_to', '>=', q.date)]));
  if (q.priceListId) query = query.where('l.id', '=', q.priceListId);
  if (q.defaultOnly) query = query.where('l.is_default', '=', true);
  return query.orderBy('i.min_quantity', 'desc').limit(1).executeTakeFirst();
}
