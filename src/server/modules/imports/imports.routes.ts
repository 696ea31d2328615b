import '@fastify/multipart';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { AppError } from '../../http/app-error';
import { actorOf } from '../../http/auth';
import { fileStores } from '../../platform/files/file-store';
import { uploadFile } from '../../platform/files/files.service';
import { requirePermission } from '../../platform/access/guard';
import { idParams, okResponse, pageOf } from '../../platform/schema/common.schema';
import {
  createImportBody,
  importBatchDto,
  importErrorDto,
  importKind,
  importOptions,
  listBatchesQuery,
  listErrorsQuery,
  previewDto,
  runImportBody,
  suggestBody,
  suggestMapping,
  templateBody,
  templateDto,
} from './imports.schema';
import {
  createBatch,
  deleteTemplate,
  dryRunBatch,
  getBatch,
  listBatches,
  listErrors,
  listTemplates,
  previewBatch,
  runBatch,
  saveTemplate,
  setImportFileStores,
  undoBatch,
} from './imports.service';

const created = z.object({ batch: importBatchDto, preview: previewDto });
const runResult = z.object({ batch: importBatchDto, queued: z.boolean(), errors: z.array(importErrorDto) });
const dryRunResult = z.object({ batch: importBatchDto, errors: z.array(importErrorDto) });
const previewQuery = z.object({ encoding: importOptions.shape.encoding.optional(), delimiter: importOptions.shape.delimiter.optional() }).strict();

export function importsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['imports'];
  const stores = fileStores(ctx.config.fileStore, path.join(ctx.config.dataDir, 'files'));
  setImportFileStores(stores);
  const limit = ctx.config.importLimitBytes;
  const tooLarge = () => new AppError('payload_too_large', `The file is larger than the import limit of ${Math.round(limit / 1024 / 1024)} MB`, { fields: [{ field: 'file', code: 'payload_too_large', message: 'too large' }] });

  r.post(
    '/api/v1/imports/upload',
    {
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file (multipart field "file") and start an import batch: returns the batch and a preview',
        querystring: z.object({ kind: importKind }).strict(),
        response: { 201: created },
      },
      // A declared size over the limit is refused before a byte of the body is read.
      onRequest: async (req) => {
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > limit + 64 * 1024) throw tooLarge();
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      requirePermission(actor, 'imports:run');
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data', { fields: [{ field: 'file', code: 'media_type', message: 'multipart/form-data expected' }] });
      const part = await req.file({ limits: { fileSize: limit, files: 1 } });
      if (!part) throw new AppError('validation_failed', 'No file in the request', { fields: [{ field: 'file', code: 'required', message: 'is required' }] });
      const file = await uploadFile(ctx.db(), stores, actor, { stream: part.file, filename: part.filename, purpose: 'import', limitBytes: limit, isTruncated: () => part.file.truncated }).catch((err) => {
        if (err instanceof AppError && err.code === 'unsupported_media_type') {
          const message = 'The file is neither an XLSX workbook nor CSV text in UTF-8 or GBK/GB18030 (wrong encoding, or not a spreadsheet)';
          throw new AppError('unsupported_media_type', message, { fields: [{ field: 'file', code: 'encoding', message }] });
        }
        throw err;
      });
      reply.code(201);
      return createBatch(ctx.db(), stores, actor, { kind: req.query.kind, fileId: file.id });
    },
  );

  r.post('/api/v1/imports', { schema: { tags, summary: 'Start an import batch from an uploaded file (purpose=import)', body: createImportBody, response: { 201: created } } }, async (req, reply) => {
    reply.code(201);
    return createBatch(ctx.db(), stores, actorOf(req), req.body);
  });

  r.get('/api/v1/imports', { schema: { tags, summary: 'Import history: every batch with its counts', querystring: listBatchesQuery, response: { 200: pageOf(importBatchDto) } } }, async (req) =>
    listBatches(ctx.db(), actorOf(req), req.query),
  );

  r.post('/api/v1/imports/suggest-mapping', { schema: { tags, summary: 'Suggest a column mapping from header names (English and Chinese)', body: suggestBody, response: { 200: z.object({ mapping: z.record(z.string(), z.string()) }) } } }, async (req) => {
    requirePermission(actorOf(req), 'imports:run');
    return { mapping: suggestMapping(req.body.kind, req.body.headers) };
  });

  r.get('/api/v1/imports/:id', { schema: { tags, summary: 'A batch, with its status and progress', params: idParams, response: { 200: importBatchDto } } }, async (req) => getBatch(ctx.db(), actorOf(req), req.params.id));

  r.get('/api/v1/imports/:id/preview', { schema: { tags, summary: "The first rows of the batch's file", params: idParams, querystring: previewQuery, response: { 200: previewDto } } }, async (req) =>
    previewBatch(ctx.db(), stores, actorOf(req), req.params.id, req.query),
  );

  r.get('/api/v1/imports/:id/errors', { schema: { tags, summary: 'The bad rows of a batch and why', params: idParams, querystring: listErrorsQuery, response: { 200: pageOf(importErrorDto) } } }, async (req) =>
    listErrors(ctx.db(), actorOf(req), req.params.id, req.query),
  );

  r.post('/api/v1/imports/:id/dry-run', { schema: { tags, summary: 'Check every row with a mapping; writes nothing but the error list', params: idParams, body: runImportBody, response: { 200: dryRunResult } } }, async (req) =>
    dryRunBatch(ctx.handle, actorOf(req), req.params.id, req.body),
  );

  r.post('/api/v1/imports/:id/run', { schema: { tags, summary: 'Import the batch (202 when it runs as a background job)', params: idParams, body: runImportBody, response: { 200: runResult, 202: runResult } } }, async (req, reply) => {
    const result = await runBatch(ctx.handle, actorOf(req), req.params.id, req.body);
    reply.code(result.queued ? 202 : 200);
    return result;
  });

  r.post('/api/v1/imports/:id/undo', { schema: { tags, summary: 'Undo a whole batch (refused while later records depend on it)', params: idParams, response: { 200: importBatchDto } } }, async (req) =>
    undoBatch(ctx.handle, actorOf(req), req.params.id),
  );

  r.get('/api/v1/import-templates', { schema: { tags, summary: 'Saved column mappings', querystring: z.object({ kind: importKind.optional() }).strict(), response: { 200: z.object({ items: z.array(templateDto) }) } } }, async (req) => ({
    items: await listTemplates(ctx.db(), actorOf(req), req.query.kind),
  }));

  r.post('/api/v1/import-templates', { schema: { tags, summary: 'Save a column mapping as a template (same kind and name: replaced)', body: templateBody, response: { 201: templateDto } } }, async (req, reply) => {
    reply.code(201);
    return saveTemplate(ctx.db(), actorOf(req), req.body);
  });

  r.delete('/api/v1/import-templates/:id', { schema: { tags, params: idParams, response: { 200: okResponse } } }, async (req) => {
    await deleteTemplate(ctx.db(), actorOf(req), req.params.id);
    return { ok: true as const };
  });
}
