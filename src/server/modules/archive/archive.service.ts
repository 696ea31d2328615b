import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { AppError, deniedAsNotFound, fieldError, notFound, versionConflict } from '../../http/app-error';
import type { Actor } from '../../platform/access/actor';
import { can, requirePermission } from '../../platform/access/guard';
import { recordAudit } from '../../platform/audit/audit.service';
import { canReadEntity, entityLabel, registerEntity } from '../../platform/files/entity-access';
import type { FileStores } from '../../platform/files/file-store';
import { isPreviewable, storeStagedFile, type StagedUpload } from '../../platform/files/files.service';
import { defineQueue } from '../../platform/jobs/jobs.registry';
import { enqueue } from '../../platform/jobs/jobs.service';
import { nextNumber } from '../../platform/numbering/numbering.service';
import { archiveVisibility, canEditDocument, isOwnerOrAdmin, type ArchiveVisibility } from './archive.access';
import { extractText, type Extraction } from './archive.extract';
import { registerArchiveSearch } from './archive.search';
import {
  findDocument,
  isDocumentVisible,
  likePattern,
  linkRows,
  lockDocument,
  refreshSearchText,
  searchSources,
  summaryColumns,
  versionRows,
  visibleDocuments,
  type Db,
  type DocumentRow,
  type Trx,
  type VersionRow,
} from './archive.repo';
import type {
  CategoryDto,
  CreateCategoryInput,
  CreateTypeInput,
  DocumentDto,
  DocumentMetadata,
  DocumentSummaryDto,
  DocumentTypeDto,
  GrantInput,
  SearchHitDto,
  SearchQuery,
  UpdateCategoryInput,
  UpdateDocumentInput,
  UpdateTypeInput,
  VersionDto,
} from './archive.schema';
import { registerPaperWorkbench } from './archive.paper.service';
import { watermark, watermarkLine } from './archive.watermark';
import { subtreeIds } from '../../db/subtree';

export const ARCHIVE_DOCUMENT = 'archive_document';
export const EXTRACT_QUEUE = 'archive.extract';
const ENTITY_OF = { customerIds: 'customer', contractIds: 'contract', orderIds: 'sales_order' } as const;

let stores: FileStores | undefined;
/** The file stores the routes were built with; the extraction job reads versions through them. */
export function setArchiveFileStores(s: FileStores): void {
  stores = s;
}

const iso = (d: Date | string) => new Date(d).toISOString();

// ---------------------------------------------------------------- registration

/** Record access for the shared services (tasks, links, timeline) and the extraction job. Files are not attached to documents through the files service: versions are the way in. */
export function registerArchive(): void {
  registerEntity(ARCHIVE_DOCUMENT, {
    async canRead(db, actor, id) {
      if (!/^[0-9a-f-]{36}$/i.test(id) || !can(actor, 'archive:read')) return false;
      return isDocumentVisible(db, await archiveVisibility(db, actor), id);
    },
    canAttach: async () => false,
    label: async (db, id) => (await findDocument(db, id))?.number,
    link: (id) => `/archive/documents/${id}`,
  });
  registerPaperWorkbench();
  registerArchiveSearch();
  defineQueue<{ versionId: string }>({ queue: EXTRACT_QUEUE, maxAttempts: 3, backoffSeconds: 30, handler: async (ctx, p) => extractVersionText(ctx.db, p.versionId) });
}

/**
 * The background half of an upload: the version's text is extracted and, when it is
 * still the current version, becomes searchable. A file that yields no text keeps its
 * status and reason; only an unreadable store makes the job retry.
 */
export async function extractVersionText(db: Kysely<Database>, versionId: string): Promise<void> {
  if (!stores) throw new Error('archive file stores are not configured');
  const v = await db
    .selectFrom('archive_document_versions as v')
    .innerJoin('files as f', 'f.id', 'v.file_id')
    .innerJoin('file_blobs as b', 'b.sha256', 'f.sha256')
    .select(['v.id', 'v.document_id', 'v.version_no', 'f.sha256', 'f.mime', 'b.store'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  if (!v) return;
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'salesdesk-extract-'));
  try {
    const tmp = path.join(dir, 'content');
    await pipeline(await stores.byKind(v.store).read(db, v.sha256), fs.createWriteStream(tmp));
    await saveExtraction(db, v.id, await extractText(tmp, v.mime));
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** Files a version's extracted text; when it is the current version, the document becomes searchable by it. */
export async function saveExtraction(db: Kysely<Database>, versionId: string, result: Extraction): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const v = await trx.updateTable('archive_document_versions').set({ extraction_status: result.status, extracted_text: result.text, extraction_error: result.error }).where('id', '=', versionId).returning(['document_id', 'version_no']).executeTakeFirstOrThrow();
    const doc = await trx.selectFrom('archive_documents').select('current_version').where('id', '=', v.document_id).forUpdate().executeTakeFirstOrThrow();
    if (doc.current_version === v.version_no) await refreshSearchText(trx, v.document_id);
  });
}

