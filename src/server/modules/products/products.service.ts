import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { businessToday } from '../../platform/approvals/approvals.engine';
import { recordAudit } from '../../platform/audit/audit.service';
import { registerEntity } from '../../platform/files/entity-access';
import { Dec, formatMinor } from '../../platform/money/money';
import { keysetPage, type Page } from '../../platform/pagination';
import { getCompanySettings } from '../../platform/settings/settings.service';
import { likePattern, registerSearchProvider } from '../../platform/workbench/workbench.registry';
import { buildExport, EXPORT_LIMIT, type ExportColumn, type ExportFile } from '../../platform/export/list-export';
import {
  bestListItem,
  type CategoryRow,
  filteredProducts,
  findCategoryByCode,
  findProductByCode,
  isProductUsed,
  lockCategory,
  lockDefaultsOf,
  lockPriceList,
  lockProduct,
  overlappingDefaults,
  PRODUCT_SORTS,
  priceListItems,
  type PriceListRow,
  type ProductRow,
  selectCategories,
  selectPriceLists,
  selectProducts,
} from './products.repo';
import type {
  CategoryDto,
  CreateCategoryInput,
  CreatePriceListInput,
  CreateProductInput,
  ExportProductsQuery,
  ListProductsQuery,
  PriceListDetailDto,
  PriceListDto,
  PriceListItemInput,
  PriceQuote,
  ProductDto,
  UpdateCategoryInput,
  UpdatePriceListInput,
  UpdateProductInput,
} from './products.schema';
import { subtreeIds } from '../../db/subtree';

/**
 * The product catalogue: a category tree, products, price lists and the price
 * lookup that sales orders use. Master data: everyone with products:read sees all
 * of it (no record rules); the back office (products:manage) changes it.
 */
type Db = Kysely<Database>;
type Trx = Transaction<Database>;
export const PRODUCT = 'product';
export const PRODUCT_CATEGORY = 'product_category';
export const PRICE_LIST = 'price_list';
const productLink = (id: string) => `/products/${id}`;

// ---------------------------------------------------------------- mappers

function toCategoryDto(r: CategoryRow): CategoryDto {
  return { id: r.id, code: r.code, name: r.name, parentId: r.parent_id, isArchived: r.is_archived, productCount: r.product_count, version: r.version };
}

