// Types of the archive API (documents, versions, types, categories, grants, access history),
// inferred from the server's zod schemas with type-only imports: a changed DTO is a compile error here.
import type { z } from 'zod';
import type {
  accessEventDto,
  categoryDto,
  confidentiality,
  createCategoryBody,
  createTypeBody,
  documentDto,
  documentMetadata,
  documentSummaryDto,
  documentTypeDto,
  extractionStatus,
  grantBody,
  grantDto,
  historyResult,
  linkDto,
  linkedResult,
  retentionItemDto,
  retentionResult,
  searchHitDto,
  searchQuery,
  searchResult,
  updateCategoryBody,
  updateDocumentBody,
  updateTypeBody,
  uploadResult,
  versionDto,
} from '../../server/modules/archive/archive.schema';

export type Confidentiality = z.infer<typeof confidentiality>;
export type ExtractionStatus = z.infer<typeof extractionStatus>;
export type DocumentTypeDto = z.infer<typeof documentTypeDto>;
export type CreateTypeInput = z.input<typeof createTypeBody>;
export type UpdateTypeInput = z.input<typeof updateTypeBody>;
export type ArchiveCategoryDto = z.infer<typeof categoryDto>;
export type CreateArchiveCategoryInput = z.input<typeof createCategoryBody>;
export type UpdateArchiveCategoryInput = z.input<typeof updateCategoryBody>;
export type DocumentMetadata = z.input<typeof documentMetadata>;
export type UpdateDocumentInput = z.input<typeof updateDocumentBody>;
export type DocumentDto = z.infer<typeof documentDto>;
export type DocumentLink = z.infer<typeof linkDto>;
export type DocumentSummary = z.infer<typeof documentSummaryDto>;
export type VersionDto = z.infer<typeof versionDto>;
export type SearchHit = z.infer<typeof searchHitDto>;
export type SearchQuery = Partial<z.input<typeof searchQuery>>;
export type SearchResult = z.infer<typeof searchResult>;
export type LinkedResult = z.infer<typeof linkedResult>;
export type RetentionItem = z.infer<typeof retentionItemDto>;
export type RetentionResult = z.infer<typeof retentionResult>;
export type GrantInput = z.input<typeof grantBody>;
export type GrantDto = z.infer<typeof grantDto>;
export type AccessEvent = z.infer<typeof accessEventDto>;
export type HistoryResult = z.infer<typeof historyResult>;
export type UploadResult = z.infer<typeof uploadResult>;

