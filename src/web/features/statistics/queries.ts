import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type QueryParams } from '../../api-client';
import type { Pivot, ReportView, SalesReport, StatGroup, ViewKind } from '../../api/statistics.types';
import type { Range } from './periods';

/** Filters the report pages pass through unchanged (rep, region, … ids). */
export type Filters = Partial<Record<'ownerId' | 'departmentId' | 'regionId' | 'productId' | 'categoryId' | 'customerId', string>>;

export const reportQuery = (range: Range, groupBy: StatGroup, filters: Filters = {}, top?: number): QueryParams => ({ from: range.from, to: range.to, groupBy, ...filters, ...(top ? { top } : {}) });

/** `top`: only the largest rows and one for the rest (a breakdown by customer: thousands of rows are for the export). */
export function useSalesReport(range: Range, groupBy: StatGroup, filters: Filters = {}, enabled = true, top?: number) {
  const query = reportQuery(range, groupBy, filters, top);
  return useQuery({ queryKey: ['statistics', 'sales', query], queryFn: () => api.get<SalesReport>('/api/v1/statistics/sales', query), placeholderData: keepPreviousData, enabled });
}

export function usePivot(query: QueryParams, enabled = true) {
  return useQuery({ queryKey: ['statistics', 'pivot', query], queryFn: () => api.get<Pivot>('/api/v1/statistics/pivot', query), placeholderData: keepPreviousData, enabled });
}

export function useViews(kind: ViewKind) {
  return useQuery({ queryKey: ['statistics', 'views', kind], queryFn: () => api.get<{ items: ReportView[] }>('/api/v1/statistics/views', { kind }) });
}
