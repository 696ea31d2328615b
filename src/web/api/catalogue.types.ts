// Catalogue API types (products, categories, price lists, regions), inferred from the server's
// zod schemas with type-only imports: a changed DTO is a compile error here.
import type { z } from 'zod';
import type {
  categoryDto,
  createCategoryBody,
  createPriceListBody,
  createProductBody,
  listProductsQuery,
  priceListDetailDto,
  priceListDto,
  priceListItemDto,
  priceQuoteDto,
  productDto,
  productSort,
  productStatus,
  updateCategoryBody,
  updatePriceListBody,
  updateProductBody,
} from '../../server/modules/products/products.schema';
import type { createRegionBody, regionDto, regionRepDto, updateRegionBody } from '../../server/modules/regions/regions.schema';

export type CategoryDto = z.infer<typeof categoryDto>;
export type CreateCategoryInput = z.input<typeof createCategoryBody>;
export type UpdateCategoryInput = z.input<typeof updateCategoryBody>;

export type ProductDto = z.infer<typeof productDto>;
export type ProductStatus = z.infer<typeof productStatus>;
export type ProductSort = z.infer<typeof productSort>;
export type CreateProductInput = z.input<typeof createProductBody>;
export type UpdateProductInput = z.input<typeof updateProductBody>;
/** The list's filters (without paging), as the list and its export take them. */
export type ProductFilters = Partial<Omit<z.input<typeof listProductsQuery>, 'cursor' | 'limit'>>;

export type PriceListDto = z.infer<typeof priceListDto>;
export type PriceListDetailDto = z.infer<typeof priceListDetailDto>;
export type PriceListItemDto = z.infer<typeof priceListItemDto>;
export type CreatePriceListInput = z.input<typeof createPriceListBody>;
export type UpdatePriceListInput = z.input<typeof updatePriceListBody>;
export type PriceQuote = z.infer<typeof priceQuoteDto>;

export type RegionDto = z.infer<typeof regionDto>;
export type RegionRep = z.infer<typeof regionRepDto>;
export type CreateRegionInput = z.input<typeof createRegionBody>;
export type UpdateRegionInput = z.input<typeof updateRegionBody>;
