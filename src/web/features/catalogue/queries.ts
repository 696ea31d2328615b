import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { Page } from '../../api/types';
import type { CategoryDto, PriceListDetailDto, PriceListDto, ProductDto, ProductFilters, RegionDto } from '../../api/catalogue.types';

export const categoriesKey = ['product-categories'] as const;
export const productsKey = ['products'] as const;
export const priceListsKey = ['price-lists'] as const;
export const regionsKey = ['regions'] as const;

/** The category tree (flat rows; tens to hundreds): fetched whole and cached. */
export function useCategories() {
  return useQuery({
    queryKey: categoriesKey,
    queryFn: async () => (await api.get<{ items: CategoryDto[] }>('/api/v1/product-categories')).items,
  });
}

/** The territory tree with each region's reps. */
export function useRegions() {
  return useQuery({
    queryKey: regionsKey,
    queryFn: async () => (await api.get<{ items: RegionDto[] }>('/api/v1/regions')).items,
  });
}

/** Every price list, archived ones included (flagged): there are a handful. */
export function usePriceLists() {
  return useQuery({
    queryKey: priceListsKey,
    queryFn: async () => (await api.get<{ items: PriceListDto[] }>('/api/v1/price-lists', { includeArchived: 'true' })).items,
  });
}

export function usePriceList(id: string | undefined) {
  return useQuery({
    queryKey: [...priceListsKey, 'one', id],
    queryFn: () => api.get<PriceListDetailDto>(`/api/v1/price-lists/${id}`),
    enabled: !!id,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: [...productsKey, 'one', id],
    queryFn: () => api.get<ProductDto>(`/api/v1/products/${id}`),
    enabled: !!id,
  });
}

/**
 * Only the API's own filter names are sent (the list query is strict; ProTable adds keys of
 * its own); the export takes the same ones, so both use this.
 */
export function productQuery(f: ProductFilters): ProductFilters {
  return { q: f.q?.trim() || undefined, categoryId: f.categoryId || undefined, status: f.status || undefined, currency: f.currency || undefined, sort: f.sort || undefined };
}

export function fetchProductsPage(f: ProductFilters, cursor: string | undefined, limit: number): Promise<Page<ProductDto>> {
  return api.get<Page<ProductDto>>('/api/v1/products', { ...productQuery(f), cursor, limit });
}