// ---------------------------------------------------------------- types and categories

const toTypeDto = (r: { code: string; name_en: string; name_zh: string; retention_months: number | null; sort: number; is_active: boolean; version: number }): DocumentTypeDto => ({
  code: r.code,
  nameEn: r.name_en,
  nameZh: r.name_zh,
  retentionMonths: r.retention_months,
  sort: r.sort,
  isActive: r.is_active,
  version: r.version,
});

export async function listTypes(db: Db, actor: Actor): Promise<DocumentTypeDto[]> {
  requirePermission(actor, 'archive:read');
  return (await db.selectFrom('archive_document_types').selectAll().orderBy('sort').orderBy('code').execute()).map(toTypeDto);
}

/** A new document type (archive:manage); codes are permanent, names and retention editable. */
export async function createType(db: Kysely<Database>, actor: Actor, input: CreateTypeInput): Promise<DocumentTypeDto> {
  requirePermission(actor, 'archive:manage');
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('archive_document_types').select('code').where('code', '=', input.code).executeTakeFirst();
    if (exists) throw new AppError('duplicate', 'A document type with this code exists', { fields: [{ field: 'code', code: 'duplicate', message: 'already exists' }] });
    const row = await trx
      .insertInto('archive_document_types')
      .values({ code: input.code, name_en: input.nameEn, name_zh: input.nameZh, retention_months: input.retentionMonths ?? null, sort: input.sort ?? 0, updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'archive_type.create', entityType: 'archive_type', entityId: row.code, after: toTypeDto(row) });
    return toTypeDto(row);
  });
}

/** Renames a type, changes its retention period or retires it (retired types stay on their documents). */
export async function updateType(db: Kysely<Database>, actor: Actor, code: string, input: UpdateTypeInput): Promise<DocumentTypeDto> {
  requirePermission(actor, 'archive:manage');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('archive_document_types').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
    if (!before) throw notFound('archive_type', code);
    if (before.version !== input.version) throw versionConflict('archive_type');
    const row = await trx
      .updateTable('archive_document_types')
      .set({
        ...(input.nameEn !== undefined && { name_en: input.nameEn }),
        ...(input.nameZh !== undefined && { name_zh: input.nameZh }),
        ...(input.retentionMonths !== undefined && { retention_months: input.retentionMonths }),
        ...(input.sort !== undefined && { sort: input.sort }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'archive_type.update', entityType: 'archive_type', entityId: code, before: toTypeDto(before), after: toTypeDto(row) });
    return toTypeDto(row);
  });
}

const toCategoryDto = (r: { id: string; parent_id: string | null; name_en: string; name_zh: string; sort: number; version: number }): CategoryDto => ({
  id: r.id,
  parentId: r.parent_id,
  nameEn: r.name_en,
  nameZh: r.name_zh,
  sort: r.sort,
  version: r.version,
});

/** The whole category tree, flat (parentId links); the web builds the tree. */
export async function listCategories(db: Db, actor: Actor): Promise<CategoryDto[]> {
  requirePermission(actor, 'archive:read');
  return (await db.selectFrom('archive_categories').selectAll().orderBy('sort').orderBy('name_en').execute()).map(toCategoryDto);
}

async function checkParent(trx: Trx, parentId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentId) return;
  const parent = await trx.selectFrom('archive_categories').select('id').where('id', '=', parentId).executeTakeFirst();
  if (!parent) throw fieldError('parentId', 'not_found', 'No such category');
  if (selfId && (await subtreeIds(trx, 'archive_categories', selfId)).includes(parentId)) throw fieldError('parentId', 'cycle', 'A category cannot be moved under itself or its sub-categories');
}

export async function createCategory(db: Kysely<Database>, actor: Actor, input: CreateCategoryInput): Promise<CategoryDto> {
  requirePermission(actor, 'archive:manage');
  return db.transaction().execute(async (trx) => {
    await checkParent(trx, input.parentId);
    const row = await trx
      .insertInto('archive_categories')
      .values({ parent_id: input.parentId ?? null, name_en: input.nameEn, name_zh: input.nameZh, sort: input.sort ?? 0, updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'archive_category.create', entityType: 'archive_category', entityId: row.id, after: toCategoryDto(row) });
    return toCategoryDto(row);
  });
}

/** Renames or moves a category (never under itself). */
export async function updateCategory(db: Kysely<Database>, actor: Actor, id: string, input: UpdateCategoryInput): Promise<CategoryDto> {
  requirePermission(actor, 'archive:manage');
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('archive_categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('archive_category', id);
    if (before.version !== input.version) throw versionConflict('archive_category');
    await checkParent(trx, input.parentId, id);
    const row = await trx
      .updateTable('archive_categories')
      .set({
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.nameEn !== undefined && { name_en: input.nameEn }),
        ...(input.nameZh !== undefined && { name_zh: input.nameZh }),
        ...(input.sort !== undefined && { sort: input.sort }),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'archive_category.update', entityType: 'archive_category', entityId: id, before: toCategoryDto(before), after: toCategoryDto(row) });
    return toCategoryDto(row);
  });
}

