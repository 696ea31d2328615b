import type { Confidentiality } from '../../api/archive.types';

/** The search page's form values. */
export type SearchFilters = {
  q?: string;
  type?: string[];
  categoryId?: string;
  includeSubcategories?: boolean;
  tag?: string;
  customerId?: string;
  documentDate?: [string, string];
  confidentiality?: Confidentiality;
};

const trimmed = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** The form's values as the search endpoint's query: only its own names, no empty strings (the query is strict). */
export function toSearchQuery(f: SearchFilters): Record<string, string | undefined> {
  return {
    q: trimmed(f.q),
    type: f.type?.length ? f.type.join(',') : undefined,
    categoryId: f.categoryId || undefined,
    includeSubcategories: f.categoryId && f.includeSubcategories === false ? 'false' : undefined,
    tag: trimmed(f.tag),
    customerId: f.customerId || undefined,
    dateFrom: f.documentDate?.[0] || undefined,
    dateTo: f.documentDate?.[1] || undefined,
    confidentiality: f.confidentiality || undefined,
  };
}
