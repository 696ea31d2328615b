// Imports API types, inferred from the server's zod schemas (type-only: nothing of zod is bundled).
import type { z } from 'zod';
import type { importBatchDto, importErrorDto, importKind, ImportOptionsInput, previewDto, templateDto } from '../../server/modules/imports/imports.schema';

export type ImportKind = z.infer<typeof importKind>;
export type ImportBatch = z.infer<typeof importBatchDto>;
export type ImportBatchStatus = ImportBatch['status'];
export type ImportRowError = z.infer<typeof importErrorDto>;
export type ImportPreview = z.infer<typeof previewDto>;
export type ImportTemplate = z.infer<typeof templateDto>;
export type ImportMapping = Record<string, string>;
export type ImportOptions = Partial<ImportOptionsInput>;

/** POST /api/v1/imports/upload: the new batch and the first rows of its file. */
export interface ImportUploaded {
  batch: ImportBatch;
  preview: ImportPreview;
}

/** POST /api/v1/imports/:id/dry-run and /run (run adds `queued`: true when it became a background job). */
export interface ImportCheckResult {
  batch: ImportBatch;
  errors: ImportRowError[];
  queued?: boolean;
}

export const IMPORT_KINDS: readonly ImportKind[] = ['orders', 'customers', 'contacts', 'products'];
export const IMPORT_STATUSES: readonly ImportBatchStatus[] = ['uploaded', 'validated', 'importing', 'imported', 'failed', 'undone'];