// ---------------------------------------------------------------- mapping

const toVersionDto = (v: VersionRow): VersionDto => ({
  versionNo: v.version_no,
  fileId: v.file_id,
  fileName: v.file_name,
  mime: v.mime,
  size: Number(v.size),
  sha256: v.sha256,
  comment: v.comment,
  extractionStatus: v.extraction_status,
  extractionError: v.extraction_error,
  createdBy: v.created_by,
  createdAt: iso(v.created_at),
});

type SummaryRow = Pick<DocumentRow, 'id' | 'number' | 'title' | 'type_code' | 'category_id' | 'tags' | 'document_date' | 'counterparty' | 'confidentiality' | 'owner_id' | 'current_version' | 'updated_at'> & {
  extraction_status: VersionDto['extractionStatus'];
};

const toSummaryDto = (r: SummaryRow): DocumentSummaryDto => ({
  id: r.id,
  number: r.number,
  title: r.title,
  typeCode: r.type_code,
  categoryId: r.category_id,
  tags: r.tags,
  documentDate: r.document_date,
  counterparty: r.counterparty,
  confidentiality: r.confidentiality,
  ownerId: r.owner_id,
  currentVersion: r.current_version,
  extractionStatus: r.extraction_status,
  updatedAt: iso(r.updated_at),
});

async function toDocumentDto(db: Db, actor: Actor, doc: DocumentRow): Promise<DocumentDto> {
  const versions = await versionRows(db, doc.id).where('v.version_no', '=', doc.current_version).execute();
  const links = await linkRows(db, doc.id);
  const current = toVersionDto(versions[0]);
  return {
    id: doc.id,
    number: doc.number,
    title: doc.title,
    typeCode: doc.type_code,
    categoryId: doc.category_id,
    tags: doc.tags,
    documentDate: doc.document_date,
    counterparty: doc.counterparty,
    notes: doc.notes,
    confidentiality: doc.confidentiality,
    ownerId: doc.owner_id,
    departmentId: doc.department_id,
    currentVersion: current,
    links: await Promise.all(links.map(async (l) => ({ entityType: l.entity_type, entityId: l.entity_id, label: (await entityLabel(db, l.entity_type, l.entity_id)).label ?? null }))),
    canEdit: canEditDocument(actor, doc),
    canManageAccess: isOwnerOrAdmin(actor, doc),
    canPreview: isPreviewable(current.mime),
    version: doc.version,
    createdAt: iso(doc.created_at),
    updatedAt: iso(doc.updated_at),
  };
}

// ---------------------------------------------------------------- reading one document

/** A document the actor may read: 404 (audited as a denial) when it exists but is hidden from them. */
async function loadVisible(db: Db, actor: Actor, id: string): Promise<{ doc: DocumentRow; v: ArchiveVisibility }> {
  const v = await archiveVisibility(db, actor);
  const doc = await findDocument(db, id);
  if (!doc) throw notFound(ARCHIVE_DOCUMENT, id);
  if (!(await isDocumentVisible(db, v, id))) throw deniedAsNotFound(ARCHIVE_DOCUMENT, id);
  return { doc, v };
}

/** A document's detail; every view is written to the audit log (its access history). */
export async function getDocument(db: Kysely<Database>, actor: Actor, id: string): Promise<DocumentDto> {
  const { doc } = await loadVisible(db, actor, id);
  await recordAudit(db, actor, { action: 'archive_document.view', entityType: ARCHIVE_DOCUMENT, entityId: id });
  return toDocumentDto(db, actor, doc);
}

export async function listVersions(db: Db, actor: Actor, id: string): Promise<VersionDto[]> {
  await loadVisible(db, actor, id);
  return (await versionRows(db, id).execute()).map(toVersionDto);
}

export interface OpenedContent {
  stream: Readable;
  size: number;
  mime: string;
  fileName: string;
  watermarked: boolean;
}

/**
 * A version's content for download or preview (the current one when no number is
 * given), audited. A confidential or secret PDF or image opened by anyone but its
 * owner comes watermarked with the reader and the time; when no watermark can be
 * made (an encrypted or damaged PDF, a GIF), it is not handed out at all (409).
 */
