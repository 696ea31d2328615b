import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { visibleWhere, type ArchiveVisibility } from './archive.access';

export type Db = Kysely<Database> | Transaction<Database>;
export type Trx = Transaction<Database>;

export const findDocument = (db: Db, id: string) => db.selectFrom('archive_documents').selectAll().where('id', '=', id).executeTakeFirst();
export type DocumentRow = NonNullable<Awaited<ReturnType<typeof findDocument>>>;

export const lockDocument = (trx: Trx, id: string) => trx.selectFrom('archive_documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

/** Whether one document passes the visibility rule (the same SQL as every list). */
export async function isDocumentVisible(db: Db, v: ArchiveVisibility, id: string): Promise<boolean> {
  const row = await db.selectFrom('archive_documents as d').select('d.id').where('d.id', '=', id).where(visibleWhere(v)).executeTakeFirst();
  return row !== undefined;
}

export const versionRows = (db: Db, documentId: string) =>
  db
    .selectFrom('archive_document_versions as v')
    .innerJoin('files as f', 'f.id', 'v.file_id')
    .select(['v.id', 'v.version_no', 'v.file_id', 'v.comment', 'v.extraction_status', 'v.extraction_error', 'v.created_by', 'v.created_at', 'f.name as file_name', 'f.mime', 'f.size', 'f.sha256'])
    .where('v.document_id', '=', documentId)
    .orderBy('v.version_no', 'desc');
export type VersionRow = Awaited<ReturnType<ReturnType<typeof versionRows>['execute']>>[number];

export const linkRows = (db: Db, documentId: string) => db.selectFrom('archive_document_links').select(['entity_type', 'entity_id']).where('document_id', '=', documentId).execute();

/**
 * Everything one search looks through, in one column: number, title, counterparty,
 * tags, notes, the file name and the current version's text. A trigram index on it
 * answers substring queries in any language (see docs/archive.md). The column is kept
 * in lower case and searched with LIKE: ILIKE would lower-case every candidate's
 * whole text (kilobytes) on every query. `searchSource` is the same text as written,
 * for snippets.
 */
export function searchSource(doc: { number: string; title: string; counterparty: string; tags: string[]; notes: string }, fileName: string, extracted: string | null): string {
  return [doc.number, doc.title, doc.counterparty, doc.tags.join(' '), doc.notes, fileName, extracted ?? ''].filter(Boolean).join('\n');
}
export const buildSearchText = (...args: Parameters<typeof searchSource>) => searchSource(...args).toLowerCase();

/** The current version's file name and text with the metadata, for documents by id (snippets of one result page). */
export async function searchSources(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('archive_documents as d')
    .innerJoin('archive_document_versions as v', (j) => j.onRef('v.document_id', '=', 'd.id').onRef('v.version_no', '=', 'd.current_version'))
    .innerJoin('files as f', 'f.id', 'v.file_id')
    .select(['d.id', 'd.number', 'd.title', 'd.counterparty', 'd.tags', 'd.notes', 'f.name', 'v.extracted_text'])
    .where('d.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, searchSource(r, r.name, r.extracted_text)]));
}

/** Recomputes a document's search text from its metadata and current version. */
export async function refreshSearchText(db: Db, documentId: string): Promise<void> {
  const doc = await db.selectFrom('archive_documents').select(['number', 'title', 'counterparty', 'tags', 'notes', 'current_version']).where('id', '=', documentId).executeTakeFirstOrThrow();
  const v = await db
    .selectFrom('archive_document_versions as v')
    .innerJoin('files as f', 'f.id', 'v.file_id')
    .select(['f.name', 'v.extracted_text'])
    .where('v.document_id', '=', documentId)
    .where('v.version_no', '=', doc.current_version)
    .executeTakeFirstOrThrow();
  await db.updateTable('archive_documents').set({ search_text: buildSearchText(doc, v.name, v.extracted_text) }).where('id', '=', documentId).execute();
}

/** `%term%` for (I)LIKE with the wildcards of the term itself escaped. */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const summaryColumns = [
  'd.id',
  'd.number',
  'd.title',
  'd.type_code',
  'd.category_id',
  'd.tags',
  'd.document_date',
  'd.counterparty',
  'd.confidentiality',
  'd.owner_id',
  'd.current_version',
  'd.updated_at',
] as const;

/** The base of every document list: visible documents with their current version's extraction status. */
export function visibleDocuments(db: Db, v: ArchiveVisibility) {
  return db
    .selectFrom('archive_documents as d')
    .innerJoin('archive_document_versions as cv', (j) => j.onRef('cv.document_id', '=', 'd.id').onRef('cv.version_no', '=', 'd.current_version'))
    .where(visibleWhere(v));
}