function toProductDto(r: ProductRow): ProductDto {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    unit: r.unit,
    listPrice: Number(r.list_price),
    cost: r.cost === null ? null : Number(r.cost),
    currency: r.currency,
    status: r.status,
    description: r.description,
    isUsed: r.is_used,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function toPriceListDto(r: PriceListRow): PriceListDto {
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    isDefault: r.is_default,
    isArchived: r.is_archived,
    itemCount: r.item_count,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const duplicate = (field: string, message: string) => new AppError('duplicate', message, { fields: [{ field, code: 'duplicate', message }] });

// ---------------------------------------------------------------- categories

/** The whole category tree as flat rows (parentId makes the tree); catalogues have tens to hundreds of categories, so no paging. */
export async function listCategories(db: Db, actor: Actor): Promise<CategoryDto[]> {
  requirePermission(actor, 'products:read');
  const rows = await selectCategories(db).orderBy('c.name').orderBy('c.id').execute();
  return rows.map(toCategoryDto);
}

export async function getCategory(db: Db, actor: Actor, id: string): Promise<CategoryDto> {
  requirePermission(actor, 'products:read');
  const row = await selectCategories(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(PRODUCT_CATEGORY, id);
  return toCategoryDto(row);
}

async function checkCategoryRefs(trx: Trx, input: { code?: string | null; parentId?: string | null }, selfId?: string) {
  if (input.parentId) {
    const parent = await trx.selectFrom('product_categories').select('id').where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw fieldError('parentId', 'not_found', 'Parent category does not exist');
    if (selfId && (await subtreeIds(trx, 'product_categories', selfId)).includes(input.parentId)) {
      throw fieldError('parentId', 'cycle', 'A category cannot be placed under itself or one of its sub-categories');
    }
  }
  if (input.code && (await findCategoryByCode(trx, input.code, selfId))) throw duplicate('code', 'Another category has this code');
}

/** A new category, at the top or under a parent; codes are unique ignoring case. */
export async function createCategory(db: Db, actor: Actor, input: CreateCategoryInput): Promise<CategoryDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    await checkCategoryRefs(trx, input);
    const row = await trx
      .insertInto('product_categories')
      .values({ code: input.code || null, name: input.name, parent_id: input.parentId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = toCategoryDto(await selectCategories(trx).where('c.id', '=', row.id).executeTakeFirstOrThrow());
    await recordAudit(trx, actor, { action: 'product_category.create', entityType: PRODUCT_CATEGORY, entityId: row.id, after: dto });
    return dto;
  });
}

/** Renames, moves (a new parentId, never into its own subtree) or archives a category at the version read. */
export async function updateCategory(db: Db, actor: Actor, id: string, input: UpdateCategoryInput): Promise<CategoryDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockCategory(trx, id);
    if (!locked) throw notFound(PRODUCT_CATEGORY, id);
    if (locked.version !== input.version) throw versionConflict(PRODUCT_CATEGORY);
    const before = toCategoryDto(await selectCategories(trx).where('c.id', '=', id).executeTakeFirstOrThrow());
    await checkCategoryRefs(trx, input, id);
    await trx
      .updateTable('product_categories')
      .set({
        ...(input.code !== undefined && { code: input.code || null }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.isArchived !== undefined && { is_archived: input.isArchived }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = toCategoryDto(await selectCategories(trx).where('c.id', '=', id).executeTakeFirstOrThrow());
    const moved = input.parentId !== undefined && input.parentId !== locked.parent_id;
    await recordAudit(trx, actor, { action: moved ? 'product_category.move' : 'product_category.update', entityType: PRODUCT_CATEGORY, entityId: id, before, after });
    return after;
  });
}

// ---------------------------------------------------------------- products

export async function getProduct(db: Db, actor: Actor, id: string): Promise<ProductDto> {
  requirePermission(actor, 'products:read');
  const row = await selectProducts(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(PRODUCT, id);
  return toProductDto(row);
}

/** The catalogue, keyset-paged: text search on code and name, a category with its sub-categories, status, currency; sorted by code, name or list price. */
export async function listProducts(db: Db, actor: Actor, q: ListProductsQuery): Promise<Page<ProductDto>> {
  requirePermission(actor, 'products:read');
  const desc = q.sort.startsWith('-');
  const sort = PRODUCT_SORTS[q.sort.replace('-', '') as keyof typeof PRODUCT_SORTS];
  const page = await keysetPage(await filteredProducts(db, q), {
    sortRef: sort.ref,
    idRef: 'p.id',
    direction: desc ? 'desc' : 'asc',
    page: q,
    sortValueOf: (r) => sort.value(r),
    idOf: (r) => r.id,
  });
  return { items: page.items.map(toProductDto), nextCursor: page.nextCursor };
}

async function checkProductRefs(trx: Trx, input: { code?: string; categoryId?: string | null }, selfId?: string, currentCategoryId?: string | null) {
  if (input.code && (await findProductByCode(trx, input.code, selfId))) throw duplicate('code', 'Another product has this code');
  if (input.categoryId && input.categoryId !== currentCategoryId) {
    const c = await trx.selectFrom('product_categories').select(['id', 'is_archived']).where('id', '=', input.categoryId).executeTakeFirst();
    if (!c) throw fieldError('categoryId', 'not_found', 'No such category');
    if (c.is_archived) throw fieldError('categoryId', 'archived', 'The category is archived');
  }
}

/** A new product; its code is unique ignoring case, its currency defaults to the company's. */
export async function createProduct(db: Db, actor: Actor, input: CreateProductInput): Promise<ProductDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    await checkProductRefs(trx, input);
    const currency = input.currency ?? (await getCompanySettings(trx)).currency;
    const row = await trx
      .insertInto('products')
      .values({
        code: input.code,
        name: input.name,
        category_id: input.categoryId ?? null,
        unit: input.unit ?? 'pcs',
        list_price: input.listPrice,
        cost: input.cost ?? null,
        currency,
        status: input.status ?? 'active',
        description: input.description ?? '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dto = toProductDto(await selectProducts(trx).where('p.id', '=', row.id).executeTakeFirstOrThrow());
    await recordAudit(trx, actor, { action: 'product.create', entityType: PRODUCT, entityId: row.id, after: dto });
    return dto;
  });
}

/** Changes a product at the version read; status 'discontinued' keeps it on past orders and out of new ones. */
export async function updateProduct(db: Db, actor: Actor, id: string, input: UpdateProductInput): Promise<ProductDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockProduct(trx, id);
    if (!locked) throw notFound(PRODUCT, id);
    if (locked.version !== input.version) throw versionConflict(PRODUCT);
    await checkProductRefs(trx, input, id, locked.category_id);
    const before = toProductDto(await selectProducts(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
    await trx
      .updateTable('products')
      .set({
        ...(input.code !== undefined && { code: input.code }),
        ...(input.name !== undefined && { name: input.name }),
        ...(input.categoryId !== undefined && { category_id: input.categoryId }),
        ...(input.unit !== undefined && { unit: input.unit }),
        ...(input.listPrice !== undefined && { list_price: input.listPrice }),
        ...(input.cost !== undefined && { cost: input.cost }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.description !== undefined && { description: input.description }),
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = toProductDto(await selectProducts(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
    const action = before.status !== after.status ? (after.status === 'discontinued' ? 'product.discontinue' : 'product.reactivate') : 'product.update';
    await recordAudit(trx, actor, { action, entityType: PRODUCT, entityId: id, before, after });
    return after;
  });
}

/** Deletes a product entered by mistake; once an order line names it, it can only be discontinued. Its price-list items go with it. */
export async function deleteProduct(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  requirePermission(actor, 'products:manage');
  await db.transaction().execute(async (trx) => {
    const locked = await lockProduct(trx, id);
    if (!locked) throw notFound(PRODUCT, id);
    if (locked.version !== version) throw versionConflict(PRODUCT);
    if (await isProductUsed(trx, id)) throw new AppError('conflict', 'The product is on sales orders; discontinue it instead', { detail: { reason: 'in_use' } });
    const before = toProductDto(await selectProducts(trx).where('p.id', '=', id).executeTakeFirstOrThrow());
    const items = await trx.deleteFrom('price_list_items').where('product_id', '=', id).returning(['price_list_id', 'min_quantity', 'price']).execute();
    await trx.deleteFrom('products').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'product.delete', entityType: PRODUCT, entityId: id, before: { ...before, priceListItems: items } });
  });
}

const PRODUCT_COLUMNS: ExportColumn<ProductDto>[] = [
  { key: 'code', en: 'Code', zh: '产品编码', value: (p) => p.code, width: 16 },
  { key: 'name', en: 'Name', zh: '产品名称', value: (p) => p.name, width: 40 },
  { key: 'category', en: 'Category', zh: '产品类别', value: (p) => p.categoryName, width: 20 },
  { key: 'unit', en: 'Unit', zh: '单位', value: (p) => p.unit, width: 8 },
  { key: 'listPrice', en: 'List price', zh: '标准售价', value: (p) => formatMinor(p.listPrice), kind: 'money' },
  { key: 'cost', en: 'Cost', zh: '成本', value: (p) => (p.cost === null ? null : formatMinor(p.cost)), kind: 'money' },
  { key: 'currency', en: 'Currency', zh: '币种', value: (p) => p.currency, width: 8 },
  { key: 'status', en: 'Status', zh: '状态', value: (p) => p.status, width: 12 },
  { key: 'description', en: 'Description', zh: '描述', value: (p) => p.description, width: 40 },
];
const STATUS_ZH: Record<string, string> = { active: '在售', discontinued: '停售' };
const STATUS_EN: Record<string, string> = { active: 'Active', discontinued: 'Discontinued' };

/** The product list as CSV or XLSX with the list's filters and sort, headers and status words in the caller's language. */
export async function exportProducts(db: Db, actor: Actor, q: ExportProductsQuery): Promise<ExportFile> {
  requirePermission(actor, 'products:read');
  const sort = PRODUCT_SORTS[q.sort.replace('-', '') as keyof typeof PRODUCT_SORTS];
  const dir = q.sort.startsWith('-') ? 'desc' : 'asc';
  const query = (await filteredProducts(db, q)).orderBy(sort.ref as 'p.code', dir).orderBy('p.id', dir);
  const rows = await query.limit(EXPORT_LIMIT + 1).execute();
  if (rows.length > EXPORT_LIMIT) throw new AppError('bad_request', `More than ${EXPORT_LIMIT} products match; narrow the filter`);
  const words = actor.locale === 'zh-CN' ? STATUS_ZH : STATUS_EN;
  const columns = PRODUCT_COLUMNS.map((c) => (c.key === 'status' ? { ...c, value: (p: ProductDto) => words[p.status] ?? p.status } : c));
  return buildExport(rows.map(toProductDto), columns, { format: q.format, locale: actor.locale, name: 'products', sheet: { en: 'Products', zh: '产品' } });
}

// ---------------------------------------------------------------- price lists

export async function listPriceLists(db: Db, actor: Actor, q: { currency?: string; includeArchived?: 'true' | 'false' }): Promise<PriceListDto[]> {
  requirePermission(actor, 'products:read');
  let query = selectPriceLists(db);
  if (q.currency) query = query.where('l.currency', '=', q.currency);
  if (q.includeArchived !== 'true') query = query.where('l.is_archived', '=', false);
  const rows = await query.orderBy('l.currency').orderBy('l.is_default', 'desc').orderBy('l.name').orderBy('l.id').execute();
  return rows.map(toPriceListDto);
}

async function priceListDetail(db: Db | Trx, id: string): Promise<PriceListDetailDto | undefined> {
  const row = await selectPriceLists(db).where('l.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const items = await priceListItems(db, id);
  return {
    ...toPriceListDto(row),
    items: items.map((i) => ({ productId: i.product_id, productCode: i.code, productName: i.name, minQuantity: normalQuantity(i.min_quantity), price: Number(i.price) })),
  };
}

export async function getPriceList(db: Db, actor: Actor, id: string): Promise<PriceListDetailDto> {
  requirePermission(actor, 'products:read');
  const dto = await priceListDetail(db, id);
  if (!dto) throw notFound(PRICE_LIST, id);
  return dto;
}

/** "10.0000" → "10": quantities compare and display as numbers. */
const normalQuantity = (q: string | number) => new Dec(q).toFixed();

function checkValidity(from: string | null, to: string | null) {
  if (from && to && to < from) throw fieldError('validTo', 'before_start', 'validTo must not be before validFrom');
}

/** One default list per currency at any date: default lists of a currency may not overlap in validity. */
async function checkDefault(trx: Trx, currency: string, from: string | null, to: string | null, selfId?: string) {
  await lockDefaultsOf(trx, currency);
  const clash = await overlappingDefaults(trx, currency, from, to, selfId);
  if (clash.length) {
    const message = `"${clash[0].name}" is already the default ${currency} price list for these dates; clear its default flag or its dates first`;
    throw new AppError('conflict', message, { fields: [{ field: 'isDefault', code: 'conflict', message }], detail: { priceListId: clash[0].id } });
  }
}

/** Checks items (products exist, one price per product and minimum quantity) and writes them in one statement. */
async function writeItems(trx: Trx, priceListId: string, items: PriceListItemInput[]) {
  if (!items.length) return [];
  const seen = new Set<string>();
  const rows = items.map((it, i) => {
    const minQuantity = normalQuantity(it.minQuantity);
    const key = `${it.productId}|${minQuantity}`;
    if (seen.has(key)) throw fieldError(`items.${i}.minQuantity`, 'duplicate', 'This product already has a price for this minimum quantity');
    seen.add(key);
    return { price_list_id: priceListId, product_id: it.productId, min_quantity: minQuantity, price: it.price };
  });
  const ids = [...new Set(items.map((it) => it.productId))];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    for (const p of await trx.selectFrom('products').select('id').where('id', 'in', ids.slice(i, i + 5000)).execute()) found.add(p.id);
  }
  const missing = items.findIndex((it) => !found.has(it.productId));
  if (missing >= 0) throw fieldError(`items.${missing}.productId`, 'not_found', 'No such product');
  for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('price_list_items').values(rows.slice(i, i + 2000)).execute();
  return rows.map((r) => [r.product_id, r.min_quantity, r.price]);
}

/** A new price list (with its items, optionally); its currency defaults to the company's. */
export async function createPriceList(db: Db, actor: Actor, input: CreatePriceListInput): Promise<PriceListDetailDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    const currency = input.currency ?? (await getCompanySettings(trx)).currency;
    const from = input.validFrom ?? null;
    const to = input.validTo ?? null;
    checkValidity(from, to);
    if (input.isDefault) await checkDefault(trx, currency, from, to);
    const row = await trx
      .insertInto('price_lists')
      .values({ name: input.name, currency, valid_from: from, valid_to: to, is_default: input.isDefault ?? false })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await writeItems(trx, row.id, input.items ?? []);
    const dto = (await priceListDetail(trx, row.id))!;
    await recordAudit(trx, actor, { action: 'price_list.create', entityType: PRICE_LIST, entityId: row.id, after: { ...toAuditList(dto), items } });
    return dto;
  });
}

