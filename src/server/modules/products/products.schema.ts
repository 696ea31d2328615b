import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/** Integer minor units (fen, cents), never a float; bounded so sums stay exact in a JS number. */
export const minorUnits = z.number().int().min(0).max(900_000_000_000_000);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');
/** A quantity as text or number, e.g. "12.5": numeric(18,4), positive. */
export const quantityText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d{1,14}(\.\d{1,4})?$/, 'a positive number with at most 4 decimals'))
  .refine((v) => Number(v) > 0, 'must be greater than 0');
export const productStatus = z.enum(['active', 'discontinued']);
const code = requiredLine(50).refine((v) => !/\s/.test(v), 'must not contain spaces');

// ---------------------------------------------------------------- categories

export const categoryDto = z.object({
  id: uuid,
  code: z.string().nullable(),
  name: z.string(),
  parentId: uuid.nullable(),
  isArchived: z.boolean(),
  productCount: z.number().int(),
  version: z.number().int(),
});
export type CategoryDto = z.infer<typeof categoryDto>;

export const createCategoryBody = z
  .object({
    code: code.nullable().optional(),
    name: requiredLine(100),
    parentId: uuid.nullable().optional(),
  })
  .strict();
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;

/** Moving a category is changing its parentId. */
export const updateCategoryBody = createCategoryBody.partial().extend({ isArchived: z.boolean().optional(), version }).strict();
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

// ---------------------------------------------------------------- products

export const productDto = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  categoryId: uuid.nullable(),
  categoryName: z.string().nullable(),
  unit: z.string(),
  listPrice: z.number().int(),
  cost: z.number().int().nullable(),
  currency: z.string(),
  status: productStatus,
  description: z.string(),
  /** True once an order line names it: it can then only be discontinued, never deleted. */
  isUsed: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductDto = z.infer<typeof productDto>;

export const createProductBody = z
  .object({
    code,
    name: requiredLine(200),
    categoryId: uuid.nullable().optional(),
    unit: requiredLine(20).optional(),
    listPrice: minorUnits,
    cost: minorUnits.nullable().optional(),
    /** Defaults to the company currency (settings). */
    currency: currencyCode.optional(),
    status: productStatus.optional(),
    description: text(5000).optional(),
  })
  .strict();
export type CreateProductInput = z.infer<typeof createProductBody>;

export const updateProductBody = createProductBody.partial().extend({ version }).strict();
export type UpdateProductInput = z.infer<typeof updateProductBody>;

export const versionBody = z.object({ version }).strict();

export const productSort = z.enum(['code', '-code', 'name', '-name', 'listPrice', '-listPrice']);

/** The filters of the product list, shared by the list and its exports. */
export const productFilters = z.object({
  q: line(100).optional(),
  /** The category and every category below it. */
  categoryId: uuid.optional(),
  status: productStatus.optional(),
  currency: currencyCode.optional(),
  sort: productSort.default('code'),
});
export type ProductFilters = z.infer<typeof productFilters>;

export const listProductsQuery = productFilters
  .extend({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const exportProductsQuery = productFilters.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
export type ExportProductsQuery = z.infer<typeof exportProductsQuery>;

// ---------------------------------------------------------------- price lists

export const priceListItemDto = z.object({
  productId: uuid,
  productCode: z.string(),
  productName: z.string(),
  minQuantity: z.string(),
  price: z.number().int(),
});

export const priceListDto = z.object({
  id: uuid,
  name: z.string(),
  currency: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  isDefault: z.boolean(),
  isArchived: z.boolean(),
  itemCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type PriceListDto = z.infer<typeof priceListDto>;

export const priceListDetailDto = priceListDto.extend({ items: z.array(priceListItemDto) });
export type PriceListDetailDto = z.infer<typeof priceListDetailDto>;

export const priceListItemInput = z
  .object({
    productId: uuid,
    minQuantity: quantityText.default('1'),
    price: minorUnits,
  })
  .strict();
export type PriceListItemInput = z.infer<typeof priceListItemInput>;

export const createPriceListBody = z
  .object({
    name: requiredLine(100),
    currency: currencyCode.optional(),
    validFrom: z.iso.date().nullable().optional(),
    validTo: z.iso.date().nullable().optional(),
    isDefault: z.boolean().optional(),
    items: z.array(priceListItemInput).max(20_000).optional(),
  })
  .strict();
export type CreatePriceListInput = z.infer<typeof createPriceListBody>;

/** The currency of a list is fixed once made: its prices are in it. */
export const updatePriceListBody = createPriceListBody.omit({ currency: true, items: true }).partial().extend({ isArchived: z.boolean().optional(), version }).strict();
export type UpdatePriceListInput = z.infer<typeof updatePriceListBody>;

export const setPriceListItemsBody = z.object({ items: z.array(priceListItemInput).max(20_000), version }).strict();
export type SetPriceListItemsInput = z.infer<typeof setPriceListItemsBody>;

export const exportFormatQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

export const listPriceListsQuery = z.object({ currency: currencyCode.optional(), includeArchived: z.enum(['true', 'false']).optional() }).strict();

export const priceQuery = z
  .object({
    quantity: quantityText.default('1'),
    /** The order date; today (business time zone) when absent. */
    date: z.iso.date().optional(),
    currency: currencyCode.optional(),
    priceListId: uuid.optional(),
  })
  .strict();

export const priceQuoteDto = z.object({
  productId: uuid,
  unitPrice: z.number().int(),
  currency: z.string(),
  source: z.enum(['price_list', 'list_price']),
  priceListId: uuid.nullable(),
  priceListName: z.string().nullable(),
  minQuantity: z.string().nullable(),
});
export type PriceQuote = z.infer<typeof priceQuoteDto>;
