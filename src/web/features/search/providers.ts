import { api } from '../../api-client';

export interface SearchHit {
  kind: string;
  id: string;
  title: string;
  subtitle?: string | null;
  /** Where choosing the hit goes (a web route, e.g. /people/<id>). */
  link: string;
}

/**
 * The header's global search asks the server (GET /api/v1/search), which asks every
 * module's search provider and applies record rules — a record the user may not see
 * is never a hit. A module adds a kind on the server and a label under search.kinds.
 */
export async function searchEverything(q: string, signal: AbortSignal): Promise<SearchHit[]> {
  const res = await api.get<{ items: SearchHit[] }>('/api/v1/search', { q, limit: 5 }, { signal });
  return res.items;
}