export async function openDocumentContent(db: Kysely<Database>, fileStores: FileStores, actor: Actor, id: string, versionNo: number | undefined, how: 'download' | 'preview'): Promise<OpenedContent> {
  const { doc } = await loadVisible(db, actor, id);
  const wanted = versionNo ?? doc.current_version;
  const v = await versionRows(db, id).where('v.version_no', '=', wanted).executeTakeFirst();
  if (!v) throw notFound('archive_document_version', `${id}/${wanted}`);
  if (how === 'preview' && !isPreviewable(v.mime)) throw new AppError('unsupported_media_type', 'Only images and PDFs can be previewed; download it instead');
  const blob = await db.selectFrom('file_blobs').select('store').where('sha256', '=', v.sha256).executeTakeFirstOrThrow();
  const store = fileStores.byKind(blob.store);
  if (!(await store.has(db, v.sha256))) throw new AppError('internal', `The content of version ${wanted} of document ${id} is missing from the ${blob.store} store`);
  const needsMark = doc.confidentiality !== 'internal' && doc.owner_id !== actor.userId && (v.mime === 'application/pdf' || v.mime.startsWith('image/'));
  const at = new Date();
  if (needsMark) {
    const chunks: Buffer[] = [];
    for await (const c of await store.read(db, v.sha256)) chunks.push(Buffer.from(c));
    const marked = await watermark(Buffer.concat(chunks), v.mime, v.file_name, watermarkLine(actor, at));
    if (!marked.ok) throw new AppError('conflict', `This confidential file cannot be handed out without a watermark: ${marked.reason}`, { detail: { reason: 'watermark_unavailable' } });
    await recordAudit(db, actor, { action: `archive_document.${how}`, entityType: ARCHIVE_DOCUMENT, entityId: id, after: { versionNo: wanted, watermarked: true, at: iso(at) } });
    return { stream: Readable.from([marked.data]), size: marked.data.length, mime: marked.mime, fileName: marked.fileName, watermarked: true };
  }
  await recordAudit(db, actor, { action: `archive_document.${how}`, entityType: ARCHIVE_DOCUMENT, entityId: id, after: { versionNo: wanted, watermarked: false } });
  return { stream: await store.read(db, v.sha256), size: Number(v.size), mime: v.mime, fileName: v.file_name, watermarked: false };
}

// ---------------------------------------------------------------- writing

/** Checks the links of a document: each record must exist and be visible to the actor; contracts and orders bring their customer along. */
async function resolveLinks(db: Db, actor: Actor, meta: Pick<DocumentMetadata, 'customerIds' | 'contractIds' | 'orderIds'>): Promise<{ entity_type: 'customer' | 'contract' | 'sales_order'; entity_id: string }[]> {
  const out = new Map<string, { entity_type: 'customer' | 'contract' | 'sales_order'; entity_id: string }>();
  const add = (entity_type: 'customer' | 'contract' | 'sales_order', entity_id: string) => out.set(`${entity_type}:${entity_id}`, { entity_type, entity_id });
  for (const field of ['customerIds', 'contractIds', 'orderIds'] as const) {
    const type = ENTITY_OF[field];
    for (const [i, id] of (meta[field] ?? []).entries()) {
      if (!(await canReadEntity(db, actor, type, id))) throw fieldError(`${field}.${i}`, 'not_found', `No such ${type.replace('_', ' ')}`);
      add(type, id);
      if (type !== 'customer') {
        const row = await db.selectFrom(type === 'contract' ? 'contracts' : 'sales_orders').select('customer_id').where('id', '=', id).executeTakeFirst();
        if (row) add('customer', row.customer_id);
      }
    }
  }
  return [...out.values()];
}

async function checkTypeAndCategory(db: Db, meta: Pick<DocumentMetadata, 'typeCode' | 'categoryId'>): Promise<void> {
  if (meta.typeCode !== undefined) {
    const t = await db.selectFrom('archive_document_types').select(['code', 'is_active']).where('code', '=', meta.typeCode).executeTakeFirst();
    if (!t || !t.is_active) throw fieldError('typeCode', 'not_found', 'No such document type');
  }
  if (meta.categoryId) {
    const c = await db.selectFrom('archive_categories').select('id').where('id', '=', meta.categoryId).executeTakeFirst();
    if (!c) throw fieldError('categoryId', 'not_found', 'No such category');
  }
}

const titleFromFileName = (name: string) => name.replace(/\.[^.]{1,8}$/, '').slice(0, 300) || name;
const cleanTags = (tags: string[] | undefined) => [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];

/**
 * Files one or many uploads, each as a document with the same metadata (its own file
 * name as title unless one file has a given title). All or nothing: every file was
 * checked before this runs, and documents, versions, links and extraction jobs are
 * written in one transaction.
 */
