import { api } from '../../api-client';
import type { Page, UserDto } from '../../api/types';
import type { en } from '../../i18n/en';

export interface SearchHit {
  key: string;
  title: string;
  description?: string;
  /** Where choosing the hit goes. */
  path: string;
}

/**
 * One kind of thing the header's global search finds. Later modules (customers,
 * documents, orders) add a provider here; each is asked only when the user has
 * its permission, and all are asked at once.
 */
export interface SearchProvider {
  kind: string;
  label: `search.${keyof typeof en.search}`;
  permission: string;
  search: (q: string, signal: AbortSignal) => Promise<SearchHit[]>;
}

export const searchProviders: SearchProvider[] = [
  {
    kind: 'people',
    label: 'search.people',
    permission: 'users:read',
    search: async (q, signal) => {
      const page = await api.get<Page<UserDto>>('/api/v1/users', { q, limit: 6 }, { signal });
      return page.items.map((u) => ({
        key: u.id,
        title: u.displayName,
        description: [u.email, u.departmentName].filter(Boolean).join(' · '),
        path: `/people/${u.id}`,
      }));
    },
  },
];
