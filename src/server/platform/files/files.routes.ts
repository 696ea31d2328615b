import '@fastify/multipart';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context';
import { AppError } from '../../http/app-error';
import { actorOf } from '../../http/auth';
import { idParams, line, okResponse } from '../schema/common.schema';
import type { FileStores } from './file-store';
import { getFile, isPreviewable, linkFile, listEntityFiles, openFile, toFileDto, unlinkFile, uploadFile } from './files.service';

export const fileDto = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  purpose: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  canPreview: z.boolean(),
});

const entityRef = z.object({ entityType: line(50).pipe(z.string().min(1)), entityId: line(100).pipe(z.string().min(1)) }).strict();

export function filesRoutes(app: FastifyInstance, ctx: AppContext, store: FileStores) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['files'];

  r.post(
    '/api/v1/files',
    {
      schema: {
        tags,
        summary: 'Upload one file (multipart field "file"); optionally attach it to a record at once',
        querystring: z.object({ purpose: line(30).default('attachment'), entityType: line(50).optional(), entityId: line(100).optional() }).strict(),
        response: { 201: fileDto },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data', { fields: [{ field: 'file', code: 'media_type', message: 'multipart/form-data expected' }] });
      const part = await req.file({ limits: { fileSize: ctx.config.uploadLimitBytes, files: 1 } });
      if (!part) throw new AppError('validation_failed', 'No file in the request', { fields: [{ field: 'file', code: 'required', message: 'is required' }] });
      const { entityType, entityId, purpose } = req.query;
      if ((entityType && !entityId) || (!entityType && entityId)) {
        part.file.resume();
        throw new AppError('validation_failed', 'entityType and entityId go together', { fields: [{ field: entityType ? 'entityId' : 'entityType', code: 'required', message: 'is required' }] });
      }
      const dto = await uploadFile(ctx.db(), store, actor, {
        stream: part.file,
        filename: part.filename,
        purpose,
        link: entityType && entityId ? { type: entityType, id: entityId } : undefined,
        limitBytes: ctx.config.uploadLimitBytes,
        isTruncated: () => part.file.truncated,
      });
      reply.code(201);
      return dto;
    },
  );

  r.get('/api/v1/files', { schema: { tags, summary: "A record's files", querystring: entityRef, response: { 200: z.object({ items: z.array(fileDto) }) } } }, async (req) => ({
    items: await listEntityFiles(ctx.db(), actorOf(req), req.query.entityType, req.query.entityId),
  }));

  r.get('/api/v1/files/:id', { schema: { tags, params: idParams, response: { 200: fileDto } } }, async (req) => toFileDto(await getFile(ctx.db(), actorOf(req), req.params.id)));

  r.get('/api/v1/files/:id/download', { schema: { tags, summary: 'Download (as an attachment, with its UTF-8 name)', params: idParams } }, async (req, reply) => {
    const { file, stream } = await openFile(ctx.db(), store, actorOf(req), req.params.id, 'download');
    return reply
      .header('content-type', file.mime.startsWith('text/') ? file.mime : file.mime)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(file.name, { type: 'attachment' }))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(stream);
  });

  r.get('/api/v1/files/:id/preview', { schema: { tags, summary: 'Inline preview of images and PDFs', params: idParams } }, async (req, reply) => {
    const meta = await getFile(ctx.db(), actorOf(req), req.params.id);
    if (!isPreviewable(meta.mime)) throw new AppError('unsupported_media_type', 'Only images and PDFs can be previewed; download it instead');
    const { file, stream } = await openFile(ctx.db(), store, actorOf(req), req.params.id, 'preview');
    return reply
      .header('content-type', file.mime)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(file.name, { type: 'inline' }))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream);
  });

  r.post('/api/v1/files/:id/links', { schema: { tags, summary: 'Attach a file to a record', params: idParams, body: entityRef, response: { 200: okResponse } } }, async (req) => {
    // The file is named in the path here: one the caller may not see is a 404 (audited), not linkFile's 400 for a body field.
    await getFile(ctx.db(), actorOf(req), req.params.id);
    await linkFile(ctx.db(), actorOf(req), req.params.id, req.body.entityType, req.body.entityId);
    return { ok: true as const };
  });

  r.delete('/api/v1/files/:id/links', { schema: { tags, summary: 'Detach a file from a record', params: idParams, querystring: entityRef, response: { 200: okResponse } } }, async (req) => {
    await unlinkFile(ctx.db(), actorOf(req), req.params.id, req.query.entityType, req.query.entityId);
    return { ok: true as const };
  });
}
