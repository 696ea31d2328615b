import { useQuery } from '@tanstack/react-query';
import { api } from '../../api-client';
import type { ArchiveCategoryDto, DocumentDto, DocumentTypeDto } from '../../api/archive.types';

export const archiveKey = ['archive'] as const;
export const typesKey = [...archiveKey, 'types'] as const;
export const categoriesKey = [...archiveKey, 'categories'] as const;
export const documentsKey = [...archiveKey, 'documents'] as const;
export const documentKey = (id: string | undefined) => [...documentsKey, 'one', id] as const;

export const grantsKey = (id: string) => [...documentKey(id), 'grants'] as const;
export const historyKey = (id: string) => [...documentKey(id), 'history'] as const;
export const versionsKey = (id: string) => [...documentKey(id), 'versions'] as const;

export const ARCHIVE_API = '/api/v1/archive';
export const documentPath = (id: string) => `${ARCHIVE_API}/documents/${id}`;

/** Every document type, retired ones included (flagged): there are a handful, cached. */
export function useDocumentTypes() {
  return useQuery({ queryKey: typesKey, queryFn: async () => (await api.get<{ items: DocumentTypeDto[] }>(`${ARCHIVE_API}/types`)).items, staleTime: 60_000 });
}

/** The category tree as flat rows (tens to hundreds), cached. */
export function useArchiveCategories() {
  return useQuery({ queryKey: categoriesKey, queryFn: async () => (await api.get<{ items: ArchiveCategoryDto[] }>(`${ARCHIVE_API}/categories`)).items, staleTime: 60_000 });
}

/** One document; each load is a view in its access history, so it is not refetched on focus. */
export function useDocument(id: string | undefined) {
  return useQuery({ queryKey: documentKey(id), queryFn: () => api.get<DocumentDto>(documentPath(id!)), enabled: !!id, refetchOnWindowFocus: false });
}
