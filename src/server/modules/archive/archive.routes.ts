import '@fastify/multipart';
import path from 'node:path';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { AppError, fieldError } from '../../http/app-error';
import { actorOf } from '../../http/auth';
import type { Actor } from '../../platform/access/actor';
import { requirePermission } from '../../platform/access/guard';
import { fileStores } from '../../platform/files/file-store';
import { EXPORT_DOCUMENTS, exportDocuments } from './archive.export';
import { stageUpload, type StagedUpload } from '../../platform/files/files.service';
import { idParams, okResponse } from '../../platform/schema/common.schema';
import {
  categoryDto,
  createCategoryBody,
  createTypeBody,
  documentDto,
  documentMetadata,
  documentTypeDto,
  grantBody,
  grantDto,
  grantParams,
  historyQuery,
  historyResult,
  linkedQuery,
  linkedResult,
  newVersionQuery,
  retentionQuery,
  retentionResult,
  searchQuery,
  exportDocumentsQuery,
  searchResult,
  setConfidentialityBody,
  typeParams,
  updateCategoryBody,
  updateDocumentBody,
  updateTypeBody,
  uploadResult,
  versionDto,
  versionParams,
  type DocumentMetadata,
} from './archive.schema';
import { archivePaperRoutes } from './archive.paper.routes';
import {
  accessHistory,
  addVersion,
  createCategory,
  createDocuments,
  createType,
  getDocument,
  grantAccess,
  listCategories,
  listGrants,
  listLinkedDocuments,
  listTypes,
  listVersions,
  openDocumentContent,
  retentionDue,
  revokeAccess,
  searchDocuments,
  setArchiveFileStores,
  setConfidentiality,
  updateCategory,
  updateDocument,
  updateType,
  type OpenedContent,
} from './archive.service';

/** At most this many files in one upload request. */
const MAX_FILES_PER_UPLOAD = 20;
const BAD_NAME = /[\\/\u0000-\u001F\u007F-\u009F]/;

/**
 * Reads a multipart upload: every "file" part staged (checked, not stored yet), the
 * "metadata" field parsed as JSON. Any bad part refuses the whole request and drops
 * what was staged, so nothing is half-stored.
 */
async function receiveUpload(req: FastifyRequest, actor: Actor, limitBytes: number, maxFiles: number): Promise<{ files: StagedUpload[]; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the files as multipart/form-data', { fields: [{ field: 'file', code: 'media_type', message: 'multipart/form-data expected' }] });
  const files: StagedUpload[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ preservePath: true, limits: { files: maxFiles, fileSize: limitBytes, parts: maxFiles + 10, fields: 10 } })) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') throw fieldError(part.fieldname, 'invalid', 'must be text');
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw fieldError(part.fieldname, 'unknown_field', 'Files go in fields named "file"');
      }
      const name = part.filename ?? '';
      if (!name.trim() || BAD_NAME.test(name)) {
        part.file.resume();
        const shown = name.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?').slice(0, 100);
        throw fieldError('file', 'invalid_name', `The file name "${shown}" must not be empty or contain path separators or control characters`);
      }
      files.push(await stageUpload(actor, { stream: part.file, filename: name, purpose: 'document', limitBytes, isTruncated: () => part.file.truncated }));
    }
  } catch (err) {
    await Promise.all(files.map((f) => f.discard()));
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw fieldError('file', 'too_many', `At most ${maxFiles} file(s) per request`);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', 'A file is larger than the upload limit', { fields: [{ field: 'file', code: 'payload_too_large', message: 'too large' }] });
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw fieldError('file', 'too_many_parts', 'Too many parts in the request');
    throw err;
  }
  if (files.length === 0) throw fieldError('file', 'required', 'is required');
  return { files, fields };
}