const toAuditList = (d: PriceListDetailDto) => ({ name: d.name, currency: d.currency, validFrom: d.validFrom, validTo: d.validTo, isDefault: d.isDefault, isArchived: d.isArchived, version: d.version });

/** Changes a price list's name, dates, default flag or archive at the version read. */
export async function updatePriceList(db: Db, actor: Actor, id: string, input: UpdatePriceListInput): Promise<PriceListDetailDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockPriceList(trx, id);
    if (!locked) throw notFound(PRICE_LIST, id);
    if (locked.version !== input.version) throw versionConflict(PRICE_LIST);
    const from = input.validFrom !== undefined ? input.validFrom : locked.valid_from;
    const to = input.validTo !== undefined ? input.validTo : locked.valid_to;
    checkValidity(from, to);
    const isDefault = input.isDefault ?? locked.is_default;
    const isArchived = input.isArchived ?? locked.is_archived;
    if (isDefault && !isArchived) await checkDefault(trx, locked.currency, from, to, id);
    const before = (await priceListDetail(trx, id))!;
    await trx
      .updateTable('price_lists')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        valid_from: from,
        valid_to: to,
        is_default: isDefault,
        is_archived: isArchived,
        version: locked.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = (await priceListDetail(trx, id))!;
    await recordAudit(trx, actor, { action: 'price_list.update', entityType: PRICE_LIST, entityId: id, before: toAuditList(before), after: toAuditList(after) });
    return after;
  });
}

