import { useQuery } from '@tanstack/react-query';
import { api, uploadFile, type ActionKey } from '../../api-client';
import type { Page } from '../../api/types';
import type { ImportBatch, ImportBatchStatus, ImportCheckResult, ImportKind, ImportMapping, ImportOptions, ImportPreview, ImportRowError, ImportTemplate, ImportUploaded } from '../../api/imports.types';

export const importsKey = ['imports'] as const;

export function fetchBatchesPage(f: { kind?: ImportKind; status?: ImportBatchStatus }, cursor: string | undefined, limit: number): Promise<Page<ImportBatch>> {
  return api.get<Page<ImportBatch>>('/api/v1/imports', { kind: f.kind, status: f.status, cursor, limit });
}

export function fetchErrorsPage(batchId: string, cursor: string | undefined, limit: number): Promise<Page<ImportRowError>> {
  return api.get<Page<ImportRowError>>(`/api/v1/imports/${batchId}/errors`, { cursor, limit });
}

/** A batch; while it is importing the query polls, so a progress bar follows the background job. */
export function useBatch(id: string | undefined, opts: { pollWhileImporting?: boolean } = {}) {
  return useQuery({
    queryKey: [...importsKey, 'batch', id],
    queryFn: () => api.get<ImportBatch>(`/api/v1/imports/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (opts.pollWhileImporting && q.state.data?.status === 'importing' ? 1000 : false),
  });
}

export function usePreview(id: string | undefined, enabled: boolean) {
  return useQuery({ queryKey: [...importsKey, 'preview', id], queryFn: () => api.get<ImportPreview>(`/api/v1/imports/${id}/preview`), enabled: !!id && enabled });
}

export function useTemplates(kind: ImportKind) {
  return useQuery({
    queryKey: [...importsKey, 'templates', kind],
    queryFn: async () => (await api.get<{ items: ImportTemplate[] }>('/api/v1/import-templates', { kind })).items,
  });
}

export function uploadImportFile(file: File, kind: ImportKind): Promise<ImportUploaded> {
  return uploadFile<ImportUploaded>(file, { kind }, { path: '/api/v1/imports/upload' });
}

/** The server's suggestion for headers (English and Chinese names): used to start over after loading a template. */
export async function suggestMapping(kind: ImportKind, headers: string[]): Promise<ImportMapping> {
  return (await api.post<{ mapping: ImportMapping }>('/api/v1/imports/suggest-mapping', { kind, headers })).mapping;
}

export function dryRun(id: string, mapping: ImportMapping, key: ActionKey, options: ImportOptions = {}): Promise<ImportCheckResult> {
  const body = { mapping, options };
  return api.post<ImportCheckResult>(`/api/v1/imports/${id}/dry-run`, body, { idempotencyKey: key.for({ id, ...body }) });
}

/** Always as a background job: the page shows its progress instead of waiting on one long request. */
export function runImport(id: string, mapping: ImportMapping, key: ActionKey, options: ImportOptions = {}): Promise<ImportCheckResult> {
  const body = { mapping, options: { ...options, background: true } };
  return api.post<ImportCheckResult>(`/api/v1/imports/${id}/run`, body, { idempotencyKey: key.for({ id, ...body }) });
}

export function undoImport(id: string, key: ActionKey): Promise<ImportBatch> {
  return api.post<ImportBatch>(`/api/v1/imports/${id}/undo`, {}, { idempotencyKey: key.for({ undo: id }) });
}

export function saveTemplate(kind: ImportKind, name: string, mapping: ImportMapping, key: ActionKey): Promise<ImportTemplate> {
  const body = { kind, name, mapping };
  return api.post<ImportTemplate>('/api/v1/import-templates', body, { idempotencyKey: key.for(body) });
}

export function deleteTemplate(id: string): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/v1/import-templates/${id}`);
}