function parseMetadata(raw: string | undefined): DocumentMetadata {
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw fieldError('metadata', 'invalid_json', 'metadata must be a JSON object');
  }
  const parsed = documentMetadata.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: ['metadata', ...i.path.map(String)].join('.'), code: i.code, message: i.message }));
    throw new AppError('validation_failed', `Invalid metadata: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, { fields });
  }
  return parsed.data;
}

function sendContent(reply: FastifyReply, c: OpenedContent, disposition: 'attachment' | 'inline') {
  return reply
    .header('content-type', c.mime)
    .header('content-length', String(c.size))
    .header('content-disposition', contentDisposition(c.fileName, { type: disposition }))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .header('x-watermarked', c.watermarked ? 'true' : 'false')
    .send(c.stream);
}

export function archiveRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['archive'];
  const stores = fileStores(ctx.config.fileStore, path.join(ctx.config.dataDir, 'files'));
  setArchiveFileStores(stores);
  const limit = ctx.config.uploadLimitBytes;
  const base = '/api/v1/archive';

  // ---- types and categories
  r.get(`${base}/types`, { schema: { tags, summary: 'Document types with their retention periods', response: { 200: z.object({ items: z.array(documentTypeDto) }) } } }, async (req) => ({
    items: await listTypes(ctx.db(), actorOf(req)),
  }));
  r.post(`${base}/types`, { schema: { tags, summary: 'Add a document type (archive:manage)', body: createTypeBody, response: { 201: documentTypeDto } } }, async (req, reply) => {
    reply.code(201);
    return createType(ctx.db(), actorOf(req), req.body);
  });
  r.patch(`${base}/types/:code`, { schema: { tags, summary: 'Rename, re-time or retire a document type', params: typeParams, body: updateTypeBody, response: { 200: documentTypeDto } } }, async (req) =>
    updateType(ctx.db(), actorOf(req), req.params.code, req.body),
  );
  r.get(`${base}/categories`, { schema: { tags, summary: 'The category tree (flat, with parentId)', response: { 200: z.object({ items: z.array(categoryDto) }) } } }, async (req) => ({
    items: await listCategories(ctx.db(), actorOf(req)),
  }));
  r.post(`${base}/categories`, { schema: { tags, summary: 'Add a category (archive:manage)', body: createCategoryBody, response: { 201: categoryDto } } }, async (req, reply) => {
    reply.code(201);
    return createCategory(ctx.db(), actorOf(req), req.body);
  });
  r.patch(`${base}/categories/:id`, { schema: { tags, summary: 'Rename or move a category', params: idParams, body: updateCategoryBody, response: { 200: categoryDto } } }, async (req) =>
    updateCategory(ctx.db(), actorOf(req), req.params.id, req.body),
  );

  // ---- documents
  r.post(
    `${base}/documents`,
    {
      schema: {
        tags,
        summary: `Upload one or many files (multipart fields "file", up to ${MAX_FILES_PER_UPLOAD}) with a "metadata" JSON field; each file becomes a document`,
        response: { 201: uploadResult },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requirePermission(actor, 'archive:write');
      const { files, fields } = await receiveUpload(req, actor, limit, MAX_FILES_PER_UPLOAD);
      try {
        const unknown = Object.keys(fields).find((f) => f !== 'metadata');
        if (unknown) throw fieldError(unknown, 'unknown_field', 'Only "file" and "metadata" are accepted');
        const items = await createDocuments(ctx.db(), stores, actor, files, parseMetadata(fields.metadata));
        reply.code(201);
        return { items };
      } finally {
        await Promise.all(files.map((f) => f.discard()));
      }
    },
  );

  r.get(`${base}/documents`, { schema: { tags, summary: 'Search: one query over titles, metadata and extracted text, with filters; ranked, with snippets', querystring: searchQuery, response: { 200: searchResult } } }, async (req) =>
    searchDocuments(ctx.db(), actorOf(req), req.query),
  );

  r.get(
    `${base}/documents/export`,
    { schema: { tags, summary: `The documents list (search and filters) as CSV or XLSX, up to ${EXPORT_DOCUMENTS} rows`, querystring: exportDocumentsQuery } },
    async (req, reply) => {
      const f = await exportDocuments(ctx.db(), actorOf(req), req.query);
      return reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).send(f.body);
    },
  );

  r.get(`${base}/documents/retention-due`, { schema: { tags, summary: 'Documents whose retention period has run out (document date + type months ≤ asOf)', querystring: retentionQuery, response: { 200: retentionResult } } }, async (req) =>
    retentionDue(ctx.db(), actorOf(req), req.query),
  );

  r.get(`${base}/documents/:id`, { schema: { tags, summary: 'A document (each view is audited)', params: idParams, response: { 200: documentDto } } }, async (req) => getDocument(ctx.db(), actorOf(req), req.params.id));

  r.patch(`${base}/documents/:id`, { schema: { tags, summary: 'Edit metadata and links', params: idParams, body: updateDocumentBody, response: { 200: documentDto } } }, async (req) =>
    updateDocument(ctx.db(), actorOf(req), req.params.id, req.body),
  );

  r.post(`${base}/documents/:id/confidentiality`, { schema: { tags, summary: 'Set the confidentiality level (owner or admin)', params: idParams, body: setConfidentialityBody, response: { 200: documentDto } } }, async (req) =>
    setConfidentiality(ctx.db(), actorOf(req), req.params.id, req.body.level, req.body.version),
  );

  r.get(`${base}/documents/:id/versions`, { schema: { tags, summary: 'Every version, newest first', params: idParams, response: { 200: z.object({ items: z.array(versionDto) }) } } }, async (req) => ({
    items: await listVersions(ctx.db(), actorOf(req), req.params.id),
  }));

  r.post(
    `${base}/documents/:id/versions`,
    { schema: { tags, summary: 'Upload a new version (multipart field "file"); the old versions stay', params: idParams, querystring: newVersionQuery, response: { 201: documentDto } } },
    async (req, reply) => {
      const actor = actorOf(req);
      requirePermission(actor, 'archive:write');
      const { files, fields } = await receiveUpload(req, actor, limit, 1);
      try {
        const unknown = Object.keys(fields)[0];
        if (unknown) throw fieldError(unknown, 'unknown_field', 'Only "file" is accepted');
        const dto = await addVersion(ctx.db(), stores, actor, req.params.id, files[0], req.query.comment);
        reply.code(201);
        return dto;
      } finally {
        await Promise.all(files.map((f) => f.discard()));
      }
    },
  );

  r.get(`${base}/documents/:id/download`, { schema: { tags, summary: 'Download the current version (watermarked for non-owners when confidential)', params: idParams } }, async (req, reply) =>
    sendContent(reply, await openDocumentContent(ctx.db(), stores, actorOf(req), req.params.id, undefined, 'download'), 'attachment'),
  );
  r.get(`${base}/documents/:id/preview`, { schema: { tags, summary: 'Inline preview of the current version (PDF and images)', params: idParams } }, async (req, reply) =>
    sendContent(reply, await openDocumentContent(ctx.db(), stores, actorOf(req), req.params.id, undefined, 'preview'), 'inline'),
  );
  r.get(`${base}/documents/:id/versions/:versionNo/download`, { schema: { tags, summary: 'Download one version', params: versionParams } }, async (req, reply) =>
    sendContent(reply, await openDocumentContent(ctx.db(), stores, actorOf(req), req.params.id, req.params.versionNo, 'download'), 'attachment'),
  );

  // ---- confidentiality
  r.get(`${base}/documents/:id/grants`, { schema: { tags, summary: 'Who the document is granted to (owner and admins)', params: idParams, response: { 200: z.object({ items: z.array(grantDto) }) } } }, async (req) => ({
    items: await listGrants(ctx.db(), actorOf(req), req.params.id),
  }));
  r.post(`${base}/documents/:id/grants`, { schema: { tags, summary: 'Grant reading to a user or a role (owner or admin)', params: idParams, body: grantBody, response: { 201: grantDto } } }, async (req, reply) => {
    reply.code(201);
    return grantAccess(ctx.db(), actorOf(req), req.params.id, req.body);
  });
  r.delete(`${base}/documents/:id/grants/:grantId`, { schema: { tags, summary: 'Revoke a grant (owner or admin)', params: grantParams, response: { 200: okResponse } } }, async (req) => {
    await revokeAccess(ctx.db(), actorOf(req), req.params.id, req.params.grantId);
    return { ok: true as const };
  });
  r.get(`${base}/documents/:id/access-history`, { schema: { tags, summary: 'Views, downloads, grants and revocations (owner and admins)', params: idParams, querystring: historyQuery, response: { 200: historyResult } } }, async (req) =>
    accessHistory(ctx.db(), actorOf(req), req.params.id, req.query),
  );

  // ---- the paper register (locations, paper items, stocktakes)
  archivePaperRoutes(app, ctx, base);

  // ---- a record's documents
  for (const [segment, entityType] of [
    ['customers', 'customer'],
    ['contracts', 'contract'],
    ['orders', 'sales_order'],
  ] as const) {
    r.get(`${base}/${segment}/:id/documents`, { schema: { tags, summary: `The archived documents of a ${entityType.replace('_', ' ')} that the caller may read`, params: idParams, querystring: linkedQuery, response: { 200: linkedResult } } }, async (req) =>
      listLinkedDocuments(ctx.db(), actorOf(req), entityType, req.params.id, req.query),
    );
  }
}
