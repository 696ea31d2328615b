import { z } from 'zod';
import { line, requiredLine, text, uuid, version } from '../../platform/schema/common.schema';

/**
 * The electronic document archive: documents (each a chain of file versions) with a
 * type, a category, tags, links to customers/contracts/orders and a confidentiality
 * level. Imports only zod: the web reuses these.
 */
export const confidentiality = z.enum(['internal', 'confidential', 'secret']);
export const extractionStatus = z.enum(['pending', 'done', 'empty', 'encrypted', 'failed', 'unsupported']);
const day = z.iso.date();
const typeCode = z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40), starting with a letter');
const tag = requiredLine(50);

// ---------------------------------------------------------------- types

export const documentTypeDto = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameZh: z.string(),
  retentionMonths: z.number().int().nullable(),
  sort: z.number().int(),
  isActive: z.boolean(),
  version: z.number().int(),
});
export type DocumentTypeDto = z.infer<typeof documentTypeDto>;

export const createTypeBody = z
  .object({
    code: typeCode,
    nameEn: requiredLine(100),
    nameZh: requiredLine(100),
    retentionMonths: z.number().int().min(1).max(1200).nullable().optional(),
    sort: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type CreateTypeInput = z.infer<typeof createTypeBody>;

export const updateTypeBody = createTypeBody.omit({ code: true }).partial().extend({ isActive: z.boolean().optional(), version }).strict();
export type UpdateTypeInput = z.infer<typeof updateTypeBody>;
export const typeParams = z.object({ code: typeCode }).strict();

// ---------------------------------------------------------------- categories

export const categoryDto = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  nameEn: z.string(),
  nameZh: z.string(),
  sort: z.number().int(),
  version: z.number().int(),
});
export type CategoryDto = z.infer<typeof categoryDto>;

export const createCategoryBody = z
  .object({ parentId: uuid.nullable().optional(), nameEn: requiredLine(100), nameZh: requiredLine(100), sort: z.number().int().min(0).max(100_000).optional() })
  .strict();
export type CreateCategoryInput = z.infer<typeof createCategoryBody>;
export const updateCategoryBody = createCategoryBody.partial().extend({ version }).strict();
export type UpdateCategoryInput = z.infer<typeof updateCategoryBody>;

// ---------------------------------------------------------------- documents

/** The metadata of an upload (multipart field "metadata", JSON) and of an edit. */
export const documentMetadata = z
  .object({
    /** Default: the file name without its extension (each file's own when several are uploaded). */
    title: requiredLine(300).optional(),
    typeCode: typeCode.optional(),
    categoryId: uuid.nullable().optional(),
    tags: z.array(tag).max(30).optional(),
    documentDate: day.nullable().optional(),
    counterparty: line(200).optional(),
    notes: text(5000).optional(),
    confidentiality: confidentiality.optional(),
    customerIds: z.array(uuid).max(50).optional(),
    contractIds: z.array(uuid).max(50).optional(),
    orderIds: z.array(uuid).max(50).optional(),
  })
  .strict();
export type DocumentMetadata = z.infer<typeof documentMetadata>;

export const updateDocumentBody = documentMetadata.omit({ confidentiality: true }).extend({ version }).strict();
export type UpdateDocumentInput = z.infer<typeof updateDocumentBody>;

export const setConfidentialityBody = z.object({ level: confidentiality, version }).strict();

export const linkDto = z.object({ entityType: z.enum(['customer', 'contract', 'sales_order']), entityId: z.string(), label: z.string().nullable() });

export const versionDto = z.object({
  versionNo: z.number().int(),
  fileId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  comment: z.string(),
  extractionStatus: extractionStatus,
  extractionError: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionDto = z.infer<typeof versionDto>;

export const documentDto = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  typeCode: z.string(),
  categoryId: z.string().nullable(),
  tags: z.array(z.string()),
  documentDate: z.string().nullable(),
  counterparty: z.string(),
  notes: z.string(),
  confidentiality,
  ownerId: z.string().nullable(),
  departmentId: z.string().nullable(),
  currentVersion: versionDto,
  links: z.array(linkDto),
  /** What the caller may do: the web shows only these actions. */
  canEdit: z.boolean(),
  canManageAccess: z.boolean(),
  canPreview: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentDto = z.infer<typeof documentDto>;

export const documentSummaryDto = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  typeCode: z.string(),
  categoryId: z.string().nullable(),
  tags: z.array(z.string()),
  documentDate: z.string().nullable(),
  counterparty: z.string(),
  confidentiality,
  ownerId: z.string().nullable(),
  currentVersion: z.number().int(),
  extractionStatus: extractionStatus,
  updatedAt: z.string(),
});
export type DocumentSummaryDto = z.infer<typeof documentSummaryDto>;

export const searchHitDto = documentSummaryDto.extend({
  /** The text around the first match (title, metadata or extracted text); null without a query. */
  snippet: z.string().nullable(),
});
export type SearchHitDto = z.infer<typeof searchHitDto>;

const csv = (inner: z.ZodType<string, string>) =>
  z
    .string()
    .max(2000)
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(inner).max(30));

export const searchQuery = z
  .object({
    q: line(200).optional(),
    type: csv(typeCode).optional(),
    categoryId: uuid.optional(),
    /** With sub-categories (default) or the category alone. */
    includeSubcategories: z.enum(['true', 'false']).default('true'),
    tag: line(50).optional(),
    customerId: uuid.optional(),
    dateFrom: day.optional(),
    dateTo: day.optional(),
    confidentiality: confidentiality.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuery>;

export const exportDocumentsQuery = searchQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

/** `total` counts only what the caller may see; above 1,000 it stops counting and says so (`totalIsCapped`). */
export const searchResult = z.object({ items: z.array(searchHitDto), total: z.number().int(), totalIsCapped: z.boolean() });

export const linkedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) }).strict();
export const linkedResult = z.object({ items: z.array(documentSummaryDto), total: z.number().int() });

export const retentionQuery = z
  .object({ asOf: day.optional(), type: typeCode.optional(), limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0) })
  .strict();
export const retentionItemDto = documentSummaryDto.extend({ retentionMonths: z.number().int(), reviewDue: z.string() });
export const retentionResult = z.object({ items: z.array(retentionItemDto), total: z.number().int() });

export const grantBody = z
  .object({ userId: uuid.optional(), role: z.enum(['manager', 'assistant', 'rep', 'finance', 'viewer']).optional() })
  .strict()
  .refine((b) => (b.userId === undefined) !== (b.role === undefined), { message: 'give either userId or role', path: ['userId'] });
export type GrantInput = z.infer<typeof grantBody>;

export const grantDto = z.object({ id: z.string(), userId: z.string().nullable(), userName: z.string().nullable(), role: z.string().nullable(), grantedBy: z.string().nullable(), grantedAt: z.string() });
export const grantParams = z.object({ id: uuid, grantId: uuid }).strict();
export const versionParams = z.object({ id: uuid, versionNo: z.coerce.number().int().min(1).max(100_000) }).strict();

export const accessEventDto = z.object({
  at: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  detail: z.unknown(),
});
export const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().min(1).optional() }).strict();
export const historyResult = z.object({ items: z.array(accessEventDto), nextBefore: z.number().int().nullable() });

export const uploadResult = z.object({ items: z.array(documentDto) });
export const newVersionQuery = z.object({ comment: line(500).optional() }).strict();