/** Replaces every item of a price list at the version read (the list is edited as a whole, like a spreadsheet). */
export async function setPriceListItems(db: Db, actor: Actor, id: string, input: { items: PriceListItemInput[]; version: number }): Promise<PriceListDetailDto> {
  requirePermission(actor, 'products:manage');
  return db.transaction().execute(async (trx) => {
    const locked = await lockPriceList(trx, id);
    if (!locked) throw notFound(PRICE_LIST, id);
    if (locked.version !== input.version) throw versionConflict(PRICE_LIST);
    const before = await trx.deleteFrom('price_list_items').where('price_list_id', '=', id).returning(['product_id', 'min_quantity', 'price']).execute();
    const items = await writeItems(trx, id, input.items);
    await trx.updateTable('price_lists').set({ version: locked.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'price_list.items',
      entityType: PRICE_LIST,
      entityId: id,
      before: { items: before.map((r) => [r.product_id, normalQuantity(r.min_quantity), Number(r.price)]) },
      after: { items },
    });
    return (await priceListDetail(trx, id))!;
  });
}

type PriceListItemRow = PriceListDetailDto['items'][number];
const PRICE_LIST_COLUMNS: ExportColumn<PriceListItemRow>[] = [
  { key: 'code', en: 'Product code', zh: '产品编码', value: (i) => i.productCode, width: 16 },
  { key: 'name', en: 'Product name', zh: '产品名称', value: (i) => i.productName, width: 40 },
  { key: 'minQuantity', en: 'Minimum quantity', zh: '起订数量', value: (i) => Number(i.minQuantity), kind: 'number' },
  { key: 'price', en: 'Price', zh: '价格', value: (i) => formatMinor(i.price), kind: 'money' },
];

