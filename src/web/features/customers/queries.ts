import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api-client';
import type { ContactDto, CustomerDto, CustomerOverview, CustomerEvent } from '../../api/customers.types';
import type { Page } from '../../api/types';

export const customersKey = ['customers'] as const;
export const customerKey = (id: string) => ['customers', 'detail', id] as const;
export const overviewKey = (id: string) => ['customers', 'overview', id] as const;
export const timelineKey = (id: string) => ['customers', 'timeline', id] as const;

export const getCustomer = (id: string) => api.get<CustomerDto>(`/api/v1/customers/${id}`);
export const getOverview = (id: string) => api.get<CustomerOverview>(`/api/v1/customers/${id}/overview`);
export const getTimeline = (id: string, cursor?: string) => api.get<Page<CustomerEvent>>(`/api/v1/customers/${id}/timeline`, { cursor, limit: 20 });
export const listCustomerContacts = (id: string, archived: 'false' | 'all') => api.get<{ items: ContactDto[] }>(`/api/v1/customers/${id}/contacts`, { archived });

/** The customer a merged one now lives in (409 conflict with meta.mergedIntoId), else null. */
export function mergedIntoId(error: unknown): string | null {
  if (!isApiError(error, 'conflict') || error.meta?.reason !== 'merged') return null;
  const id = error.meta.mergedIntoId;
  return typeof id === 'string' ? id : null;
}

/** Customer 360: one call for the page; a merged customer's 409 is handled by the page (it follows to the survivor). */
export function useOverview(id: string) {
  return useQuery({ queryKey: overviewKey(id), queryFn: () => getOverview(id), retry: (n, e) => !isApiError(e) && n < 2 });
}

/** Drops empty values: the list queries are strict and an empty string is not "no filter". */
export function cleanQuery<T extends Record<string, unknown>>(q: T): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = String(v);
  }
  return out;
}