export async function createDocuments(db: Kysely<Database>, fileStores: FileStores, actor: Actor, files: StagedUpload[], meta: DocumentMetadata): Promise<DocumentDto[]> {
  requirePermission(actor, 'archive:write');
  if (files.length === 0) throw fieldError('file', 'required', 'is required');
  if (meta.title && files.length > 1) throw fieldError('title', 'one_file_only', 'A title can be given only when one file is uploaded; each file is titled by its name');
  await checkTypeAndCategory(db, meta);
  const links = await resolveLinks(db, actor, meta);
  const ids = await db.transaction().execute(async (trx) => {
    const created: string[] = [];
    for (const staged of files) {
      const file = await storeStagedFile(trx, fileStores, actor, staged);
      const doc = await trx
        .insertInto('archive_documents')
        .values({
          number: await nextNumber(trx, 'archive_document', new Date().getFullYear(), 'DOC'),
          title: meta.title ?? titleFromFileName(file.name),
          type_code: meta.typeCode ?? 'other',
          category_id: meta.categoryId ?? null,
          tags: cleanTags(meta.tags),
          document_date: meta.documentDate ?? null,
          counterparty: meta.counterparty ?? '',
          notes: meta.notes ?? '',
          confidentiality: meta.confidentiality ?? 'internal',
          owner_id: actor.userId,
          department_id: actor.departmentId,
          updated_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const version = await trx.insertInto('archive_document_versions').values({ document_id: doc.id, version_no: 1, file_id: file.id, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
      if (links.length) await trx.insertInto('archive_document_links').values(links.map((l) => ({ document_id: doc.id, ...l }))).execute();
      await refreshSearchText(trx, doc.id);
      await enqueue(trx, EXTRACT_QUEUE, { versionId: version.id });
      await recordAudit(trx, actor, {
        action: 'archive_document.upload',
        entityType: ARCHIVE_DOCUMENT,
        entityId: doc.id,
        after: { number: doc.number, title: doc.title, typeCode: doc.type_code, confidentiality: doc.confidentiality, fileId: file.id, links },
      });
      created.push(doc.id);
    }
    return created;
  });
  return Promise.all(ids.map(async (id) => toDocumentDto(db, actor, (await findDocument(db, id))!)));
}

/** Locks a document for a change: 404 when hidden, 403 when the caller may read but not edit it, 409 on a stale version. */
async function lockForEdit(trx: Trx, actor: Actor, id: string, expectedVersion: number | undefined, rule: 'edit' | 'access'): Promise<DocumentRow> {
  const v = await archiveVisibility(trx, actor);
  const doc = await lockDocument(trx, id);
  if (!doc) throw notFound(ARCHIVE_DOCUMENT, id);
  if (!(await isDocumentVisible(trx, v, id))) throw deniedAsNotFound(ARCHIVE_DOCUMENT, id);
  if (rule === 'edit') {
    requirePermission(actor, 'archive:write');
    if (!canEditDocument(actor, doc)) throw new AppError('forbidden', 'Only the owner or an admin may change a confidential document');
  } else if (!isOwnerOrAdmin(actor, doc)) throw new AppError('forbidden', "Only the document's owner or an admin may change who sees it");
  if (expectedVersion !== undefined && doc.version !== expectedVersion) throw versionConflict(ARCHIVE_DOCUMENT);
  return doc;
}

/** Adds a new version (the old ones stay, downloadable); its text is extracted in the background. */
export async function addVersion(db: Kysely<Database>, fileStores: FileStores, actor: Actor, id: string, staged: StagedUpload, comment: string | undefined): Promise<DocumentDto> {
  await db.transaction().execute(async (trx) => {
    const doc = await lockForEdit(trx, actor, id, undefined, 'edit');
    const file = await storeStagedFile(trx, fileStores, actor, staged);
    const versionNo = doc.current_version + 1;
    const version = await trx.insertInto('archive_document_versions').values({ document_id: id, version_no: versionNo, file_id: file.id, comment: comment ?? '', created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('archive_documents').set({ current_version: versionNo, version: doc.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await refreshSearchText(trx, id);
    await enqueue(trx, EXTRACT_QUEUE, { versionId: version.id });
    await recordAudit(trx, actor, { action: 'archive_document.version', entityType: ARCHIVE_DOCUMENT, entityId: id, after: { versionNo, fileId: file.id, comment: comment ?? '' } });
  });
  return toDocumentDto(db, actor, (await findDocument(db, id))!);
}

/** Edits metadata and links (links given replace the old ones of that kind). */
export async function updateDocument(db: Kysely<Database>, actor: Actor, id: string, input: UpdateDocumentInput): Promise<DocumentDto> {
  await db.transaction().execute(async (trx) => {
    const doc = await lockForEdit(trx, actor, id, input.version, 'edit');
    await checkTypeAndCategory(trx, input);
    const before = { title: doc.title, typeCode: doc.type_code, categoryId: doc.category_id, tags: doc.tags, documentDate: doc.document_date, counterparty: doc.counterparty };
    await trx
      .updateTable('archive_documents')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.typeCode !== undefined && { type_code: input.typeCode }),
        ...(input.categoryId !== undefined && { category_id: input.categoryId }),
        ...(input.tags !== undefined && { tags: cleanTags(input.tags) }),
        ...(input.documentDate !== undefined && { document_date: input.documentDate }),
        ...(input.counterparty !== undefined && { counterparty: input.counterparty }),
        ...(input.notes !== undefined && { notes: input.notes }),
        version: doc.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (input.customerIds !== undefined || input.contractIds !== undefined || input.orderIds !== undefined) {
      const current = await linkRows(trx, id);
      const keep = (field: keyof typeof ENTITY_OF) => input[field] ?? current.filter((l) => l.entity_type === ENTITY_OF[field]).map((l) => l.entity_id);
      const links = await resolveLinks(trx, actor, { customerIds: keep('customerIds'), contractIds: keep('contractIds'), orderIds: keep('orderIds') });
      await trx.deleteFrom('archive_document_links').where('document_id', '=', id).execute();
      if (links.length) await trx.insertInto('archive_document_links').values(links.map((l) => ({ document_id: id, ...l }))).execute();
    }
    await refreshSearchText(trx, id);
    await recordAudit(trx, actor, { action: 'archive_document.update', entityType: ARCHIVE_DOCUMENT, entityId: id, before, after: input });
  });
  return toDocumentDto(db, actor, (await findDocument(db, id))!);
}

/** Sets internal / confidential / secret (owner or admin). */
export async function setConfidentiality(db: Kysely<Database>, actor: Actor, id: string, level: DocumentRow['confidentiality'], version: number): Promise<DocumentDto> {
  await db.transaction().execute(async (trx) => {
    const doc = await lockForEdit(trx, actor, id, version, 'access');
    await trx.updateTable('archive_documents').set({ confidentiality: level, version: doc.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'archive_document.confidentiality', entityType: ARCHIVE_DOCUMENT, entityId: id, before: { level: doc.confidentiality }, after: { level } });
  });
  return toDocumentDto(db, actor, (await findDocument(db, id))!);
}

// ---------------------------------------------------------------- grants and history

type GrantRow = { id: string; user_id: string | null; role: string | null; granted_by: string | null; granted_at: Date; display_name: string | null };
const toGrantDto = (g: GrantRow) => ({ id: g.id, userId: g.user_id, userName: g.display_name, role: g.role, grantedBy: g.granted_by, grantedAt: iso(g.granted_at) });

async function loadForAccessAdmin(db: Db, actor: Actor, id: string): Promise<DocumentRow> {
  const { doc } = await loadVisible(db, actor, id);
  if (!isOwnerOrAdmin(actor, doc)) throw new AppError('forbidden', "Only the document's owner or an admin may see who has access");
  return doc;
}

export async function listGrants(db: Db, actor: Actor, id: string) {
  await loadForAccessAdmin(db, actor, id);
  const rows = await db
    .selectFrom('archive_document_grants as g')
    .leftJoin('users as u', 'u.id', 'g.user_id')
    .select(['g.id', 'g.user_id', 'g.role', 'g.granted_by', 'g.granted_at', 'u.display_name'])
    .where('g.document_id', '=', id)
    .orderBy('g.granted_at')
    .execute();
  return rows.map(toGrantDto);
}

/** Grants reading to a user or a role (owner or admin); granting twice is the same grant. */
export async function grantAccess(db: Kysely<Database>, actor: Actor, id: string, input: GrantInput) {
  return db.transaction().execute(async (trx) => {
    await lockForEdit(trx, actor, id, undefined, 'access');
    if (input.userId) {
      const u = await trx.selectFrom('users').select(['id', 'is_active']).where('id', '=', input.userId).executeTakeFirst();
      if (!u || !u.is_active) throw fieldError('userId', 'not_found', 'No such active user');
    }
    let grant = await trx
      .selectFrom('archive_document_grants')
      .select('id')
      .where('document_id', '=', id)
      .where((eb) => (input.userId ? eb('user_id', '=', input.userId) : eb('role', '=', input.role!)))
      .executeTakeFirst();
    if (!grant) {
      grant = await trx.insertInto('archive_document_grants').values({ document_id: id, user_id: input.userId ?? null, role: input.role ?? null, granted_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(trx, actor, { action: 'archive_document.grant', entityType: ARCHIVE_DOCUMENT, entityId: id, after: { grantId: grant.id, userId: input.userId ?? null, role: input.role ?? null } });
    }
    const row = await trx
      .selectFrom('archive_document_grants as g')
      .leftJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.id', 'g.user_id', 'g.role', 'g.granted_by', 'g.granted_at', 'u.display_name'])
      .where('g.id', '=', grant.id)
      .executeTakeFirstOrThrow();
    return toGrantDto(row);
  });
}

export async function revokeAccess(db: Kysely<Database>, actor: Actor, id: string, grantId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockForEdit(trx, actor, id, undefined, 'access');
    const g = await trx.deleteFrom('archive_document_grants').where('id', '=', grantId).where('document_id', '=', id).returning(['user_id', 'role']).executeTakeFirst();
    if (!g) throw notFound('archive_grant', grantId);
    await recordAudit(trx, actor, { action: 'archive_document.revoke', entityType: ARCHIVE_DOCUMENT, entityId: id, before: { grantId, userId: g.user_id, role: g.role } });
  });
}

/** Every view, download, preview, grant, revoke and change of the document, newest first (owner and admins). */
export async function accessHistory(db: Db, actor: Actor, id: string, q: { limit: number; before?: number }) {
  await loadForAccessAdmin(db, actor, id);
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.seq', 'a.at', 'a.action', 'a.actor_id', 'a.actor_label', 'a.before', 'a.after', 'u.display_name'])
    .where('a.entity_type', '=', ARCHIVE_DOCUMENT)
    .where('a.entity_id', '=', id)
    .orderBy('a.seq', 'desc')
    .limit(q.limit + 1);
  if (q.before) query = query.where('a.seq', '<', q.before);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({ at: iso(r.at), action: r.action, actorId: r.actor_id, actorName: r.display_name ?? r.actor_label, detail: r.after ?? r.before ?? null })),
    nextBefore: rows.length > q.limit ? Number(page[page.length - 1].seq) : null,
  };
}

// ---------------------------------------------------------------- lists and search

/** How long a snippet is, in characters either side of the match. */
const SNIPPET_RADIUS = 60;

export function snippetOf(text: string, terms: string[]): string | null {
  const lower = text.toLowerCase();
  let best = -1;
  let len = 0;
  for (const t of terms) {
    const at = lower.indexOf(t.toLowerCase());
    if (at >= 0 && (best < 0 || at < best)) {
      best = at;
      len = t.length;
    }
  }
  if (best < 0) return null;
  const start = Math.max(0, best - SNIPPET_RADIUS);
  const end = Math.min(text.length, best + len + SNIPPET_RADIUS);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

/** Query terms: white-space separated, each at most 100 characters, at most 8. */
export const termsOf = (q: string | undefined) => (q ?? '').split(/\s+/).map((t) => t.trim()).filter(Boolean).slice(0, 8).map((t) => t.slice(0, 100));

/** Totals above this are reported as "at least": counting every hit of a very common word would cost more than the page. */
export const COUNT_CAP = 1000;

/**
 * One search over title, metadata and extracted text: every term must occur (ILIKE,
 * answered by the trigram index for terms of 3+ characters; see docs/archive.md),
 * filtered, ranked — documents whose title holds the first term first (closest
 * title first), then the rest newest first — with the text around the first hit.
 * Counts only what the caller may see, up to COUNT_CAP.
 */
export async function searchDocuments(db: Db, actor: Actor, q: SearchQuery): Promise<{ items: SearchHitDto[]; total: number; totalIsCapped: boolean }> {
  const v = await archiveVisibility(db, actor);
  const terms = termsOf(q.q);
  const categories = q.categoryId ? (q.includeSubcategories === 'true' ? await subtreeIds(db, 'archive_categories', q.categoryId) : [q.categoryId]) : undefined;
  /**
   * The visible, filtered documents; `bodyTerms` are the terms matched against the whole search text. With
   * `walkByDate` no term may use the trigram index: for a term that occurs nearly everywhere, walking the
   * documents newest first and stopping at a full page beats rechecking every hit the index offers.
   */
  const filtered = (bodyTerms: string[], walkByDate = false) => {
    let base = visibleDocuments(db, v);
    for (const t of bodyTerms) {
      const pattern = likePattern(t.toLowerCase());
      // `|| ''` hides the column from the trigram index (which cannot help a 1–2 character term either).
      base = walkByDate || t.length < 3 ? base.where(sql<boolean>`(d.search_text || '') like ${pattern}`) : base.where('d.search_text', 'like', pattern);
    }
    if (q.type?.length) base = base.where('d.type_code', 'in', q.type);
    if (categories) base = base.where('d.category_id', 'in', categories);
    if (q.tag) base = base.where(sql<boolean>`d.tags @> array[${q.tag}]::text[]`);
    if (q.customerId) {
      const customerId = q.customerId;
      base = base.where((eb) =>
        eb.exists(eb.selectFrom('archive_document_links as fl').select(eb.lit(1).as('one')).whereRef('fl.document_id', '=', 'd.id').where('fl.entity_type', '=', 'customer').where('fl.entity_id', '=', customerId)),
      );
    }
    if (q.dateFrom) base = base.where('d.document_date', '>=', q.dateFrom);
    if (q.dateTo) base = base.where('d.document_date', '<=', q.dateTo);
    if (q.confidentiality) base = base.where('d.confidentiality', '=', q.confidentiality);
    return base;
  };
  const all = filtered(terms);
  /**
   * The newest `want` matches of a common term, found by walking the visible documents newest first in windows
   * (the date index) and checking the terms on each window by id. The planner cannot know that a LIKE matches
   * nearly every row, so left alone it would recheck every document and sort them all.
   */
  const newestMatching = async (want: number, matchesIn: (ids: string[]) => ReturnType<typeof filtered>) => {
    const found: (SummaryRow & { id: string })[] = [];
    for (let offset = 0, size = Math.max(200, want * 10); found.length < want; offset += size, size = Math.min(size * 4, 10_000)) {
      const window = await filtered([]).select('d.id').orderBy('d.document_date', (ob) => ob.desc().nullsLast()).orderBy('d.id', 'desc').limit(size).offset(offset).execute();
      if (window.length === 0) break;
      const hits = await matchesIn(window.map((w) => w.id))
        .select([...summaryColumns, 'cv.extraction_status'])
        .orderBy('d.document_date', (ob) => ob.desc().nullsLast())
        .orderBy('d.id', 'desc')
        .execute();
      found.push(...hits);
      if (window.length < size) break;
    }
    return found.slice(0, want);
  };
  const counted = await db
    .selectFrom(all.select('d.id').limit(COUNT_CAP + 1).as('hits'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const total = Math.min(Number(counted.n), COUNT_CAP);
  const want = q.offset + q.limit;
  let rows: (SummaryRow & { id: string })[];
  if (terms.length) {
    // Two ordered halves, each cut at offset + limit: title hits (through the title's trigram index; the title is part of
    // the search text, so the first term need not be looked for there again), then the others newest first (which
    // the date index can walk, stopping early, when a term is common).
    const [first, ...rest] = terms;
    const titleHits = await filtered(rest)
      .where('d.title', 'ilike', likePattern(first))
      .select([...summaryColumns, 'cv.extraction_status'])
      .orderBy(sql`similarity(d.title, ${first})`, 'desc')
      .orderBy('d.document_date', (ob) => ob.desc().nullsLast())
      .orderBy('d.id', 'desc')
      .limit(want)
      .execute();
    const isCommon = Number(counted.n) > COUNT_CAP;
    const notInTitle = likePattern(first);
    const bodyHits =
      titleHits.length >= want
        ? []
        : isCommon
          ? await newestMatching(want - titleHits.length, (ids) => filtered(terms, true).where('d.title', 'not ilike', notInTitle).where('d.id', 'in', ids))
          : await all
              .where('d.title', 'not ilike', notInTitle)
              .select([...summaryColumns, 'cv.extraction_status'])
              .orderBy('d.document_date', (ob) => ob.desc().nullsLast())
              .orderBy('d.id', 'desc')
              .limit(want - titleHits.length)
              .execute();
    rows = [...titleHits, ...bodyHits].slice(q.offset, want);
  } else {
    rows = await all
      .select([...summaryColumns, 'cv.extraction_status'])
      .orderBy('d.document_date', (ob) => ob.desc().nullsLast())
      .orderBy('d.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
  }
  const texts = terms.length ? await searchSources(db, rows.map((r) => r.id)) : new Map<string, string>();
  return {
    total,
    totalIsCapped: Number(counted.n) > COUNT_CAP,
    items: rows.map((r) => ({ ...toSummaryDto(r), snippet: terms.length ? snippetOf(texts.get(r.id) ?? '', terms) : null })),
  };
}

const LINKED_ENTITIES = { customer: 'customer', contract: 'contract', sales_order: 'sales_order' } as const;

/** The documents linked to a customer, contract or order that the caller may read (404 when the record itself is hidden). */
export async function listLinkedDocuments(db: Db, actor: Actor, entityType: keyof typeof LINKED_ENTITIES, entityId: string, q: { limit: number; offset: number }) {
  const v = await archiveVisibility(db, actor);
  if (!(await canReadEntity(db, actor, entityType, entityId))) {
    const table = { customer: 'customers', contract: 'contracts', sales_order: 'sales_orders' } as const;
    const exists = await db.selectFrom(table[entityType]).select('id').where('id', '=', entityId).executeTakeFirst();
    throw exists ? deniedAsNotFound(entityType, entityId) : notFound(entityType, entityId);
  }
  const base = visibleDocuments(db, v).where((eb) =>
    eb.exists(eb.selectFrom('archive_document_links as fl').select(eb.lit(1).as('one')).whereRef('fl.document_id', '=', 'd.id').where('fl.entity_type', '=', entityType).where('fl.entity_id', '=', entityId)),
  );
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([...summaryColumns, 'cv.extraction_status'])
    .orderBy('d.document_date', (ob) => ob.desc().nullsLast())
    .orderBy('d.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: Number(total), items: rows.map(toSummaryDto) };
}

/** Documents whose retention period has run out by `asOf` (document date + the type's months ≤ asOf), oldest first. */
export async function retentionDue(db: Db, actor: Actor, q: { asOf?: string; type?: string; limit: number; offset: number }) {
  const v = await archiveVisibility(db, actor);
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10);
  const due = sql<string>`(d.document_date + make_interval(months => t.retention_months))::date`;
  let base = visibleDocuments(db, v)
    .innerJoin('archive_document_types as t', 't.code', 'd.type_code')
    .where('t.retention_months', 'is not', null)
    .where('d.document_date', 'is not', null)
    .where(sql<boolean>`${due} <= ${asOf}::date`);
  if (q.type) base = base.where('d.type_code', '=', q.type);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([...summaryColumns, 'cv.extraction_status', 't.retention_months', sql<string>`to_char(${due}, 'YYYY-MM-DD')`.as('review_due')])
    .orderBy(due)
    .orderBy('d.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: Number(total), items: rows.map((r) => ({ ...toSummaryDto(r), retentionMonths: r.retention_months!, reviewDue: r.review_due })) };
}