/** A price list's items as CSV or XLSX (one row per product and quantity break), headers in the caller's language. */
export async function exportPriceList(db: Db, actor: Actor, id: string, format: 'csv' | 'xlsx'): Promise<ExportFile> {
  const list = await getPriceList(db, actor, id);
  const columns: ExportColumn<PriceListItemRow>[] = [...PRICE_LIST_COLUMNS, { key: 'currency', en: 'Currency', zh: '币种', value: () => list.currency, width: 8 }];
  return buildExport(list.items, columns, { format, locale: actor.locale, name: 'price-list', sheet: { en: 'Price list', zh: '价格表' } });
}

// ---------------------------------------------------------------- price lookup

export interface PriceForOptions {
  /** numeric text or a number; 1 when absent. */
  quantity?: string | number;
  /** The order date (YYYY-MM-DD); today in the business time zone when absent. */
  date?: string;
  /** The order's currency; the product's own when absent. */
  currency?: string;
  /** A list chosen for this sale (a customer's list); the default list still applies when it has no price. */
  priceListId?: string;
}

/**
 * The unit price (minor units) of a product for a sale: the item with the highest
 * minimum quantity not above the quantity, first in the chosen list, then in the
 * currency's default list, each only when live on the date (valid from/to, not
 * archived); else the product's list price when it is in that currency; else null
 * (the caller must be given a price). Reads only: no access check, callers check theirs.
 */
