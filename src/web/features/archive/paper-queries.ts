import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { LocationDto } from '../../api/archive-paper.types';
import { ARCHIVE_API, archiveKey } from './queries';

export const locationsKey = [...archiveKey, 'locations'] as const;
export const paperKey = [...archiveKey, 'paper'] as const;
export const stocktakesKey = [...archiveKey, 'stocktakes'] as const;

/** Every location (archived ones too, flagged): a tree of tens to hundreds, cached. */
export function useLocations() {
  return useQuery({ queryKey: locationsKey, queryFn: async () => (await api.get<{ items: LocationDto[] }>(`${ARCHIVE_API}/locations`, { includeArchived: 'true' })).items, staleTime: 60_000 });
}

/** The labels sheet (PDF, shown by the browser) of some items or of every item in a location. */
export const labelsUrl = (q: { ids?: string[]; locationId?: string }) =>
  `${ARCHIVE_API}/paper/labels.pdf?${q.ids ? `ids=${q.ids.join(',')}` : `locationId=${q.locationId}`}`;