export async function priceFor(db: Db | Trx, productId: string, opts: PriceForOptions = {}): Promise<PriceQuote | null> {
  const product = await db.selectFrom('products').select(['id', 'list_price', 'currency']).where('id', '=', productId).executeTakeFirst();
  if (!product) throw notFound(PRODUCT, productId);
  const quantity = normalQuantity(opts.quantity ?? 1);
  const date = opts.date ?? (await businessToday(db));
  const currency = opts.currency ?? product.currency;
  const base = { productId, quantity, date, currency };
  const hit = (opts.priceListId && (await bestListItem(db, { ...base, priceListId: opts.priceListId }))) || (await bestListItem(db, { ...base, defaultOnly: true }));
  if (hit) {
    return { productId, unitPrice: Number(hit.price), currency, source: 'price_list', priceListId: hit.price_list_id, priceListName: hit.price_list_name, minQuantity: normalQuantity(hit.min_quantity) };
  }
  if (product.currency !== currency) return null;
  return { productId, unitPrice: Number(product.list_price), currency, source: 'list_price', priceListId: null, priceListName: null, minQuantity: null };
}

/** The price a caller would get (for the order form): priceFor behind products:read; 404 for an unknown product. */
export async function quotePrice(db: Db, actor: Actor, productId: string, opts: PriceForOptions): Promise<PriceQuote | null> {
  requirePermission(actor, 'products:read');
  if (opts.priceListId && !(await db.selectFrom('price_lists').select('id').where('id', '=', opts.priceListId).executeTakeFirst())) {
    throw fieldError('priceListId', 'not_found', 'No such price list');
  }
  return priceFor(db, productId, opts);
}

// ---------------------------------------------------------------- registrations

/** Product search in the header, and products as records that files and tasks can be attached to (datasheets). */
export function registerProducts(): void {
  registerSearchProvider({
    kind: PRODUCT,
    async search(db, actor, q, limit) {
      if (!can(actor, 'products:read')) return [];
      const like = likePattern(q);
      const rows = await db
        .selectFrom('products')
        .select(['id', 'code', 'name', 'status'])
        .where((eb) => eb.or([eb('code', 'ilike', like), eb('name', 'ilike', like)]))
        .orderBy('status')
        .orderBy('code')
        .limit(limit)
        .execute();
      return rows.map((p) => ({ kind: PRODUCT, id: p.id, title: `${p.code} ${p.name}`, subtitle: p.status === 'discontinued' ? 'discontinued' : null, link: productLink(p.id) }));
    },
  });
  registerEntity(PRODUCT, {
    async canRead(db, actor, id) {
      if (!can(actor, 'products:read')) return false;
      return (await db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async canAttach(db, actor, id) {
      if (!can(actor, 'products:manage')) return false;
      return (await db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async label(db, id) {
      const p = await db.selectFrom('products').select(['code', 'name']).where('id', '=', id).executeTakeFirst();
      return p ? `${p.code} ${p.name}` : undefined;
    },
    link: productLink,
  });
}
